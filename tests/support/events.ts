/**
 * CloudEvents of CONTRACT section 1 for tests, and posting them to the app.
 *
 * @module
 */
import type { Hono } from "hono";

const source = "agent://http-test";
let sequence = 0;
const nextId = () => `e-${++sequence}`;

/** A CloudEvent of `type` with `data`, a fresh id and the test source. */
export const cloudEvent = (type: string, data: unknown) => ({ specversion: "1.0", id: nextId(), source, type, data });

export const started = (trajectoryId: string, description = "Paramore is not from Tennessee.") =>
  cloudEvent("atlas.trajectory.started", {
    trajectoryId,
    task: { id: trajectoryId, description, family: "fact-verification", domain: "wikipedia" },
    agent: { name: "react", model: "text-davinci-002" },
  });

export const step = (trajectoryId: string, index: number, kind: string, content: string) =>
  cloudEvent("atlas.trajectory.step", { trajectoryId, index, kind, content });

export const completed = (trajectoryId: string, outcome = "success", score = 1) =>
  cloudEvent("atlas.trajectory.completed", { trajectoryId, outcome, score });

/** A whole ReAct run: started, thought, action, observation, finishing action, completed. */
export const run = (trajectoryId: string) => [
  started(trajectoryId),
  step(trajectoryId, 0, "thought", "I need to search Paramore and find where it is from."),
  step(trajectoryId, 1, "action", "Search[Paramore]"),
  step(trajectoryId, 2, "observation", "Paramore is an American rock band from Franklin, Tennessee."),
  step(trajectoryId, 3, "action", "Finish[REFUTES]"),
  completed(trajectoryId),
];

/** POSTs `body` (JSON-encoded unless a string) to `/v1/events`. */
export function postEvents(
  app: Hono,
  body: unknown,
  contentType = "application/cloudevents-batch+json",
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(app.request("/v1/events", {
    method: "POST",
    headers: { "Content-Type": contentType, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  }));
}
