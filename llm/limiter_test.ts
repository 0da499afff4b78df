import assert from "node:assert/strict";
import { AtlasError } from "../errors.ts";
import { Limiter } from "./limiter.ts";

/** A promise with its resolve exposed, to finish tasks in the order a test chooses. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => resolve = r);
  return { promise, resolve };
}

Deno.test("Limiter runs at most `concurrency` tasks at once", async () => {
  const limiter = new Limiter(2);
  const gates = [deferred(), deferred(), deferred(), deferred()];
  let running = 0;
  let most = 0;
  const runs = gates.map((gate) =>
    limiter.run(async () => {
      most = Math.max(most, ++running);
      await gate.promise;
      running--;
    })
  );
  await Promise.resolve();
  assert.equal(limiter.active, 2);
  assert.equal(limiter.waiting, 2);
  for (const gate of gates) gate.resolve();
  await Promise.all(runs);
  assert.equal(most, 2);
  assert.equal(limiter.active, 0);
  assert.equal(limiter.waiting, 0);
});

Deno.test("Limiter starts waiting tasks in arrival order", async () => {
  const limiter = new Limiter(1);
  const first = deferred();
  const started: number[] = [];
  const runs = [0, 1, 2, 3].map((n) =>
    limiter.run(async () => {
      started.push(n);
      if (n === 0) await first.promise;
    })
  );
  // A latecomer queues behind the tasks already waiting.
  first.resolve();
  runs.push(limiter.run(() => Promise.resolve(void started.push(4))));
  await Promise.all(runs);
  assert.deepEqual(started, [0, 1, 2, 3, 4]);
});

Deno.test("Limiter frees the slot when a task throws", async () => {
  const limiter = new Limiter(1);
  await assert.rejects(limiter.run(() => Promise.reject(new Error("boom"))), /boom/);
  assert.equal(await limiter.run(() => Promise.resolve("next")), "next");
  assert.equal(limiter.active, 0);
});

Deno.test("Limiter rejects a concurrency below 1 with E7500", () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => new Limiter(bad), (e) => e instanceof AtlasError && e.code === "E7500");
  }
});
