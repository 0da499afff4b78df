/**
 * The content parts of OpenAI Responses items, shared by messages and tool outputs:
 * `input_text`, `output_text` and `refusal` are text; `reasoning_text` and
 * `summary_text` are reasoning; `input_image`, `input_file` and `input_audio` become
 * a short mark.
 *
 * @module
 */
import { mark, refusalText } from "./content_marks.ts";
import type { Part } from "./message.ts";
import { describe, type JsonObject, objectAt, type Position, requiredText, typeOf } from "./message_fields.ts";

/** `content` (a string or a list of parts) as text and reasoning parts. */
export function responsesContent(content: unknown, at: Position): Part[] {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content ? [{ type: "text", content }] : [];
  if (!Array.isArray(content)) throw at.error(`must be a string or a list of content parts, got ${describe(content)}`);
  return content.map((raw, i) => contentPart(objectAt(raw, at.at(i)), at.at(i)));
}

/** A tool's `output` (a string or a list of parts) as one text. */
export function responsesOutputText(output: unknown, at: Position): string {
  return responsesContent(output, at).map((part) => ("content" in part ? part.content : "")).join("\n");
}

function contentPart(part: JsonObject, at: Position): Part {
  const type = typeOf(part, at);
  switch (type) {
    case "input_text":
    case "output_text":
    case "text":
      return { type: "text", content: requiredText(part, "text", at) };
    case "refusal":
      return { type: "text", content: refusalText(requiredText(part, "refusal", at)) };
    case "reasoning_text":
    case "summary_text":
      return { type: "reasoning", content: requiredText(part, "text", at) };
    case "input_image":
      return { type: "text", content: mark("image", part.image_url ?? part.file_id) };
    case "input_file":
      return { type: "text", content: mark("file", part.filename ?? part.file_url ?? part.file_id) };
    case "input_audio":
      return { type: "text", content: mark("audio") };
    default:
      return { type: "text", content: mark(type) };
  }
}
