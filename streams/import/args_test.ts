import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { type ImportOptions, parseImportArgs } from "./args.ts";

function options(args: string[], env = {}): ImportOptions {
  const parsed = parseImportArgs(args, env);
  if (parsed.help) assert.fail("expected options, not help");
  return parsed.options;
}

function usageError(args: string[]): string {
  try {
    parseImportArgs(args);
  } catch (error) {
    assert.ok(error instanceof AtlasError);
    assert.equal(error.code, "E7500");
    return error.message;
  }
  assert.fail(`no usage error for ${args.join(" ")}`);
}

Deno.test("parseImportArgs() takes the format, sources events from import://<format>, in batches of 50 runs", () => {
  assert.deepEqual(options(["/data/runs.jsonl", "--format", "anthropic"]), {
    input: "/data/runs.jsonl",
    target: { kind: "http", url: new URL("http://127.0.0.1:8080") },
    batch: 50,
    json: false,
    strict: false,
    format: "anthropic",
    source: "import://anthropic",
  });
});

Deno.test("parseImportArgs() takes replay's target and sending flags, an outcome and a source", () => {
  const parsed = options(
    [
      "-",
      "--format=openai-responses",
      "--outcome",
      "partial",
      "--source",
      "agent://support-bot",
      "--to",
      "kafka",
      "--brokers",
      "k1:9092",
      "--batch",
      "10",
      "--json",
    ],
    { ATLAS_TRACES_TOPIC: "traces" },
  );
  assert.deepEqual(parsed, {
    input: "-",
    target: { kind: "kafka", brokers: ["k1:9092"], topic: "traces", createTopic: false, compression: "none" },
    batch: 10,
    json: true,
    strict: false,
    format: "openai-responses",
    outcome: "partial",
    source: "agent://support-bot",
  });
});

Deno.test("parseImportArgs() asks for a known format and outcome", () => {
  assert.equal(usageError(["runs.jsonl"]), "--format is required: openai-chat|openai-responses|anthropic|otlp-json");
  assert.equal(
    usageError(["runs.jsonl", "--format", "gemini"]),
    '--format must be openai-chat|openai-responses|anthropic|otlp-json, got "gemini"',
  );
  assert.equal(
    usageError(["runs.jsonl", "--format", "anthropic", "--outcome", "won"]),
    '--outcome must be success|failure|partial|aborted, got "won"',
  );
  assert.equal(usageError(["--format", "anthropic"]), "expected one input file (or - for stdin)");
  assert.equal(
    usageError(["r.jsonl", "--format", "anthropic", "--to", "kafka", "--url", "http://x"]),
    "--url applies to --to http",
  );
  assert.deepEqual(parseImportArgs(["--help"]), { help: true });
});
