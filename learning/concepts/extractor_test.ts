import assert from "node:assert/strict";
import type { Trajectory } from "../trajectory.ts";
import type { Concept } from "./concept.ts";
import { bothExtractor, llmExtractor, type PatternExtractor, textExtractor } from "./extractor.ts";
import { fakeLlm } from "../../llm/fake_llm.ts";

const skill = (id: string, source: string): Trajectory => ({
  id,
  task: null,
  outcome: "success",
  score: 1,
  steps: [{ index: 0, kind: "action", content: source, code: { language: "javascript", source } }],
});

const trajectories = [
  skill("v1", 'async function a(bot) {\n  await mineBlock(bot, "oak_log", 3);\n  bot.chat("a");\n}'),
  skill("v2", 'async function b(bot) {\n  await mineBlock(bot, "coal_ore", 1);\n}'),
  skill("v3", 'async function c(bot) {\n  const n = 8;\n  await mineBlock(bot, "stone", n);\n}'),
];

const fixed = (concepts: Concept[]) => concepts.map((c) => [c.foundBy, c.name, c.template]);

Deno.test("textExtractor() returns documented concepts found by the text extractor", async () => {
  const extractor = textExtractor();
  assert.equal(extractor.name, "text");
  const [concept, ...rest] = await extractor.extract(trajectories);
  assert.equal(rest.length, 0);
  assert.deepEqual(fixed([concept!]), [["text", "mineBlockPattern", "await mineBlock(bot, $1, $2);"]]);
  assert.equal(concept!.signature, "(block, count) => await mineBlock(bot, block, count)");
  assert.deepEqual(concept!.trajectories, ["v1", "v2", "v3"]);
});

Deno.test("textExtractor() keeps a library concept's name and docs, with fresh counts", async () => {
  const [found] = await textExtractor().extract(trajectories);
  const library = [{ ...found!, name: "mineBlocks", docs: "Curated.", frequency: 1, trajectories: ["old"] }];
  const [again] = await textExtractor().extract(trajectories, library);
  assert.equal(again!.name, "mineBlocks");
  assert.equal(again!.docs, "Curated.");
  assert.equal(again!.frequency, 3);
});

Deno.test("bothExtractor() is the union, one concept per id, the model's words on a shared template", async () => {
  const llm = fakeLlm({
    concepts: [
      {
        name: "mineBlocks",
        template: "await mineBlock(bot,\n  $1, $2);",
        signature: "(kind, n) => await mineBlock(bot, kind, n)",
        docs: "Mines n blocks of a kind.",
        snippets: ["s1", "s2", "s3"],
      },
      {
        name: "skillFunction",
        template: "async function $1(bot) {\n  $2\n}",
        signature: "(name, body) => async function name(bot) { body }",
        docs: "A skill.",
        snippets: ["s1", "s2", "s3"],
      },
    ],
  });
  const extractor = bothExtractor(textExtractor(), llmExtractor(llm));
  assert.equal(extractor.name, "both");
  const concepts = await extractor.extract(trajectories);
  assert.deepEqual(fixed(concepts), [
    ["both", "mineBlocks", "await mineBlock(bot, $1, $2);"],
    ["llm", "skillFunction", "async function $1(bot) {\n  $2\n}"],
  ]);
  // The measured side's counts and examples stay.
  assert.equal(concepts[0]!.frequency, 3);
  assert.equal(concepts[0]!.examples[0]!.source, 'await mineBlock(bot, "oak_log", 3);');
});

Deno.test("bothExtractor() fails when one side fails, so the caller can fall back", async () => {
  const failing: PatternExtractor = { name: "llm", extract: () => Promise.reject(new Error("provider down")) };
  await assert.rejects(bothExtractor(textExtractor(), failing).extract(trajectories), /provider down/);
});
