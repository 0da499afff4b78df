import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { conceptsPrompt } from "../../llm/prompts/concepts.ts";
import type { Trajectory } from "../trajectory.ts";
import { conceptId } from "./concept.ts";
import { fakeLlm } from "../../llm/fake_llm.ts";
import { extractLlmConcepts } from "./llm_extractor.ts";

const skill = (id: string, source: string): Trajectory => ({
  id,
  task: null,
  outcome: "success",
  score: 1,
  steps: [{ index: 0, kind: "action", content: source, code: { language: "javascript", source } }],
});

const trajectories = [
  skill("v1", 'async function a(bot) {\n  await mineBlock(bot, "oak_log", 3);\n}'),
  skill("v2", 'async function b(bot) {\n  await mineBlock(bot, "coal_ore", 1);\n}'),
  skill("v3", 'async function c(bot) {\n  await mineBlock(bot, "stone", 8);\n}'),
];

const mineBlock = {
  name: "mineBlockPattern",
  template: "await mineBlock(bot, $1, $2);",
  signature: "(block, count) => await mineBlock(bot, block, count)",
  docs: "Mines count blocks of the named kind.",
  snippets: ["s1", "[s2]", "s3"],
};

Deno.test("extractLlmConcepts() sends labelled snippets and builds concepts from the answer", async () => {
  const llm = fakeLlm({ concepts: [mineBlock] });
  const [concept, ...rest] = await extractLlmConcepts(llm, trajectories);
  assert.equal(rest.length, 0);
  assert.deepEqual(concept, {
    id: conceptId("javascript", "await mineBlock(bot, $1, $2);"),
    language: "javascript",
    template: "await mineBlock(bot, $1, $2);",
    holes: 2,
    frequency: 3,
    trajectories: ["v1", "v2", "v3"],
    examples: trajectories.map((t) => ({ trajectoryId: t.id, stepIndex: 0, source: t.steps[0]!.content })),
    name: "mineBlockPattern",
    signature: "(block, count) => await mineBlock(bot, block, count)",
    docs: "Mines count blocks of the named kind.",
    foundBy: "llm",
  });
  const request = llm.requests[0]!;
  assert.equal(request.purpose, "concepts");
  assert.match(request.system, /at least 3\s+different trajectories/);
  assert.match(request.prompt, /\[s2\] trajectory v2, step 0, javascript\nasync function b\(bot\)/);
});

Deno.test("extractLlmConcepts() rejects an answer citing a snippet that was not sent (E7912)", async () => {
  const llm = fakeLlm({ concepts: [{ ...mineBlock, snippets: ["s1", "s9"] }] });
  await assert.rejects(
    extractLlmConcepts(llm, trajectories),
    (e) => e instanceof AtlasError && e.code === "E7912" && /s9/.test(e.message),
  );
});

Deno.test("extractLlmConcepts() drops concepts seen in too few trajectories or already in the library", async () => {
  const narrow = fakeLlm({ concepts: [{ ...mineBlock, snippets: ["s1", "s2"] }] });
  assert.deepEqual(await extractLlmConcepts(narrow, trajectories), []);
  assert.equal((await extractLlmConcepts(narrow, trajectories, [], { minTrajectories: 2 })).length, 1);
  const [known] = await extractLlmConcepts(fakeLlm({ concepts: [mineBlock] }), trajectories);
  const again = fakeLlm({ concepts: [mineBlock] });
  assert.deepEqual(await extractLlmConcepts(again, trajectories, [known!]), []);
  assert.match(
    again.requests[0]!.prompt,
    /^Already in the library:\n- mineBlockPattern: await mineBlock\(bot, \$1, \$2\);/,
  );
});

Deno.test("extractLlmConcepts() makes no call when there is no code", async () => {
  const llm = fakeLlm({ concepts: [] });
  const prose: Trajectory = {
    id: "p",
    task: null,
    outcome: null,
    score: null,
    steps: [{ index: 0, kind: "action", content: "Search[x]" }],
  };
  assert.deepEqual(await extractLlmConcepts(llm, [prose]), []);
  assert.equal(llm.requests.length, 0);
});

Deno.test("conceptsPrompt() caps each snippet and the whole, taking trajectories in turn", () => {
  const blocks = ["a", "a", "b", "c"].map((id, i) => ({
    trajectoryId: id,
    stepIndex: i,
    language: "python" as const,
    source: `x${i} = ${"1".repeat(50)}`,
  }));
  const { prompt, snippets, omitted } = conceptsPrompt(blocks, { maxSnippetChars: 20, maxChars: 200 });
  // Round robin: a, b, c before the second block of a, which no longer fits.
  assert.deepEqual([...snippets.values()].map((b) => `${b.trajectoryId}${b.stepIndex}`), ["a0", "b2", "c3"]);
  assert.equal(omitted, 1);
  assert.match(prompt, /\[s1\] trajectory a, step 0, python\nx0 = 1{15}\n\[\.\.\.\]/);
  assert.match(prompt, /\(1 more snippets left out for length\.\)$/);
});
