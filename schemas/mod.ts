/**
 * The wire contract as zod schemas; every TypeScript type of an event is inferred
 * from them.
 *
 * @module
 */
export * from "./cloudevent.ts";
export * from "./evaluation.ts";
export * from "./event.ts";
export * from "./trajectory.ts";
export * from "./analysis.ts";
export * from "./messages/mod.ts";
