/**
 * Every event type the runtime takes, and `decodeEvent`, which checks a raw object
 * against the envelope and its type's data schema and says exactly what is wrong.
 *
 * @module
 */
import type { z } from "zod";
import { AtlasError, ensureError } from "../errors.ts";
import { type CloudEvent, cloudEventSchema } from "./cloudevent.ts";
import { evaluationCompletedSchema, executionIdOf, upstreamEvaluationSchema, upstreamSchema } from "./evaluation.ts";
import { withStepsFromMessages } from "./messages/message_event.ts";
import {
  trajectoryCompletedSchema,
  trajectoryRetrySchema,
  trajectoryStartedSchema,
  trajectoryStepSchema,
  wholeTrajectorySchema,
} from "./trajectory.ts";

/** The data schema of each event type (CONTRACT sections 1 and 4). */
export const dataSchemas = {
  "atlas.trajectory.started": trajectoryStartedSchema,
  "atlas.trajectory.step": trajectoryStepSchema,
  "atlas.trajectory.completed": trajectoryCompletedSchema,
  "atlas.trajectory": wholeTrajectorySchema,
  "atlas.trajectory.retry": trajectoryRetrySchema,
  "atlas.evaluation.completed": evaluationCompletedSchema,
  "execution.completed": upstreamSchema,
  "planning.completed": upstreamSchema,
  "evaluation.completed": upstreamEvaluationSchema,
} as const;

export type EventType = keyof typeof dataSchemas;

/** The envelope's known attributes (extension attributes are kept at run time, untyped). */
export type Envelope = Pick<CloudEvent, "specversion" | "id" | "source" | "time" | "datacontenttype" | "subject">;

/** A valid event: the envelope with `type` narrowed and `data` typed by it. */
export type AtlasEvent = {
  [T in EventType]: Envelope & { type: T; data: z.infer<(typeof dataSchemas)[T]> };
}[EventType];

/** An event of one type. */
export type EventOf<T extends EventType> = Extract<AtlasEvent, { type: T }>;

export type Decoded = { ok: true; event: AtlasEvent } | { ok: false; error: AtlasError };

const isEventType = (type: string): type is EventType => Object.hasOwn(dataSchemas, type);

/** Validates a raw object as one of our events. Never throws. */
export function decodeEvent(raw: unknown): Decoded {
  const envelope = cloudEventSchema.safeParse(raw);
  if (!envelope.success) {
    return { ok: false, error: invalid("E7002", "not a CloudEvents 1.0 event", envelope.error.issues) };
  }
  const event = envelope.data;
  if (!isEventType(event.type)) {
    return {
      ok: false,
      error: new AtlasError("E7004", `unknown event type "${event.type}"`, {
        details: { known: Object.keys(dataSchemas) },
      }),
    };
  }
  let rawData = event.data;
  if (event.type === "atlas.trajectory") {
    // A whole trajectory may come as the provider's messages: read into steps here, so
    // every path in (HTTP, Kafka, replay) takes them and stores the steps.
    try {
      rawData = withStepsFromMessages(rawData);
    } catch (error) {
      return { ok: false, error: ensureError(error, "E7034") };
    }
  }
  const data = dataSchemas[event.type].safeParse(rawData);
  if (!data.success) {
    return { ok: false, error: invalid("E7003", `invalid data for ${event.type}`, data.error.issues, "data") };
  }
  return { ok: true, event: { ...event, data: data.data } as AtlasEvent };
}

/**
 * The partition key of an event: its trajectory, or for upstream events the
 * execution id, so that everything about one trajectory lands on one partition.
 */
export function keyOf(event: AtlasEvent): string {
  switch (event.type) {
    case "execution.completed":
    case "planning.completed":
    case "evaluation.completed":
      return executionIdOf(event.data);
    default:
      return event.data.trajectoryId;
  }
}

function invalid(
  code: "E7002" | "E7003",
  summary: string,
  issues: readonly z.core.$ZodIssue[],
  prefix?: string,
): AtlasError {
  const problems = issues.map((i) => ({
    path: [prefix, ...i.path].filter((p) => p !== undefined).join("."),
    message: i.message,
  }));
  const first = problems.slice(0, 3).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  return new AtlasError(code, `${summary}: ${first.join("; ")}`, { details: problems });
}
