import assert from "node:assert/strict";
import { ManualClock } from "../../clock.ts";
import { AtlasError } from "../../errors.ts";
import type { AnalysisResult } from "../../learning/analyze.ts";
import { silentLogger } from "../../log.ts";
import type { Item } from "../batch_items.ts";
import { type AnalysisRequest, AnalysisWorker, type AnalysisWorkerDeps } from "./analysis_worker.ts";
import type { LearnOutcome } from "./learning_service.ts";

type Report = Extract<Item, { kind: "analysis" }>;

const result = (id: string): AnalysisResult => ({
  credit: [],
  analysis: { strategy: "simple", keySteps: [], summary: id },
});

/** A worker over a fake store: `analyzing` holds what waits; a report takes it out, as the pipeline would. */
function harness(overrides: Partial<AnalysisWorkerDeps> & { fail?: (id: string, call: number) => boolean } = {}) {
  const analyzing = new Map<string, AnalysisRequest>();
  const reports: Report[] = [];
  const batches: string[][] = [];
  const calls = new Map<string, number>();
  let allDone: (() => void) | undefined;
  const worker = new AnalysisWorker({
    learn: (ids) => {
      batches.push([...ids]);
      const out = new Map<string, LearnOutcome>();
      for (const id of ids) {
        const call = (calls.get(id) ?? 0) + 1;
        calls.set(id, call);
        out.set(
          id,
          overrides.fail?.(id, call)
            ? { ok: false, error: new AtlasError("E7910", `attempt ${call} failed`).toData() }
            : { ok: true, value: result(id) },
        );
      }
      return Promise.resolve(out);
    },
    waiting: (limit) => Promise.resolve([...analyzing.values()].slice(0, limit)),
    report: (item) => {
      reports.push(item);
      analyzing.delete(item.trajectoryId);
      if (analyzing.size === 0) allDone?.();
    },
    log: silentLogger,
    batchSize: 100,
    concurrency: 1,
    maxQueued: 1_000,
    retryDelaysMs: [1, 1],
    clock: new ManualClock(0),
    ...overrides,
  });
  /** Closes `count` trajectories: stored as analyzing, then requested. */
  const close = (ids: string[]) => {
    const requests = ids.map((trajectoryId) => ({ trajectoryId, partition: 0 }));
    for (const r of requests) analyzing.set(r.trajectoryId, r);
    worker.request(requests);
  };
  const drained = () => new Promise<void>((resolve) => analyzing.size === 0 ? resolve() : (allDone = resolve));
  return { worker, reports, batches, calls, close, drained, analyzing };
}

const ids = (n: number, prefix = "t") => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

Deno.test("AnalysisWorker learns requests in batches of batchSize and reports each result once", async () => {
  const h = harness();
  h.close(ids(250));
  await h.drained();
  assert.deepEqual(h.batches.map((b) => b.length), [100, 100, 50]);
  assert.equal(h.reports.length, 250);
  assert.ok(h.reports.every((r) => r.result.ok));
  assert.equal(h.worker.backlog, 0);
});

Deno.test("AnalysisWorker does not queue a trajectory twice while it waits", async () => {
  const h = harness();
  h.close(["a", "b"]);
  h.worker.request([{ trajectoryId: "a", partition: 0 }, { trajectoryId: "b", partition: 0 }]);
  await h.drained();
  assert.deepEqual([...h.calls.values()], [1, 1]);
});

Deno.test("AnalysisWorker holds at most maxQueued in memory and reads the rest back from the store", async () => {
  let most = 0;
  const h = harness({ maxQueued: 30, batchSize: 10 });
  const observe = setInterval(() => (most = Math.max(most, h.worker.backlog)), 0);
  h.close(ids(100, "first"));
  assert.ok(h.worker.backlog <= 30, `${h.worker.backlog} in memory`);
  h.close(ids(100, "second"));
  await h.drained();
  clearInterval(observe);
  assert.ok(most <= 30, `${most} in memory at most`);
  assert.equal(h.reports.length, 200);
  assert.equal(new Set(h.reports.map((r) => r.trajectoryId)).size, 200, "each reported once");
  assert.ok([...h.calls.values()].every((n) => n === 1), "each learned once");
});

Deno.test("AnalysisWorker retries a trajectory that failed and reports E7910 once its attempts are spent", async () => {
  const h = harness({ fail: (id, call) => id === "always" || (id === "once" && call === 1) });
  h.close(["fine", "once", "always"]);
  await h.drained();
  const byId = new Map(h.reports.map((r) => [r.trajectoryId, r.result]));
  assert.equal(byId.get("fine")?.ok, true);
  assert.equal(byId.get("once")?.ok, true);
  const failed = byId.get("always");
  assert.equal(failed?.ok, false);
  assert.equal(failed?.ok === false && failed.error.code, "E7910");
  assert.deepEqual(Object.fromEntries(h.calls), { fine: 1, once: 2, always: 3 });
});

Deno.test("AnalysisWorker retries a whole batch whose learning threw (the store failed)", async () => {
  let throws = 1;
  const h = harness();
  const learned: string[][] = [];
  const worker = new AnalysisWorker({
    learn: (batch) => {
      learned.push([...batch]);
      if (throws-- > 0) return Promise.reject(new AtlasError("E7400", "database is locked"));
      return Promise.resolve(new Map(batch.map((id) => [id, { ok: true, value: result(id) }])));
    },
    waiting: () => Promise.resolve([]),
    report: (item) => h.reports.push(item),
    log: silentLogger,
    batchSize: 10,
    concurrency: 1,
    maxQueued: 100,
    retryDelaysMs: [1],
    clock: new ManualClock(0),
  });
  worker.request(ids(3).map((trajectoryId) => ({ trajectoryId, partition: 0 })));
  while (h.reports.length < 3) await new Promise((resolve) => setTimeout(resolve, 2));
  assert.deepEqual(learned, [ids(3), ids(3)]);
  assert.ok(h.reports.every((r) => r.result.ok));
});

Deno.test("AnalysisWorker reads the store again for what was left there while it was reading it", async () => {
  const reads: PromiseWithResolvers<void>[] = [];
  const h = harness({ maxQueued: 5, batchSize: 5 });
  const stored = (h.worker as unknown as { deps: AnalysisWorkerDeps }).deps;
  const read = stored.waiting;
  // The store answers as of when it was asked; the answer arrives when the test says.
  stored.waiting = async (limit) => {
    const rows = await read(limit);
    const gate = Promise.withResolvers<void>();
    reads.push(gate);
    await gate.promise;
    return rows;
  };
  h.close(ids(10, "a")); // five held, five left in the store
  while (reads.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  h.close(ids(20, "b")); // five more held, fifteen left in the store after it was read
  const deadline = Date.now() + 5_000;
  for (let released = 0; h.analyzing.size > 0 && Date.now() < deadline; released++) {
    while (reads.length <= released && h.analyzing.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    reads[released]?.resolve();
  }
  assert.equal(new Set(h.reports.map((r) => r.trajectoryId)).size, 30, `${h.analyzing.size} left waiting`);
});
