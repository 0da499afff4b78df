import assert from "node:assert/strict";
import { TestScheduler } from "rxjs/testing";
import { microBatch } from "./micro_batch.ts";

const testScheduler = () => new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));

Deno.test("microBatch() emits when maxSize is reached", () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const source = cold("-abcdef|");
    const batched = source.pipe(microBatch({ maxSize: 3, maxWaitMs: 100, scheduler }));
    expectObservable(batched).toBe("---x--y|", { x: ["a", "b", "c"], y: ["d", "e", "f"] });
  });
});

Deno.test("microBatch() emits maxWaitMs after the first item of a batch, not on fixed intervals", () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    // a at 0, b at 5, c at 15: [a, b] at 10, then c's own clock starts at 15, so [c] at 25 (not 20).
    const source = cold("a 4ms b 9ms c 30ms |");
    const batched = source.pipe(microBatch({ maxSize: 100, maxWaitMs: 10, scheduler }));
    expectObservable(batched).toBe("10ms x 14ms y 20ms |", { x: ["a", "b"], y: ["c"] });
  });
});

Deno.test("microBatch() starts a new clock after a batch emitted by size", () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    // [a, b, c] by size at 2; d arrives at 5 and waits its own 10 ms (15), not the first batch's timer (10).
    const source = cold("abc 2ms d 30ms |");
    const batched = source.pipe(microBatch({ maxSize: 3, maxWaitMs: 10, scheduler }));
    expectObservable(batched).toBe("--x 12ms y 20ms |", { x: ["a", "b", "c"], y: ["d"] });
  });
});

Deno.test("microBatch() emits nothing while the stream is idle", () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, hot, expectObservable }) => {
    expectObservable(cold("100ms |").pipe(microBatch({ maxSize: 2, maxWaitMs: 10, scheduler }))).toBe("100ms |");
    // One lone item, then silence that never ends: one batch, and no empty ones after it.
    const lone = hot("a").pipe(microBatch({ maxSize: 2, maxWaitMs: 10, scheduler }));
    expectObservable(lone, "^ 999ms !").toBe("10ms x", { x: ["a"] });
  });
});

Deno.test("microBatch() flushes what is buffered when the source completes", () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const batched = cold("ab|").pipe(microBatch({ maxSize: 10, maxWaitMs: 50, scheduler }));
    expectObservable(batched).toBe("--(x|)", { x: ["a", "b"] });
  });
});

Deno.test("microBatch() propagates an error without emitting the buffered items", () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const error = new Error("broker gone");
    const batched = cold("ab#", undefined, error).pipe(microBatch({ maxSize: 10, maxWaitMs: 50, scheduler }));
    expectObservable(batched).toBe("--#", undefined, error);
  });
});

Deno.test("microBatch() weighs items with sizeOf toward maxSize", () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const values = { a: { w: 4 }, b: { w: 4 }, c: { w: 3 }, d: { w: 10 }, e: { w: 1 } };
    const batched = cold("abcde 20ms |", values).pipe(
      microBatch({ maxSize: 10, maxWaitMs: 10, scheduler, sizeOf: (item) => (item as { w: number }).w }),
    );
    expectObservable(batched).toBe("--xy 10ms z 10ms |", {
      x: [values.a, values.b, values.c],
      y: [values.d],
      z: [values.e],
    });
  });
});

Deno.test("microBatch() unsubscribes from its source and drops the pending timer when unsubscribed", () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const source = cold("a 20ms b");
    const batched = source.pipe(microBatch({ maxSize: 10, maxWaitMs: 10, scheduler }));
    expectObservable(batched, "^ 5ms !").toBe("");
    expectSubscriptions(source.subscriptions).toBe("^ 5ms !");
    // The batch's timer (due at 10) is pending at 3, and gone at 7, after the unsubscription at 5.
    const pending = () => scheduler.actions.map((a) => a.delay);
    scheduler.schedule(() => assert.ok(pending().includes(10)), 3);
    scheduler.schedule(() => assert.deepEqual(pending(), []), 7);
  });
});
