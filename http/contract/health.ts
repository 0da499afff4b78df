/**
 * The wire contract of the probes: `GET /healthz` and `GET /readyz`.
 *
 * @module
 */
import { z } from "zod";
import { count } from "./common.ts";

export const liveness = z.object({ status: z.literal("ok") });

/** A stream the service reads (the embedded log, or a Kafka topic), and its health. */
export const streamHealth = z.object({
  name: z.string(),
  up: z.boolean(),
  reason: z.string().nullable().meta({ description: "why it is down, or what last took it down" }),
  restarts: count,
});

export const readiness = z.object({
  status: z.literal("ready"),
  source: z.string().meta({ description: "the event source: embedded or kafka" }),
  streams: z.array(streamHealth),
});
