import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import type { Llm, StructuredRequest } from "../../llm/llm.ts";
import { errorFixSystem } from "../../llm/prompts/error_fix.ts";
import type { ErrorPatternDraft } from "./cluster.ts";
import { suggestFixes } from "./suggest_fix.ts";

/** An Llm answering from a function of the request, validating as the real client does, recording requests. */
function fakeLlm(answer: (request: StructuredRequest<unknown>) => unknown) {
  const requests: StructuredRequest<unknown>[] = [];
  const llm: Llm = {
    model: "fake",
    structured<T>(request: StructuredRequest<T>): Promise<T> {
      requests.push(request as StructuredRequest<unknown>);
      const parsed = request.schema.safeParse(answer(request as StructuredRequest<unknown>));
      if (!parsed.success) return Promise.reject(new AtlasError("E7912", parsed.error.message));
      return Promise.resolve(parsed.data);
    },
  };
  return { llm, requests };
}

const pattern = (name: string, suggestedFix: string | null = null): ErrorPatternDraft => ({
  id: `ep-${name}`,
  family: "fact-verification",
  name,
  signature: String.raw`^\s*Invalid\s+action:\s+[\s\S]+?\s*$`,
  frequency: 12,
  distinctTrajectories: 4,
  suggestedFix,
  fixSource: suggestedFix === null ? null : "trajectory",
  examples: [
    {
      trajectoryId: "fever-3522",
      index: 8,
      text: "Invalid action: Finish[NOT ENOUGH INFO]",
      action: "Finish[NOT ENOUGH INFO]",
    },
    { trajectoryId: "fever-5671", index: 5, text: "Invalid action: login" },
  ],
  templates: ["Invalid action: Finish[<arg>]", "Invalid action: login"],
});

Deno.test("suggestFixes() asks the model only about patterns without a fix, and marks its answers", async () => {
  const { llm, requests } = fakeLlm(() => ({
    fixes: [{ pattern: 1, fix: "  Answer with Finish[SUPPORTS],\n Finish[REFUTES] or Finish[NOT ENOUGH INFO]. " }],
  }));
  const input = [
    pattern("known", "Runs that got past this error went on with Search[<arg>]."),
    pattern("Invalid action"),
  ];
  const out = await suggestFixes(input, llm);
  assert.equal(requests.length, 1);
  assert.deepEqual(out.map((p) => [p.name, p.fixSource]), [["known", "trajectory"], ["Invalid action", "model"]]);
  assert.equal(out[1]!.suggestedFix, "Answer with Finish[SUPPORTS], Finish[REFUTES] or Finish[NOT ENOUGH INFO].");
  assert.equal(input[1]!.suggestedFix, null, "the input is left as it was");
  const request = requests[0]!;
  assert.equal(request.purpose, "error_fix");
  assert.equal(request.system, errorFixSystem);
  assert.match(request.prompt, /^1 error pattern without a known fix:/);
  assert.match(request.prompt, /Pattern 1: Invalid action\n {2}family: fact-verification\n {2}seen 12 times in 4 runs/);
  assert.match(
    request.prompt,
    /- action: Finish\[NOT ENOUGH INFO\]\n {4}error: Invalid action: Finish\[NOT ENOUGH INFO\]/,
  );
  assert.match(request.prompt, /- error: Invalid action: login/);
});

Deno.test("suggestFixes() batches several patterns to one call", async () => {
  const { llm, requests } = fakeLlm((request) => {
    const count = request.prompt.match(/^Pattern \d+:/gm)!.length;
    return { fixes: Array.from({ length: count }, (_, i) => ({ pattern: i + 1, fix: `fix ${i + 1}` })) };
  });
  const out = await suggestFixes(["a", "b", "c", "d", "e"].map((n) => pattern(n)), llm, { batchSize: 2 });
  assert.equal(requests.length, 3);
  assert.deepEqual(out.map((p) => p.suggestedFix), ["fix 1", "fix 2", "fix 1", "fix 2", "fix 1"]);
});

Deno.test("suggestFixes() leaves a pattern the model left out without a fix", async () => {
  const { llm } = fakeLlm(() => ({ fixes: [{ pattern: 2, fix: "Use Lookup[] only after a Search[]." }] }));
  const out = await suggestFixes([pattern("a"), pattern("b")], llm);
  assert.deepEqual(out.map((p) => [p.suggestedFix, p.fixSource]), [[null, null], [
    "Use Lookup[] only after a Search[].",
    "model",
  ]]);
});

Deno.test("suggestFixes() makes no call when every pattern has a fix", async () => {
  const { llm, requests } = fakeLlm(() => ({ fixes: [] }));
  assert.equal((await suggestFixes([pattern("a", "do x")], llm)).length, 1);
  assert.equal((await suggestFixes([], llm)).length, 0);
  assert.equal(requests.length, 0);
});

Deno.test("suggestFixes() rejects a pattern number the batch does not have with E7912", async () => {
  const { llm } = fakeLlm(() => ({ fixes: [{ pattern: 3, fix: "invented" }] }));
  await assert.rejects(suggestFixes([pattern("a")], llm), (e: unknown) => {
    assert.ok(e instanceof AtlasError);
    assert.equal(e.code, "E7912");
    return true;
  });
});

Deno.test("suggestFixes() passes the port's errors on", async () => {
  const llm: Llm = { model: "fake", structured: () => Promise.reject(new AtlasError("E7701")) };
  await assert.rejects(
    suggestFixes([pattern("a")], llm),
    (e: unknown) => e instanceof AtlasError && e.code === "E7701",
  );
});
