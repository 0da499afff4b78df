/**
 * The 80 real tau2 runs as their team kept them (OpenAI Chat Completions messages,
 * `shared/data/messages/tau2.openai-chat.jsonl`) against the same runs as the
 * project's CloudEvents (`shared/data/events/tau2.events.jsonl`), trajectory by
 * trajectory: the ids are the same in both files.
 *
 * The events file was written from the same runs with a few deliberate
 * differences, which are asserted as such and nothing else:
 * - tool inputs there are the arguments re-serialized (`{"a": 1}`, with spaces),
 *   here the API's own text (`{"a":1}`): equal as JSON;
 * - its 12 results that open with `Error:` carry `status: "error"`; a Chat
 *   Completions tool message has no error flag, so ours do not (the learners'
 *   error markers read `Error:` the same);
 * - its tasks have an id, family and domain, its agent a name; the messages file
 *   keeps the task's text and the model only;
 * - its task texts are cut at 500 characters (6 of them are longer); the messages
 *   file keeps them whole, and so does the import;
 * - neither keeps the system prompt (the retail or telecom policy) as a step.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { StepBody } from "../trajectory.ts";
import { detectFormat } from "./detect_format.ts";
import { messageLogTrajectory } from "./message_log.ts";

const data = new URL("../../../shared/data/", import.meta.url);
const jsonLines = async (path: string) =>
  (await Deno.readTextFile(new URL(path, data))).split("\n").filter((line) => line.trim()).map((line) =>
    JSON.parse(line)
  );

const runs = await jsonLines("messages/tau2.openai-chat.jsonl");
const events = await jsonLines("events/tau2.events.jsonl");
const expected: Record<string, { steps: number; outcome: string; description: string }> = JSON.parse(
  await Deno.readTextFile(new URL("events/tau2.expected.json", data)),
);

/** Each trajectory's steps from the events, by index (a step delivered twice counted once). */
function eventSteps(): Map<string, StepBody[]> {
  const byTrajectory = new Map<string, Map<number, StepBody>>();
  for (const event of events) {
    if (event.type !== "atlas.trajectory.step") continue;
    const { trajectoryId, ...step } = event.data;
    if (!byTrajectory.has(trajectoryId)) byTrajectory.set(trajectoryId, new Map());
    byTrajectory.get(trajectoryId)!.set(step.index, step);
  }
  return new Map([...byTrajectory].map(([id, steps]) => [id, [...steps.values()].sort((a, b) => a.index - b.index)]));
}

const converted = runs.map((run) => messageLogTrajectory(run, { format: "openai-chat" }));

Deno.test("every tau2 run of the messages file converts, 2504 steps in all", () => {
  assert.equal(converted.length, 80);
  assert.equal(converted.reduce((sum, t) => sum + t.steps.length, 0), 2504);
  const kinds = Object.groupBy(converted.flatMap((t) => t.steps), (s) => s.kind);
  assert.deepEqual(
    Object.fromEntries(Object.entries(kinds).map(([kind, steps]) => [kind, steps?.length])),
    { message: 1492, tool_call: 506, tool_result: 506 },
  );
});

Deno.test("detectFormat() finds every tau2 run to be openai-chat", () => {
  assert.deepEqual(new Set(runs.map((run) => detectFormat(run.messages))), new Set(["openai-chat"]));
});

Deno.test("each converted tau2 run has the events file's steps: kinds, roles, tools, count and text", () => {
  const fromEvents = eventSteps();
  assert.deepEqual(new Set(converted.map((t) => t.trajectoryId)), new Set(fromEvents.keys()));
  let errorsMarkedThere = 0;
  for (const trajectory of converted) {
    const id = trajectory.trajectoryId;
    const theirs = fromEvents.get(id)!;
    const ours = trajectory.steps;
    assert.equal(ours.length, expected[id]!.steps, id);
    assert.deepEqual(ours.map((s) => s.index), theirs.map((s) => s.index), id);
    assert.deepEqual(
      ours.map((s) => [s.kind, s.role, s.tool?.name]),
      theirs.map((s) => [s.kind, s.role, s.tool?.name]),
      id,
    );
    for (const [i, step] of ours.entries()) {
      const their = theirs[i]!;
      if (step.kind === "tool_call") {
        assert.deepEqual(JSON.parse(step.tool!.input as string), JSON.parse(their.tool!.input as string), `${id}#${i}`);
      } else assert.equal(step.content, their.content, `${id}#${i}`);
      if (their.status === "error") {
        errorsMarkedThere++;
        assert.match(step.content, /^Error: /, `${id}#${i}`);
        assert.equal(step.status, undefined);
      } else assert.equal(step.status, their.status, `${id}#${i}`);
    }
  }
  assert.equal(errorsMarkedThere, 12);
});

Deno.test("each converted tau2 run has the events file's task text, model, outcome and score", () => {
  const completed = new Map(
    events.filter((e) => e.type === "atlas.trajectory.completed").map((e) => [e.data.trajectoryId, e.data]),
  );
  const models = new Map(
    events.filter((e) => e.type === "atlas.trajectory.started").map((e) => [e.data.trajectoryId, e.data.agent.model]),
  );
  let cut = 0;
  for (const trajectory of converted) {
    const id = trajectory.trajectoryId;
    const description = trajectory.task.description;
    if (description.length > 500) cut++;
    assert.equal(description.slice(0, 500), expected[id]!.description, id);
    assert.equal(trajectory.agent?.model, models.get(id), id);
    assert.equal(trajectory.outcome, expected[id]!.outcome, id);
    assert.deepEqual(
      { outcome: trajectory.outcome, score: trajectory.score },
      { outcome: completed.get(id).outcome, score: completed.get(id).score },
      id,
    );
  }
  assert.equal(converted.filter((t) => t.outcome === "success").length, 52);
  assert.equal(cut, 6);
});
