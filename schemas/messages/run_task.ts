/**
 * The task of an imported run: the run's `task` (a string, or the contract's
 * `{description, id?, family?, domain?}`), else the first thing the user asked.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import type { Task } from "../trajectory.ts";
import type { Message } from "./message.ts";
import { isObject } from "./message_fields.ts";

/**
 * Longest task taken from a user message. Retrieval matches new tasks against
 * stored ones, and a whole pasted document as a task would drown its point; the
 * tasks of the real runs in ../shared/data are 10 to 500 characters.
 */
export const maxDerivedTask = 500;

/** The run's task, or one from the first user message with text. Throws E7034 when there is neither. */
export function runTask(task: unknown, messages: readonly Message[]): Task {
  if (typeof task === "string" && task.trim()) return { description: task.trim() };
  if (isObject(task) && typeof task.description === "string" && task.description.trim()) {
    const { id } = task;
    return {
      ...task,
      description: task.description.trim(),
      ...((typeof id === "number" || typeof id === "string") && { id: String(id) }),
    };
  }
  if (task !== undefined && task !== null) {
    throw new AtlasError("E7034", "task must be a non-empty string or an object with a description", {
      details: { path: "task" },
    });
  }
  const asked = messages.find((m) => m.role === "user" && userText(m));
  if (asked) return { description: shorten(userText(asked)) };
  throw new AtlasError("E7034", "the run has no task and no user message to take one from: give it a task", {
    details: { path: "task" },
  });
}

const userText = (message: Message): string =>
  message.parts.map((part) => (part.type === "text" ? part.content : "")).join(" ").replace(/\s+/g, " ").trim();

/** `text` cut to {@link maxDerivedTask} characters at a word's end, marked with an ellipsis. */
export function shorten(text: string, max = maxDerivedTask): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  // A word longer than the last fifth of the room is cut through rather than dropped.
  return `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
