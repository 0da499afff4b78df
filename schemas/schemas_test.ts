import assert from "node:assert/strict";
import type { AtlasError } from "../errors.ts";
import { type Decoded, decodeEvent, keyOf, readMessage } from "./mod.ts";

/** CONTRACT.md section 1, "Examples", verbatim. */
const contractExamples = [
  `{"specversion":"1.0","id":"e-1","source":"agent://fever-runner","type":"atlas.trajectory.started",
 "time":"2026-11-21T10:00:00Z","datacontenttype":"application/json",
 "data":{"trajectoryId":"fever-3687","task":{"id":"3687","description":"Paramore is not from Tennessee.",
 "family":"fact-verification","domain":"wikipedia"},"agent":{"name":"react","model":"text-davinci-002"}}}`,
  `{"specversion":"1.0","id":"e-2","source":"agent://fever-runner","type":"atlas.trajectory.step",
 "data":{"trajectoryId":"fever-3687","index":1,"kind":"action","content":"Search[Paramore]",
 "tool":{"name":"Search","input":"Paramore"}}}`,
  `{"specversion":"1.0","id":"e-3","source":"agent://fever-runner","type":"atlas.trajectory.step",
 "data":{"trajectoryId":"fever-3687","index":2,"kind":"observation","content":"Paramore is an American rock band from Franklin, Tennessee..."}}`,
  `{"specversion":"1.0","id":"e-4","source":"agent://fever-runner","type":"atlas.trajectory.completed",
 "data":{"trajectoryId":"fever-3687","outcome":"success","score":1}}`,
];

const eventsFolder = new URL("../../shared/data/events/", import.meta.url);

const envelope = { specversion: "1.0", id: "e-9", source: "test://schemas" };
const step = { trajectoryId: "t-1", index: 0, kind: "action", content: "search[x]" };
const l06 = { executionId: "exec-1", input: "q", output: "a", quality_score: 80, confidence: 0.5 };

function rejected(decoded: Decoded): AtlasError {
  assert.equal(decoded.ok, false, "expected the event to be rejected");
  return (decoded as Extract<Decoded, { ok: false }>).error;
}

function accepted(decoded: Decoded) {
  if (!decoded.ok) assert.fail(`expected the event to be accepted: ${decoded.error.message}`);
  return decoded.event;
}

/** Asserts an E7003 whose details name `path`. */
function assertInvalidAt(raw: unknown, path: string) {
  const error = rejected(decodeEvent(raw));
  assert.equal(error.code, "E7003");
  const details = error.details as { path: string; message: string }[];
  assert.ok(
    details.some((d) => d.path === path),
    `expected a problem at ${path}, got ${JSON.stringify(details)}`,
  );
}

Deno.test("decodeEvent() accepts every example event of CONTRACT section 1", () => {
  const events = contractExamples.map((text) => accepted(decodeEvent(JSON.parse(text))));
  assert.deepEqual(events.map((e) => e.type), [
    "atlas.trajectory.started",
    "atlas.trajectory.step",
    "atlas.trajectory.step",
    "atlas.trajectory.completed",
  ]);
  assert.deepEqual(events.map(keyOf), ["fever-3687", "fever-3687", "fever-3687", "fever-3687"]);
  const first = events[0]!;
  assert.equal(first.time, "2026-11-21T10:00:00Z");
  assert.equal(first.type === "atlas.trajectory.started" && first.data.task.family, "fact-verification");
});

Deno.test("decodeEvent() accepts the real events of every dataset in shared/data/events", async () => {
  const files: string[] = [];
  for await (const entry of Deno.readDir(eventsFolder)) {
    if (entry.isFile && entry.name.endsWith(".events.jsonl")) files.push(entry.name);
  }
  assert.ok(files.length >= 4, `expected the datasets in ${eventsFolder.pathname}, found ${files}`);
  for (const name of files.sort()) {
    const all = (await Deno.readTextFile(new URL(name, eventsFolder))).split("\n").filter((l) => l.trim());
    const whole = name === "voyager.events.jsonl" || name === "webshop-whole.events.jsonl";
    const lines = whole ? all : all.slice(0, 500);
    assert.ok(lines.length > 0, `${name} is empty`);
    lines.forEach((line, i) => {
      const decoded = decodeEvent(JSON.parse(line));
      if (!decoded.ok) assert.fail(`${name} line ${i + 1}: ${decoded.error.code} ${decoded.error.message}`);
    });
  }
});

