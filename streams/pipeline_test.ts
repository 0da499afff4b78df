import assert from "node:assert/strict";
import { Subject } from "rxjs";
import type { BatchApplier } from "../actors/apply_batch.ts";
import type { Item } from "../actors/batch_items.ts";
import { systemClock } from "../clock.ts";
import { AtlasError } from "../errors.ts";
import { silentLogger } from "../log.ts";
import { pipelineMetrics } from "../metrics/pipeline_metrics.ts";
import { Registry } from "../metrics/registry.ts";
import { waitFor } from "../tests/support/wait.ts";
import { Pipeline } from "./pipeline.ts";
import type { EventSource, SourceRecord, SourceSignal } from "./source.ts";

const event = (offset: number): SourceRecord => ({
  position: { topic: "t", partition: 0, offset },
  key: `k${offset}`,
  value: JSON.stringify({
    specversion: "1.0",
    id: `e${offset}`,
    source: "test://pipeline",
    type: "atlas.trajectory.started",
    data: { trajectoryId: `k${offset}`, task: { description: "d" } },
  }),
  headers: {},
  timestamp: 0,
});

/** A log of `size` records that re-reads from the committed offset on rewind, like the real sources. */
class FakeSource implements EventSource {
  readonly kind = "embedded";
  readonly topic = "t";
  readonly health = { up: true, reason: null, restarts: 0 };
  readonly signals = new Subject<SourceSignal>();
  committedOffset = 0;
  pauses = 0;
  resumes = 0;
  rewinds = 0;
  /** Records emitted so far (a rewind takes effect only at `rewind`, as the real sources). */
  #cursor = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** `paced`: ten records per millisecond, still reading while a failed batch waits to retry. */
  constructor(private readonly size: number, private readonly paced = false) {}
  start() {
    queueMicrotask(() => {
      this.signals.next({ kind: "assigned", partitions: [0] });
      this.emitFrom(0);
    });
    return this.signals;
  }
  emitFrom(offset: number) {
    clearTimeout(this.#timer);
    this.#cursor = offset;
    const chunk = () => {
      const records = Array.from({ length: Math.min(10, this.size - this.#cursor) }, (_, i) => event(this.#cursor + i));
      this.#cursor += records.length;
      if (records.length) this.signals.next({ kind: "records", records });
    };
    if (!this.paced) {
      while (this.#cursor < this.size) chunk();
      return;
    }
    const tick = () => {
      chunk();
      if (this.#cursor < this.size) this.#timer = setTimeout(tick, 1);
    };
    tick();
  }
  pause() {
    this.pauses++;
  }
  resume() {
    this.resumes++;
  }
  committed() {
    return Promise.resolve();
  }
  /** Moves back, then reads again from the committed offset. */
  rewind() {
    this.rewinds++;
    clearTimeout(this.#timer);
    setTimeout(() => this.emitFrom(this.committedOffset), 0);
    return Promise.resolve();
  }
  close() {
    clearTimeout(this.#timer);
    this.signals.complete();
    return Promise.resolve();
  }
}

/** Records what it applies and commits the source's offset; fails the batch holding `failAt`, once. */
function fakeApplier(source: FakeSource, failAt: number) {
  const applied: number[] = [];
  let failed = false;
  const applier = {
    flush: () => Promise.resolve(),
    apply(items: readonly Item[]) {
      const offsets = items.flatMap((i) => (i.kind === "event" ? [i.position.offset] : []));
      if (!failed && offsets.includes(failAt)) {
        failed = true;
        return Promise.reject(new AtlasError("E7400", "store: disk I/O error", { retryable: true }));
      }
      applied.push(...offsets);
      if (offsets.length) source.committedOffset = offsets.at(-1)! + 1;
      return Promise.resolve();
    },
  };
  return { applied, applier: applier as unknown as BatchApplier };
}

function pipeline(source: FakeSource, applier: BatchApplier, maxInFlight = 10_000, retryDelayMs = 0) {
  return new Pipeline({
    source,
    applier,
    storedOffsets: () => Promise.resolve(new Map()),
    batch: { maxEvents: 25, maxWaitMs: 1 },
    maxInFlight,
    clock: systemClock,
    log: silentLogger,
    metrics: pipelineMetrics(new Registry()),
    retryDelayMs,
  });
}

Deno.test("Pipeline rewinds after a failed batch and applies every record exactly once, in order", async () => {
  const source = new FakeSource(200);
  const { applied, applier } = fakeApplier(source, 60);
  const p = pipeline(source, applier);
  p.start();
  await waitFor(() => applied.length >= 200 && applied.at(-1) === 199, { message: "all records applied" });
  assert.equal(source.rewinds, 1);
  assert.deepEqual(applied, Array.from({ length: 200 }, (_, i) => i), "no gap, no repeat: stale copies were dropped");
  assert.equal(p.ready, true);
  assert.equal(p.failure, undefined, "the failure clears once a batch succeeds");
  await p.stop();
});

Deno.test("Pipeline drops what the source read while a failed batch waited to retry: no record is skipped", async () => {
  // The source goes on reading for the 30 ms before the retry; those records lie past the failed
  // batch. Taken as a new generation they would be applied past a gap, and their offset committed.
  const source = new FakeSource(600, true);
  const { applied, applier } = fakeApplier(source, 60);
  const p = pipeline(source, applier, 10_000, 30);
  p.start();
  await waitFor(() => applied.at(-1) === 599, { message: "all records applied" });
  assert.equal(source.rewinds, 1);
  assert.deepEqual(applied, Array.from({ length: 600 }, (_, i) => i), "no gap, no repeat");
  await p.stop();
});

Deno.test("Pipeline pauses the source past maxInFlight and resumes it once half has drained", async () => {
  const source = new FakeSource(100);
  const { applied, applier } = fakeApplier(source, -1);
  const p = pipeline(source, applier, 30);
  p.start();
  await waitFor(() => applied.length === 100, { message: "all records applied" });
  assert.ok(source.pauses >= 1, "paused");
  assert.equal(source.resumes, source.pauses, "every pause was followed by a resume");
  assert.equal(p.inFlight, 0);
  await p.stop();
});
