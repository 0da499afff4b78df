/**
 * OpenAI Responses items that are tool calls or their results. Function and custom
 * tool calls are answered by a later `*_output` item with the same `call_id`. The
 * built-in tools run on OpenAI's side: a `web_search_call`, `file_search_call`,
 * `code_interpreter_call`, `image_generation_call` or `mcp_call` item holds the call
 * and, once done, its result, and becomes a call followed by its answer. The tools
 * the client runs (`computer_call`, `local_shell_call`, `shell_call`,
 * `apply_patch_call`) are answered by their own `*_output` items.
 *
 * A call keeps its salient input (the query, the command, the code), not every
 * field: `local_shell_call`'s `env` is left out, as it can hold secrets and says
 * little about what the agent did.
 *
 * @module
 */
import { mark } from "./content_marks.ts";
import type { Message } from "./message.ts";
import {
  isObject,
  type JsonObject,
  optionalArray,
  optionalString,
  type Position,
  requiredString,
} from "./message_fields.ts";
import { responsesOutputText } from "./openai_responses_content.ts";

type ItemReader = (item: JsonObject, at: Position) => Message[];

/** The model's call of tool `name`. */
const call = (id: string, name: string, input: unknown): Message => ({
  role: "assistant",
  parts: [{ type: "tool_call", id, name, ...(input !== undefined && { arguments: input }) }],
});

/** The answer to call `id`. */
const answer = (id: string, response: unknown, isError = false): Message => ({
  role: "tool",
  parts: [{ type: "tool_call_response", id, response, ...(isError && { isError }) }],
});

/** The answer held in a built-in tool's own item: its result, or its failure; none while it ran. */
function ownAnswer(id: string, item: JsonObject, tool: string, result: unknown): Message[] {
  if (item.status === "failed") return [answer(id, result ?? `${tool} failed`, true)];
  return result === undefined ? [] : [answer(id, result)];
}

const callId = (item: JsonObject, at: Position) => requiredString(item, "call_id", at);
const itemId = (item: JsonObject, at: Position) => requiredString(item, "id", at);
const objectOr = (value: unknown): JsonObject => (isObject(value) ? value : {});

/** `object` without its absent (undefined or null) fields, so that an input says only what was given. */
const given = (object: JsonObject): JsonObject =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== null));

/** What `item` leaves when the fields that only identify it are taken out. */
function withoutBookkeeping(item: JsonObject): JsonObject {
  const { type: _type, id: _id, call_id: _callId, status: _status, ...rest } = item;
  return rest;
}

