import assert from "node:assert/strict";
import { ManualClock } from "../../clock.ts";
import { Pacer } from "./pacer.ts";

/** A pacer on a manual clock whose sleeps move the clock and are recorded. */
function pacer(perSecond: number | undefined) {
  const clock = new ManualClock(1_000);
  const sleeps: number[] = [];
  const sleep = (ms: number) => {
    sleeps.push(ms);
    clock.advance(ms);
    return Promise.resolve();
  };
  return { pacer: new Pacer(perSecond, clock, sleep), clock, sleeps };
}

Deno.test("Pacer spaces batches by their share of a second", async () => {
  const { pacer: p, sleeps } = pacer(100);
  await p.wait(100);
  await p.wait(50);
  await p.wait(100);
  assert.deepEqual(sleeps, [1000, 500]);
});

Deno.test("Pacer does not make up for a stall with a burst", async () => {
  const { pacer: p, clock, sleeps } = pacer(100);
  await p.wait(100);
  clock.advance(3_000); // the target took 3 s to answer
  await p.wait(100);
  await p.wait(100);
  assert.deepEqual(sleeps, [1000]);
});

Deno.test("Pacer caps a batch at one second of events, and without a rate changes nothing", async () => {
  assert.equal(pacer(100).pacer.batchSize(500), 100);
  assert.equal(pacer(2.5).pacer.batchSize(500), 2);
  assert.equal(pacer(0.5).pacer.batchSize(500), 1);
  assert.equal(pacer(1000).pacer.batchSize(500), 500);
  const { pacer: unpaced, sleeps } = pacer(undefined);
  assert.equal(unpaced.batchSize(500), 500);
  await unpaced.wait(500);
  await unpaced.wait(500);
  assert.deepEqual(sleeps, []);
});
