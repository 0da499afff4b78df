/**
 * One run of a message log (CONTRACT section 5b) as the data of a whole
 * `atlas.trajectory` event. A run is one JSON object:
 *
 * ```json
 * {"id"?, "messages": [...], "outcome"?, "task"?, "reward"?, "score"?, "model"?, "metadata"?, "system"?}
 * ```
 *
 * `messages` are the provider's own message objects, unchanged. The trajectory id is
 * `run_id.ts`'s, the task `run_task.ts`'s, the outcome and score `run_outcome.ts`'s;
 * the steps are the conversation's (`message_steps.ts`), and the metadata says the
 * format and keeps the reward.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import type { Outcome, WholeTrajectory } from "../trajectory.ts";
import { conversationSteps } from "./message_steps.ts";
import { describe, isObject } from "./message_fields.ts";
import type { MessageFormat } from "./message_formats.ts";
import { readMessages } from "./read_messages.ts";
import { runId } from "./run_id.ts";
import { runOutcome } from "./run_outcome.ts";
import { runTask } from "./run_task.ts";

export interface MessageLogOptions {
  /** The format of the messages; found from the messages themselves when absent. */
  format?: MessageFormat;
  /** The outcome of a run that has none, nor a 0–1 score or reward to take one from. */
  outcome?: Outcome;
}

/**
 * The whole-trajectory data of one run. Throws E7034 naming what is wrong: the run,
 * a message by its position (`messages[3].tool_calls[0].id: ...`), the task or the
 * outcome.
 *
 * @example
 * ```ts
 * const data = messageLogTrajectory(
 *   { id: "run-1", task: "Refund order #12", messages: [{ role: "user", content: "Refund #12" }] },
 *   { format: "openai-chat", outcome: "success" },
 * );
 * data.steps; // [{ index: 0, kind: "message", role: "user", content: "Refund #12" }]
 * ```
 */
export function messageLogTrajectory(record: unknown, options: MessageLogOptions = {}): WholeTrajectory {
  if (!isObject(record)) {
    throw new AtlasError("E7034", `a run must be a JSON object with "messages", got ${describe(record)}`);
  }
  if (record.metadata !== undefined && !isObject(record.metadata)) {
    throw new AtlasError("E7034", `metadata must be an object, got ${describe(record.metadata)}`, {
      details: { path: "metadata" },
    });
  }
  const { format, messages } = readMessages(record.messages, options.format, { system: record.system });
  const { outcome, score } = runOutcome(record, options.outcome);
  const model = typeof record.model === "string" && record.model ? record.model : undefined;
  return {
    trajectoryId: runId(record.id, record.messages),
    task: runTask(record.task, messages),
    ...(model && { agent: { model } }),
    steps: conversationSteps(messages),
    outcome,
    ...(score !== undefined && { score }),
    metadata: {
      ...(isObject(record.metadata) ? record.metadata : {}),
      format,
      ...(typeof record.reward === "number" && { reward: record.reward }),
    },
  };
}
