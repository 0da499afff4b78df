import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { parseReplayArgs, type ReplayOptions } from "./args.ts";

function options(args: string[], env = {}): ReplayOptions {
  const parsed = parseReplayArgs(args, env);
  assert.equal(parsed.help, false);
  if (parsed.help) throw new Error("unreachable");
  return parsed.options;
}

function usageError(args: string[], env = {}): string {
  try {
    parseReplayArgs(args, env);
  } catch (error) {
    assert.ok(error instanceof AtlasError);
    assert.equal(error.code, "E7500");
    return error.message;
  }
  assert.fail(`no usage error for ${args.join(" ")}`);
}

Deno.test("parseReplayArgs() defaults to http on 127.0.0.1:8080 in batches of 500", () => {
  assert.deepEqual(options(["events.jsonl"]), {
    input: "events.jsonl",
    target: { kind: "http", url: new URL("http://127.0.0.1:8080") },
    batch: 500,
    json: false,
    strict: false,
  });
});

Deno.test("parseReplayArgs() takes every option", () => {
  assert.deepEqual(
    options([
      "-",
      "--url",
      "http://atlas:9000",
      "--token",
      "T",
      "--batch",
      "50",
      "--rate",
      "2.5",
      "--json",
      "--strict",
    ]),
    {
      input: "-",
      target: { kind: "http", url: new URL("http://atlas:9000"), token: "T" },
      batch: 50,
      rate: 2.5,
      json: true,
      strict: true,
    },
  );
});

Deno.test("parseReplayArgs() chooses kafka when brokers are given or in the environment", () => {
  assert.deepEqual(options(["f", "--brokers", "a:9092, b:9092", "--create-topic"]).target, {
    kind: "kafka",
    brokers: ["a:9092", "b:9092"],
    topic: "atlas.traces",
    createTopic: true,
    compression: "none",
  });
  assert.deepEqual(options(["f"], { KAFKA_BROKERS: "k:9092", ATLAS_TRACES_TOPIC: "traces" }).target, {
    kind: "kafka",
    brokers: ["k:9092"],
    topic: "traces",
    createTopic: false,
    compression: "none",
  });
  assert.deepEqual(options(["f", "--to", "kafka"]).target, {
    kind: "kafka",
    brokers: ["127.0.0.1:9092"],
    topic: "atlas.traces",
    createTopic: false,
    compression: "none",
  });
});

Deno.test("parseReplayArgs() takes the codec to produce with", () => {
  for (const codec of ["none", "gzip", "snappy", "lz4", "zstd"]) {
    const { target } = options(["f", "--to", "kafka", "--compression", codec]);
    assert.equal(target.kind === "kafka" && target.compression, codec);
  }
});

Deno.test("parseReplayArgs() prefers --url to KAFKA_BROKERS, and --token to ATLAS_API_TOKEN", () => {
  const env = { KAFKA_BROKERS: "k:9092", ATLAS_API_TOKEN: "from-env" };
  assert.deepEqual(options(["f", "--url", "http://h:1"], env).target, {
    kind: "http",
    url: new URL("http://h:1"),
    token: "from-env",
  });
  assert.deepEqual(options(["f", "--to", "http", "--token", "flag"], env).target, {
    kind: "http",
    url: new URL("http://127.0.0.1:8080"),
    token: "flag",
  });
  // An empty variable is an unset one.
  assert.equal(options(["f"], { KAFKA_BROKERS: "", ATLAS_API_TOKEN: "" }).target.kind, "http");
});

Deno.test("parseReplayArgs() answers help", () => {
  assert.deepEqual(parseReplayArgs(["--help"]), { help: true });
  assert.deepEqual(parseReplayArgs(["-h", "ignored.jsonl"]), { help: true });
});

Deno.test("parseReplayArgs() refuses what it cannot honour, with E7500", () => {
  assert.match(usageError([]), /expected one input file/);
  assert.match(usageError(["a", "b"]), /expected one input file/);
  assert.match(usageError(["f", "--nope"]), /Unknown option '--nope'/);
  assert.match(usageError(["f", "--batch"]), /argument missing/);
  assert.match(usageError(["f", "--batch", "0"]), /--batch must be a positive integer, got "0"/);
  assert.match(usageError(["f", "--batch", "1.5"]), /--batch must be a positive integer/);
  assert.match(usageError(["f", "--rate=-3"]), /--rate must be a positive number/);
  assert.match(usageError(["f", "--rate", "fast"]), /--rate must be a positive number/);
  assert.match(usageError(["f", "--to", "ftp"]), /--to must be http or kafka/);
  assert.match(usageError(["f", "--url", "ftp://h"]), /--url must be an http\(s\) URL/);
  assert.match(usageError(["f", "--url", "not a url"]), /--url must be an http\(s\) URL/);
  assert.match(usageError(["f", "--to", "kafka", "--url", "http://h"]), /--url applies to --to http/);
  assert.match(usageError(["f", "--url", "http://h", "--topic", "t"]), /--topic applies to --to kafka/);
  assert.match(usageError(["f", "--url", "http://h", "--compression", "lz4"]), /--compression applies to --to kafka/);
  assert.match(
    usageError(["f", "--to", "kafka", "--compression", "brotli"]),
    /--compression must be one of none, gzip/,
  );
  assert.match(usageError(["f", "--brokers", " , "]), /--brokers is empty/);
  assert.match(usageError(["f", "--brokers", "a:9092,kafka"]), /a broker is host:port, got "kafka"/);
  assert.match(usageError(["f"], { KAFKA_BROKERS: "::1:9092" }), /a broker is host:port, got "::1:9092"/);
  assert.deepEqual(options(["f", "--brokers", "[::1]:9092"]).target, {
    kind: "kafka",
    brokers: ["[::1]:9092"],
    topic: "atlas.traces",
    createTopic: false,
    compression: "none",
  });
});
