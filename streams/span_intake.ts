/**
 * Taking decoded spans in: mapped to the contract's events, which then go the way of
 * every event (`takeEvents`: validated, sent to the ingest path, repeats reported);
 * each span the decoder rejected is kept as a dead letter with its reason, so nothing
 * is dropped silently; every span is counted by what became of it.
 *
 * @module
 */
import type { Runtime } from "../runtime.ts";
import type { DeadLetter } from "../store/dead_letters.ts";
import { overHttp, type Provenance, takeEvents } from "./intake.ts";
import { type RejectedSpan, type Span, traceEvents } from "./otlp/mod.ts";

export interface SpanIntake {
  /** Events taken (new), and repeats of events taken before. */
  accepted: number;
  duplicates: number;
  /** Events the mapping made that did not validate (a mapping fault; dead-lettered). */
  invalid: number;
}

/** Maps `spans` (all a request or a fetched batch holds, so a trace's spans meet) and ingests their events. */
export async function takeSpans(
  runtime: Runtime,
  spans: readonly Span[],
  provenance: Provenance = overHttp,
): Promise<SpanIntake> {
  const { events, mapped, ignored } = traceEvents(spans);
  const { taken, rejected } = events.length
    ? await takeEvents(runtime, events, provenance)
    : { taken: [] as boolean[], rejected: [] };
  runtime.metrics.spans.inc(mapped, { result: "mapped" });
  runtime.metrics.spans.inc(ignored, { result: "ignored" });
  const accepted = taken.filter(Boolean).length;
  return { accepted, duplicates: taken.length - accepted, invalid: rejected.length };
}

/** Keeps the spans a decoder rejected alone as dead letters (E7032), with their reasons. */
export async function keepRejectedSpans(
  runtime: Runtime,
  rejected: readonly RejectedSpan[],
  provenance: Provenance = overHttp,
): Promise<DeadLetter[]> {
  if (rejected.length === 0) return [];
  const letters = rejected.map(({ index, reason }): DeadLetter => ({
    ...provenance,
    key: null,
    value: JSON.stringify({ span: index, reason }),
    headers: null,
    code: "E7032",
    reason,
  }));
  await runtime.deadLetters.add(letters, runtime.clock.now());
  runtime.metrics.deadLetters.inc(letters.length, { code: "E7032" });
  runtime.metrics.spans.inc(letters.length, { result: "rejected" });
  return letters;
}