Deno.test("decodeEvent() accepts a whole trajectory, an evaluation and the upstream layers' events", () => {
  const whole = accepted(decodeEvent({
    ...envelope,
    type: "atlas.trajectory",
    data: {
      trajectoryId: "t-1",
      task: { description: "buy a clip" },
      steps: [{ index: 0, kind: "action", content: "reset" }, { index: 1, kind: "observation", content: "ok" }],
      outcome: "success",
      score: 0.5,
    },
  }));
  assert.equal(keyOf(whole), "t-1");
  accepted(decodeEvent({
    ...envelope,
    type: "atlas.evaluation.completed",
    data: { trajectoryId: "t-1", qualityScore: 100, confidence: 1, dimensions: { accuracy: 0.9 } },
  }));
  const execution = accepted(decodeEvent({
    ...envelope,
    type: "execution.completed",
    data: { trace_id: "trace-7", input: {}, output: "x" },
  }));
  assert.equal(keyOf(execution), "trace-7");
  const evaluation = accepted(decodeEvent({ ...envelope, type: "evaluation.completed", data: l06 }));
  assert.equal(keyOf(evaluation), "exec-1");
});

Deno.test("decodeEvent() accepts RFC 3339 times with an offset and fractions, and keeps extension attributes", () => {
  const event = accepted(decodeEvent({
    ...envelope,
    type: "atlas.trajectory.step",
    time: "2026-11-21T10:00:00.123+02:00",
    traceparent: "00-abc-01",
    data: step,
  }));
  assert.equal((event as unknown as Record<string, unknown>).traceparent, "00-abc-01");
});

Deno.test("decodeEvent() rejects what is not a CloudEvents 1.0 event with E7002", () => {
  const cases: [string, unknown][] = [
    ["a number", 42],
    ["null", null],
    ["a string", "hello"],
    ["an array", [{ ...envelope, type: "atlas.trajectory.step", data: step }]],
    ["no specversion", { id: "e", source: "s", type: "atlas.trajectory.step", data: step }],
    ['specversion "0.3"', { ...envelope, specversion: "0.3", type: "atlas.trajectory.step", data: step }],
    ["specversion 1", { ...envelope, specversion: 1, type: "atlas.trajectory.step", data: step }],
    ["no id", { specversion: "1.0", source: "s", type: "atlas.trajectory.step", data: step }],
    ["an empty id", { ...envelope, id: "", type: "atlas.trajectory.step", data: step }],
    ["no source", { specversion: "1.0", id: "e", type: "atlas.trajectory.step", data: step }],
    ["no type", { ...envelope, data: step }],
    ["a time that is not RFC 3339", { ...envelope, type: "atlas.trajectory.step", time: "yesterday", data: step }],
  ];
  for (const [what, raw] of cases) {
    const error = rejected(decodeEvent(raw));
    assert.equal(error.code, "E7002", `${what}: ${error.message}`);
    assert.equal(error.status, 400);
  }
});

Deno.test("decodeEvent() names the missing attribute in an E7002", () => {
  const error = rejected(decodeEvent({ specversion: "1.0", id: "e", type: "atlas.trajectory.step", data: step }));
  const details = error.details as { path: string }[];
  assert.ok(details.some((d) => d.path === "source"), JSON.stringify(details));
});

Deno.test("decodeEvent() rejects an unknown type with E7004", () => {
  const error = rejected(decodeEvent({ ...envelope, type: "com.example.other", data: {} }));
  assert.equal(error.code, "E7004");
  assert.match(error.message, /com\.example\.other/);
});

