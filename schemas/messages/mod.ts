/**
 * Message logs in: the providers' conversation formats (OpenAI Chat Completions,
 * OpenAI Responses, Anthropic Messages) read into one normalized conversation, and
 * that conversation into trajectory steps, runs and whole-trajectory events.
 *
 * @module
 */
export type { Message, Part, Role } from "./message.ts";
export * from "./message_formats.ts";
export { openaiChat } from "./openai_chat.ts";
export { openaiResponses } from "./openai_responses.ts";
export { anthropicMessages } from "./anthropic.ts";
export { detectFormat } from "./detect_format.ts";
export { messageReaders, type ReadMessages, readMessages } from "./read_messages.ts";
export { conversationSteps, messageSteps, type StepDraft, textOf, truncate } from "./message_steps.ts";
export { type MessageLogOptions, messageLogTrajectory } from "./message_log.ts";
export { withStepsFromMessages } from "./message_event.ts";
