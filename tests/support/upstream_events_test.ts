import assert from "node:assert/strict";
import { decodeEvent } from "../../schemas/mod.ts";
import { readVoyagerSkills, upstreamEventsFromRuns } from "./upstream_events.ts";

Deno.test("upstreamEventsFromRuns() makes 3,000 valid events from the 500 FEVER and 500 WebShop runs", async () => {
  const events = await upstreamEventsFromRuns();
  assert.equal(events.length, 3_000);
  for (const event of events) {
    const decoded = decodeEvent(event);
    assert.ok(decoded.ok, `${event.type} ${event.id}: ${decoded.ok ? "" : decoded.error.message}`);
  }
  const count = (test: (e: (typeof events)[number]) => boolean) => events.filter(test).length;
  assert.equal(count((e) => String(e.data.executionId).startsWith("fever-")), 1_500);
  assert.equal(count((e) => String(e.data.executionId).startsWith("webshop-")), 1_500);
  for (const type of ["planning.completed", "execution.completed", "evaluation.completed"]) {
    assert.equal(count((e) => e.type === type), 1_000);
  }
  assert.equal(new Set(events.map((e) => e.id)).size, 3_000);
});

Deno.test("upstreamEventsFromRuns() gives identical events when run again", async () => {
  assert.deepEqual(await upstreamEventsFromRuns({ limit: 20 }), await upstreamEventsFromRuns({ limit: 20 }));
});

Deno.test("upstreamEventsFromRuns() carries the run's claim, transcript, plan and grade", async () => {
  const [plan, execution, evaluation] = await upstreamEventsFromRuns({ limit: 1 });
  assert.equal(execution!.type, "execution.completed");
  assert.deepEqual(execution!.data.tools, ["Search", "Finish"]);
  assert.equal(execution!.data.input, "Paramore is not from Tennessee.");
  const output = String(execution!.data.output);
  assert.match(output, /^Action: Search\[Paramore\]\nObservation: .*Franklin, Tennessee/);
  assert.match(output, /Action: Finish\[REFUTES\]\nAnswer: REFUTES$/);
  assert.doesNotMatch(output, /reward =/);
  assert.equal(plan!.data.output, "I should search for Paramore, and see if it is from Tennessee.");
  assert.equal(evaluation!.data.quality_score, 100);
  assert.equal(evaluation!.data.confidence, 1);
  assert.equal(evaluation!.data.evaluator, "env");
});

Deno.test("upstreamEventsFromRuns() plans WebShop runs from their think[...] actions", async () => {
  const events = await upstreamEventsFromRuns({ limit: 1 });
  const [plan, execution, evaluation] = events.slice(3);
  assert.equal(execution!.data.executionId, "webshop-fixed_0");
  assert.deepEqual(execution!.data.tools, ["search", "click"]);
  assert.match(String(plan!.data.output), /^B08H5DCD65 is long clip-in hair extension/);
  assert.equal(evaluation!.data.confidence, 0.9);
  assert.equal(evaluation!.data.quality_score, 0);
});

Deno.test("upstreamEventsFromRuns() honours limit, source and idPrefix", async () => {
  const events = await upstreamEventsFromRuns({ limit: 2, source: "urn:test", idPrefix: "t1-" });
  assert.equal(events.length, 12);
  assert.ok(events.every((e) => e.source === "urn:test" && String(e.data.executionId).startsWith("t1-")));
  const plain = await upstreamEventsFromRuns({ limit: 2 });
  assert.notEqual(events[0]!.id, plain[0]!.id);
});

Deno.test("readVoyagerSkills() reads the 158 skills of the three trials", async () => {
  const skills = await readVoyagerSkills();
  assert.equal(skills.length, 158);
  assert.ok(skills.every((s) => s.code.includes(`function ${s.name}`)));
});
