/**
 * What flows into the batch applier (source records, timers, analysis results,
 * assignment changes) and the state changes that come out of it.
 *
 * @module
 */
import type { AtlasError, ErrorData } from "../errors.ts";
import type { AnalysisResult } from "../learning/analyze.ts";
import type { AtlasEvent } from "../schemas/mod.ts";
import type { Position, SourceRecord } from "../streams/source.ts";

/** What flows into the applier. */
export type Item =
  | { kind: "event"; position: Position; event: AtlasEvent }
  | { kind: "invalid"; record: SourceRecord; error: AtlasError }
  | { kind: "timeout"; trajectoryId: string; partition: number }
  | { kind: "analysis"; trajectoryId: string; partition: number; result: AnalysisOutcome }
  | { kind: "assigned"; partitions: number[] }
  | { kind: "revoked"; partitions: number[] }
  | { kind: "caught-up" }
  /** Wakes the applier to surface a failed commit while nothing else arrives. */
  | { kind: "flush" };

export type AnalysisOutcome = { ok: true; value: AnalysisResult } | { ok: false; error: ErrorData };

/** A trajectory changing state, as the SSE stream and metrics see it. */
export interface StateChange {
  trajectoryId: string;
  from: string | null;
  to: string;
  outcome: string | null;
  stepCount: number;
  at: number;
}

/** Items that change what the applier owns or waits for, rather than carrying events. */
export const isControl = (
  item: Item,
): item is Extract<Item, { kind: "assigned" | "revoked" | "caught-up" | "flush" }> =>
  item.kind === "assigned" || item.kind === "revoked" || item.kind === "caught-up" || item.kind === "flush";