Deno.test("decodeEvent() rejects bad data with E7003 and the path of the problem", () => {
  const t = (type: string, data: unknown) => ({ ...envelope, type, data });
  assertInvalidAt(t("atlas.trajectory.step", { ...step, index: -1 }), "data.index");
  assertInvalidAt(t("atlas.trajectory.step", { ...step, index: 1.5 }), "data.index");
  assertInvalidAt(t("atlas.trajectory.step", { ...step, kind: "dream" }), "data.kind");
  assertInvalidAt(t("atlas.trajectory.step", { ...step, role: "robot" }), "data.role");
  assertInvalidAt(t("atlas.trajectory.step", { index: 0, kind: "action", content: "x" }), "data.trajectoryId");
  assertInvalidAt(
    t("atlas.trajectory.completed", { trajectoryId: "t-1", outcome: "success", score: 1.5 }),
    "data.score",
  );
  assertInvalidAt(t("atlas.trajectory.completed", { trajectoryId: "t-1", outcome: "won" }), "data.outcome");
  assertInvalidAt(t("atlas.trajectory.started", { trajectoryId: "t-1" }), "data.task");
  assertInvalidAt(
    t("atlas.trajectory", { trajectoryId: "t-1", task: { description: "d" }, outcome: "success", steps: [{}] }),
    "data.steps.0.index",
  );
  assertInvalidAt(
    t("atlas.evaluation.completed", { trajectoryId: "t-1", qualityScore: 101, confidence: 0.5 }),
    "data.qualityScore",
  );
  assertInvalidAt(
    t("atlas.evaluation.completed", { trajectoryId: "t-1", qualityScore: 50, confidence: 1.1 }),
    "data.confidence",
  );
  const { executionId: _, ...noId } = l06;
  assertInvalidAt(t("evaluation.completed", noId), "data.executionId");
  assertInvalidAt(t("evaluation.completed", { ...l06, quality_score: 101 }), "data.quality_score");
  assertInvalidAt(t("execution.completed", { input: 1, output: 2 }), "data.executionId");
  assertInvalidAt(t("atlas.trajectory.step", undefined), "data");
});

Deno.test("readMessage() reads a binary-mode Kafka message from its ce_ headers", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  const raw = readMessage(JSON.stringify(step), {
    ce_specversion: bytes("1.0"),
    ce_id: bytes("e-5"),
    ce_source: bytes("agent://kafka"),
    ce_type: bytes("atlas.trajectory.step"),
    ce_time: bytes("2026-11-21T10:00:00Z"),
    "content-type": bytes("application/json"),
    "other-header": bytes("ignored"),
  });
  assert.deepEqual(raw, {
    specversion: "1.0",
    id: "e-5",
    source: "agent://kafka",
    type: "atlas.trajectory.step",
    time: "2026-11-21T10:00:00Z",
    datacontenttype: "application/json",
    data: step,
  });
  const event = accepted(decodeEvent(raw));
  assert.equal(event.type, "atlas.trajectory.step");
  assert.equal(keyOf(event), "t-1");
});

Deno.test("readMessage() reads a binary-mode HTTP request from its ce- headers, whatever their case", () => {
  const raw = readMessage(JSON.stringify(step), {
    "Ce-Specversion": "1.0",
    "ce-id": "e-6",
    "CE-SOURCE": "agent://http",
    "ce-type": "atlas.trajectory.step",
    "Content-Type": "application/json",
  });
  const event = accepted(decodeEvent(raw));
  assert.equal(event.id, "e-6");
  assert.equal(event.source, "agent://http");
  assert.equal(event.datacontenttype, "application/json");
});

Deno.test("readMessage() reads structured mode when there is no ce specversion header", () => {
  const structured = { ...envelope, type: "atlas.trajectory.step", data: step };
  assert.deepEqual(
    readMessage(JSON.stringify(structured), { "content-type": "application/cloudevents+json" }),
    structured,
  );
  assert.deepEqual(readMessage(JSON.stringify(structured)), structured);
});

Deno.test("readMessage() throws SyntaxError on invalid JSON, in both modes", () => {
  assert.throws(() => readMessage("{not json"), SyntaxError);
  assert.throws(() => readMessage(""), SyntaxError);
  assert.throws(
    () => readMessage("{not json", { ce_specversion: "1.0", ce_id: "e", ce_source: "s", ce_type: "t" }),
    SyntaxError,
  );
});
