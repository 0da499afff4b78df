import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { documentConceptSystemPrompt } from "../../llm/prompts/document_concept.ts";
import { type ConceptDraft, conceptId } from "./concept.ts";
import { fakeLlm } from "../../llm/fake_llm.ts";
import { llmDocument } from "./llm_document.ts";

const draft: ConceptDraft = {
  id: conceptId("javascript", "await mineBlock(bot, $1, $2);"),
  language: "javascript",
  template: "await mineBlock(bot, $1, $2);",
  holes: 2,
  frequency: 78,
  trajectories: ["v1", "v2", "v3"],
  examples: [{ trajectoryId: "v1", stepIndex: 0, source: 'await mineBlock(bot, "oak_log", 3);' }],
};

Deno.test("llmDocument() returns the model's name, signature and docs", async () => {
  const llm = fakeLlm({
    name: "mineBlockPattern",
    signature: "(block, count) => await mineBlock(bot, block, count)",
    docs: "Mines `count` blocks of type `block`,\n  collecting the drops.",
  });
  assert.deepEqual(await llmDocument(draft, llm), {
    name: "mineBlockPattern",
    signature: "(block, count) => await mineBlock(bot, block, count)",
    docs: "Mines `count` blocks of type `block`, collecting the drops.",
  });
  const request = llm.requests[0]!;
  assert.equal(request.purpose, "document_concept");
  assert.equal(request.system, documentConceptSystemPrompt);
  assert.match(request.prompt, /Template:\nawait mineBlock\(bot, \$1, \$2\);/);
  assert.match(request.prompt, /Seen 78 times in 3 trajectories\./);
  assert.match(request.prompt, /Example 1 \(trajectory v1, step 0\):\nawait mineBlock\(bot, "oak_log", 3\);/);
});

Deno.test("llmDocument() replaces a signature that leaves holes out with the rule-based one", async () => {
  const llm = fakeLlm({ name: "mine", signature: "(block) => await mineBlock(bot, block, 1)", docs: "Mines." });
  const docs = await llmDocument(draft, llm);
  assert.equal(docs.name, "mine");
  assert.equal(docs.signature, "(block, count) => await mineBlock(bot, block, count)");
});

Deno.test("llmDocument() fails with E7912 on an answer off the schema", async () => {
  const llm = fakeLlm({ name: "not an identifier", signature: "()", docs: "x" });
  await assert.rejects(llmDocument(draft, llm), (e) => e instanceof AtlasError && e.code === "E7912");
});
