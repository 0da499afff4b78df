/**
 * The text of an upstream event's free-form `input` or `output`. L02, L05 and L06
 * producers send a plain string, an object with the text in it, or a chat
 * transcript; a training example needs one string whichever it was, and the same
 * string for the same value, so the example's id and its dedup hash stay put.
 *
 * @module
 */
import { canonicalJson } from "../datasets/content_hash.ts";

/**
 * A string as is; `{ text }`; `{ content }` (a string or an Anthropic-style array of
 * content blocks); `{ messages: [{ role, content }] }` (or a bare array of such
 * messages) as `role: content` lines; `null`/`undefined` as ""; anything else as
 * JSON with its keys sorted.
 *
 * @example
 * ```ts
 * textOf({ messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: [{ type: "text", text: "Hello" }] }] });
 * // "user: Hi\nassistant: Hello"
 * ```
 */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  if (isMessages(value)) return messagesText(value);
  if (isRecord(value)) {
    if (typeof value.text === "string") return value.text;
    if (typeof value.content === "string") return value.content;
    if (Array.isArray(value.content)) return blocksText(value.content);
    if (isMessages(value.messages)) return messagesText(value.messages);
  }
  return canonicalJson(value);
}

interface Message {
  role: string;
  content: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

const isMessage = (v: unknown): v is Message => isRecord(v) && typeof v.role === "string" && "content" in v;

const isMessages = (v: unknown): v is Message[] => Array.isArray(v) && v.length > 0 && v.every(isMessage);

const messagesText = (messages: readonly Message[]) =>
  messages.map((m) => `${m.role}: ${Array.isArray(m.content) ? blocksText(m.content) : textOf(m.content)}`)
    .join("\n");

/**
 * Content blocks: text blocks give their text; any other block (an image, a tool
 * use) is kept as stable JSON rather than dropped, so nothing the model saw vanishes
 * from the example.
 */
const blocksText = (blocks: readonly unknown[]) =>
  blocks.map((b) => typeof b === "string" ? b : isRecord(b) && typeof b.text === "string" ? b.text : canonicalJson(b))
    .join("\n");
