import assert from "node:assert/strict";
import { ManualClock } from "../clock.ts";
import { RateMeter } from "./rate_meter.ts";

Deno.test("RateMeter gives the mean rate over the window's full seconds and forgets older ones", () => {
  const clock = new ManualClock(1_000_000);
  const meter = new RateMeter(clock, 5);
  assert.equal(meter.perSecond(), 0);
  for (let second = 0; second < 4; second++) {
    meter.mark(8);
    clock.advance(1_000);
  }
  meter.mark(100); // the current second is still counting
  assert.equal(meter.perSecond(), 8);
  clock.advance(10_000);
  assert.equal(meter.perSecond(), 0);
});
