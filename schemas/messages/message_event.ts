/**
 * A whole-trajectory event (`atlas.trajectory`) may carry the run's `messages`, in
 * the provider's own format, instead of `steps`:
 *
 * ```json
 * {"trajectoryId", "messages": [...], "format"?, "system"?, "task"?, "outcome", "score"?, "agent"?, "metadata"?}
 * ```
 *
 * Decoding turns them into the steps, so the event is from then on exactly one with
 * steps: stored, logged and replayed as such. `format` is found from the messages
 * when absent and kept in the metadata; `task` may be left out and is then the first
 * user message's text, as for an import. The rest is the contract's.
 *
 * @module
 */
import { AtlasError, ensureError } from "../../errors.ts";
import { isObject } from "./message_fields.ts";
import { isMessageFormat, messageFormats } from "./message_formats.ts";
import { conversationSteps } from "./message_steps.ts";
import { readMessages } from "./read_messages.ts";
import { runTask } from "./run_task.ts";

/**
 * `data` with its `messages` read into `steps`; any other data as it is. Throws
 * E7034 (paths under `data.`) for messages that do not read, or for both `steps`
 * and `messages`.
 */
export function withStepsFromMessages(data: unknown): unknown {
  if (!isObject(data) || data.messages === undefined) return data;
  const { messages, format, system, ...rest } = data;
  try {
    if (rest.steps !== undefined) {
      throw new AtlasError("E7034", 'carries both "steps" and "messages": send one of them', {
        details: { path: "messages" },
      });
    }
    if (format !== undefined && !isMessageFormat(format)) {
      throw new AtlasError(
        "E7034",
        `format must be one of ${messageFormats.join(", ")}, got ${JSON.stringify(format)}`,
        {
          details: { path: "format" },
        },
      );
    }
    const read = readMessages(messages, format, { system });
    const metadata = rest.metadata === undefined ? {} : rest.metadata;
    return {
      ...rest,
      task: rest.task ?? runTask(undefined, read.messages),
      steps: conversationSteps(read.messages),
      // Metadata that is not an object is left for the schema to reject.
      metadata: isObject(metadata) ? { ...metadata, format: read.format } : metadata,
    };
  } catch (error) {
    throw inData(ensureError(error, "E7034"));
  }
}

/** The error with its path under `data`, as the event's other errors are. */
function inData(error: AtlasError): AtlasError {
  const details = isObject(error.details) ? error.details : {};
  const path = typeof details.path === "string" ? `data.${details.path}` : "data.messages";
  const message = error.message.startsWith(`${details.path}:`) ? `data.${error.message}` : `${path}: ${error.message}`;
  return new AtlasError(error.code, message, { details: { ...details, path }, cause: error.cause });
}
