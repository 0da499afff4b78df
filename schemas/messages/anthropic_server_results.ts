/**
 * The results of Anthropic's server tools (web search, web fetch, code execution,
 * the text editor, tool search), which run on Anthropic's side and put their result
 * in the assistant's own message. Each has its shape; a step keeps what a reader of
 * the run needs, never the encrypted or base64 payloads.
 *
 * @module
 */
import { mark } from "./content_marks.ts";
import { isObject } from "./message_fields.ts";

/**
 * Whether a server tool failed: its content is an error (`{type:
 * "web_search_tool_result_error", error_code}`), or code ran and exited with another
 * code than 0.
 */
export function isServerFailure(content: unknown): boolean {
  if (!isObject(content)) return false;
  return (typeof content.type === "string" && content.type.endsWith("_error")) ||
    (typeof content.return_code === "number" && content.return_code !== 0);
}

/**
 * A server tool's result, by its shape: search results as their titles and URLs, a
 * fetched page as its URL and text, code execution as its output streams, an error
 * as its code, anything else as it is.
 */
export function serverResult(content: unknown): unknown {
  if (Array.isArray(content)) {
    return content.map((item) =>
      isObject(item) && typeof item.url === "string" ? `${item.title ?? ""} ${item.url}`.trim() : item
    ).map((item) => typeof item === "string" ? item : JSON.stringify(item)).join("\n");
  }
  if (!isObject(content)) return content ?? "";
  if (typeof content.error_code === "string") return `error: ${content.error_code}`;
  if (content.type === "web_fetch_result") {
    const document = isObject(content.content) ? content.content : {};
    const source = isObject(document.source) ? document.source : {};
    const text = source.type === "text" && typeof source.data === "string" ? source.data : mark("document");
    return `${typeof content.url === "string" ? content.url : ""}\n${text}`.trim();
  }
  if (typeof content.stdout === "string" || typeof content.stderr === "string") {
    const exit = typeof content.return_code === "number" && content.return_code !== 0
      ? [`exit code ${content.return_code}`]
      : [];
    return [content.stdout, content.stderr, ...exit].filter((s) => typeof s === "string" && s).join("\n");
  }
  if (typeof content.content === "string") return content.content;
  return content;
}