const readers: Record<string, ItemReader> = {
  function_call: (item, at) => [call(callId(item, at), requiredString(item, "name", at), item.arguments)],
  function_call_output: (item, at) => [answer(callId(item, at), responsesOutputText(item.output, at.at("output")))],
  custom_tool_call: (item, at) => [call(callId(item, at), requiredString(item, "name", at), item.input)],
  custom_tool_call_output: (item, at) => [
    answer(callId(item, at), responsesOutputText(item.output, at.at("output"))),
  ],
  web_search_call: (item, at) => {
    const id = itemId(item, at);
    const { sources, ...action } = objectOr(item.action);
    const found = Array.isArray(sources)
      ? sources.map((source) => (isObject(source) && typeof source.url === "string" ? source.url : "")).join("\n")
      : undefined;
    return [call(id, "web_search", action), ...ownAnswer(id, item, "web search", found)];
  },
  file_search_call: (item, at) => {
    const id = itemId(item, at);
    const results = optionalArray(item, "results", at).map((result) => {
      const { filename, score, text } = objectOr(result);
      return given({ filename, score, text });
    });
    return [
      call(id, "file_search", given({ queries: item.queries })),
      ...ownAnswer(id, item, "file search", item.results ? results : undefined),
    ];
  },
  code_interpreter_call: (item, at) => {
    const id = itemId(item, at);
    const outputs = optionalArray(item, "outputs", at).map((output) => {
      const { type, logs, url } = objectOr(output);
      return type === "logs" && typeof logs === "string" ? logs : mark(typeof type === "string" ? type : "output", url);
    });
    const result = item.outputs ? outputs.join("\n") : undefined;
    return [
      call(id, "code_interpreter", given({ code: item.code })),
      ...ownAnswer(id, item, "code interpreter", result),
    ];
  },
  image_generation_call: (item, at) => {
    const id = itemId(item, at);
    const prompt = optionalString(item, "revised_prompt", at);
    const result = typeof item.result === "string" && item.result ? mark("image") : undefined;
    return [call(id, "image_generation", prompt ? { prompt } : {}), ...ownAnswer(id, item, "image generation", result)];
  },
  mcp_call: (item, at) => {
    const id = itemId(item, at);
    const made = call(id, requiredString(item, "name", at), item.arguments);
    const error = optionalString(item, "error", at);
    if (error) return [made, answer(id, error, true)];
    const output = optionalString(item, "output", at);
    return [made, ...ownAnswer(id, item, "MCP tool", output)];
  },
  computer_call: (item, at) => [call(callId(item, at), "computer", item.action ?? item.actions)],
  computer_call_output: (item, at) => {
    const output = objectOr(item.output);
    return [answer(callId(item, at), mark("screenshot", output.image_url ?? output.file_id), item.status === "failed")];
  },
  local_shell_call: (item, at) => {
    const { command, working_directory, timeout_ms } = objectOr(item.action);
    return [call(callId(item, at), "local_shell", given({ command, working_directory, timeout_ms }))];
  },
  // Its `id` is the call's `call_id` (the API reference says so); `call_id` is taken too.
  local_shell_call_output: (item, at) => [
    answer(optionalString(item, "call_id", at) || itemId(item, at), responsesOutputText(item.output, at.at("output"))),
  ],
  shell_call: (item, at) => [call(callId(item, at), "shell", given({ commands: objectOr(item.action).commands }))],
  shell_call_output: (item, at) => {
    let failed = false;
    const text = optionalArray(item, "output", at).map((chunk) => {
      const { stdout, stderr, outcome } = objectOr(chunk);
      const end = objectOr(outcome);
      if (end.type === "timeout" || (typeof end.exit_code === "number" && end.exit_code !== 0)) failed = true;
      return [stdout, stderr].filter((s) => typeof s === "string" && s).join("\n");
    });
    return [answer(callId(item, at), text.join("\n"), failed)];
  },
  apply_patch_call: (item, at) => [call(callId(item, at), "apply_patch", item.operation)],
  apply_patch_call_output: (item, at) => [
    answer(callId(item, at), optionalString(item, "output", at) || String(item.status ?? ""), item.status === "failed"),
  ],
};

/**
 * Items that are bookkeeping, not something the agent did: a reference to an item
 * stored elsewhere, a compaction, the tools an MCP server lists, tool definitions,
 * and MCP approvals (the call they approve is its own `mcp_call`).
 */
export const bookkeepingItems: ReadonlySet<string> = new Set([
  "item_reference",
  "compaction",
  "mcp_list_tools",
  "mcp_approval_request",
  "mcp_approval_response",
  "additional_tools",
]);

/**
 * A tool item as messages: a call, its answer, or both. Tools newer than this reader
 * follow the API's naming: a `<tool>_call` is a call of `<tool>` (its `action`,
 * `arguments` or `input`, else its other fields, as the input), a `<tool>_output`
 * the answer to its `call_id`. Undefined for an item that is no tool item.
 */
export function toolItemMessages(type: string, item: JsonObject, at: Position): Message[] | undefined {
  // `hasOwn`: an item typed "constructor" is no tool item, whatever Object.prototype says.
  const reader = Object.hasOwn(readers, type) ? readers[type] : undefined;
  if (reader) return reader(item, at);
  if (type.endsWith("_call")) {
    const id = optionalString(item, "call_id", at) || itemId(item, at);
    return [
      call(id, type.slice(0, -"_call".length), item.action ?? item.arguments ?? item.input ?? withoutBookkeeping(item)),
    ];
  }
  if (type.endsWith("_output")) {
    const id = optionalString(item, "call_id", at) || itemId(item, at);
    const response = item.output === undefined ? withoutBookkeeping(item) : item.output;
    return [answer(id, response, item.status === "failed")];
  }
  return undefined;
}
