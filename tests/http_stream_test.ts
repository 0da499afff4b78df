/**
 * `GET /v1/events/stream`: trajectory state changes as Server-Sent Events, filtered
 * by trajectory, ended by the client or by the runtime stopping.
 *
 * @module
 */
import assert from "node:assert/strict";
import { postEvents, run, started } from "./support/events.ts";
import { httpRuntime } from "./support/http_runtime.ts";

interface Frame {
  event?: string;
  id?: string;
  data?: string;
  comment?: string;
}

/** Reads SSE frames off a response body until `enough` says so, or fails after `timeoutMs`. */
async function readFrames(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  enough: (frames: Frame[]) => boolean,
  timeoutMs = 10_000,
): Promise<Frame[]> {
  const decoder = new TextDecoder();
  const frames: Frame[] = [];
  let buffer = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not enough frames after ${timeoutMs} ms: ${buffer}`)), timeoutMs);
  });
  try {
    while (!enough(frames)) {
      const { done, value } = await Promise.race([reader.read(), timeout]);
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        frames.push(parseFrame(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
      }
    }
    return frames;
  } finally {
    clearTimeout(timer);
  }
}

function parseFrame(text: string): Frame {
  const frame: Frame = {};
  for (const line of text.split("\n")) {
    if (line.startsWith(":")) frame.comment = line.slice(1).trim();
    else {
      const [field, ...rest] = line.split(": ");
      frame[field as "event" | "id" | "data"] = rest.join(": ");
    }
  }
  return frame;
}

Deno.test("GET /v1/events/stream sends one trajectory's state changes as they become durable", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    const res = await app.request("/v1/events/stream?trajectoryId=t-sse");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("Content-Type"), "text/event-stream");
    const reader = res.body!.getReader();
    assert.deepEqual(await readFrames(reader, (f) => f.length >= 1), [{ comment: "trajectory state changes" }]);

    await postEvents(app, [started("t-other"), ...run("t-sse")]);
    const frames = await readFrames(reader, (f) => f.some((frame) => frame.data?.includes('"to":"completed"')));
    const changes = frames.map((frame) => JSON.parse(frame.data!));
    assert.deepEqual(frames.map((f) => [f.event, f.id]), changes.map((_, i) => ["state", String(i + 1)]));
    assert.ok(changes.every((change) => change.trajectoryId === "t-sse"));
    assert.deepEqual(changes.map((change) => [change.from, change.to]), [
      [null, "open"],
      ["open", "closed"],
      ["closed", "analyzing"],
      ["analyzing", "completed"],
    ]);
    const last = changes.at(-1);
    assert.equal(last.outcome, "success");
    assert.equal(last.stepCount, 4);
    assert.equal(typeof last.at, "number");

    // The client leaving ends the subscription.
    assert.equal(runtime.changes.observed, true);
    await reader.cancel();
    assert.equal(runtime.changes.observed, false);

    const bad = await app.request(`/v1/events/stream?trajectoryId=${"x".repeat(300)}`);
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.code, "E7011");
  } finally {
    await close();
  }
});

Deno.test("GET /v1/events/stream ends when the runtime stops", async () => {
  const { app, close } = await httpRuntime();
  const res = await app.request("/v1/events/stream");
  const reader = res.body!.getReader();
  await readFrames(reader, (f) => f.length >= 1);
  await close();
  assert.deepEqual(await reader.read(), { done: true, value: undefined });
});
