import assert from "node:assert/strict";
import { fakeLlm } from "../../llm/fake_llm.ts";
import { compileMemory } from "./compile.ts";
import { memoryExamples, rowsOf, rowStream } from "./memory_fixture.ts";
import { MemoryModel } from "./memory_model.ts";
import { memorySystem } from "./prompt.ts";

const snapshot = await compileMemory(rowStream(rowsOf(memoryExamples)), {
  baseModel: "claude-sonnet-5",
  fewShot: 2,
  dataset: { name: "react", version: "1.0.0", contentHash: "abc" },
});

Deno.test("MemoryModel.retrieve() puts the example about the same thing first", () => {
  const model = MemoryModel.load(snapshot);
  assert.equal(model.retrieve("Paramore is from Tennessee.")[0]?.taskKey, "fever:paramore");
  assert.equal(model.retrieve("i want green tea, price lower than 10.00 dollars")[0]?.taskKey, "webshop:tea");
  assert.equal(model.retrieve("Paramore is from Tennessee.").length, 2, "fewShot entries by default");
});

Deno.test("MemoryModel.retrieve() stays in the question's domain when it shares no word with it", () => {
  const model = MemoryModel.load(snapshot);
  const claim = model.retrieve("Ingrid Bergman was an actress.", 3);
  assert.deepEqual(claim.map((e) => e.domain), ["fact-verification", "fact-verification", "fact-verification"]);
  const order = model.retrieve("i need a wool scarf, price lower than 40.00 dollars", 3);
  assert.deepEqual(order.map((e) => e.domain), ["web-shopping", "web-shopping", "web-shopping"]);
  // Told the domain, it searches there even for a question of another form.
  assert.equal(model.retrieve("tea", 1, "fact-verification")[0]?.domain, "fact-verification");
});

Deno.test("MemoryModel.answer() offline is the nearest entry's output", async () => {
  const model = MemoryModel.load(snapshot);
  assert.match(await model.answer("Paramore is from Tennessee."), /Finish\[REFUTES\]/);
  const empty = MemoryModel.load({ ...snapshot, entries: [] });
  assert.equal(await empty.answer("anything"), "");
  assert.deepEqual(empty.retrieve("anything"), []);
});

Deno.test("MemoryModel.answer() asks the base model with the retrieved examples, plans and the new task", async () => {
  const llm = fakeLlm({ answer: "Action: Finish[SUPPORTS]" });
  const model = MemoryModel.load(snapshot, { llm });
  const question = "Paramore is from Tennessee.";
  assert.equal(await model.answer(question), "Action: Finish[SUPPORTS]");
  const [request] = llm.requests;
  assert.equal(request?.system, memorySystem);
  assert.equal(request?.prompt, model.promptFor(question));
  const prompt = request!.prompt;
  for (const entry of model.retrieve(question)) {
    assert.ok(prompt.includes(`Task: ${entry.input}`));
    assert.ok(prompt.includes(entry.output));
  }
  assert.ok(prompt.includes("Plan: search the band, read where it is from"));
  assert.ok(prompt.endsWith(`## New task\nTask: ${question}\nAnswer:`));
  assert.ok(!prompt.includes("green tea"), "no example from the other domain");
});
