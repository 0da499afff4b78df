/**
 * Calling the control API in-process (`app.request`) the way a client would: JSON
 * posts, event batches, and Server-Sent Event streams read to their end.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Hono } from "hono";

export async function send(app: Hono, method: string, path: string, body?: unknown): Promise<Response> {
  return await app.request(path, {
    method,
    headers: { "content-type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

export const post = (app: Hono, path: string, body: unknown) => send(app, "POST", path, body);

/** Posts `events` in batches of 300; each batch must be accepted. */
export async function ingest(app: Hono, events: readonly unknown[]): Promise<void> {
  for (let i = 0; i < events.length; i += 300) {
    const response = await app.request("/v1/events", {
      method: "POST",
      headers: { "content-type": "application/cloudevents-batch+json" },
      body: JSON.stringify(events.slice(i, i + 300)),
    });
    assert.equal(response.status, 202);
    await response.body?.cancel();
  }
}

/** The frames of a finished SSE response, in order. */
export async function sseFrames(response: Response): Promise<{ event: string; data: unknown }[]> {
  const text = await response.text();
  return text.split("\n\n").filter((frame) => frame.includes("data:")).map((frame) => {
    const field = (name: string) =>
      frame.split("\n").filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1).trim())
        .join("\n");
    return { event: field("event"), data: JSON.parse(field("data")) };
  });
}
