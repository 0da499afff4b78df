import assert from "node:assert/strict";
import { hit, type Point, rate, verdict } from "./hit_rate.ts";

const point = (seen: number, memory: number, baseline: number): Point => ({ seen, memory, baseline, byFamily: {} });

Deno.test("hit() looks for the family among the answers; rate() is the share of hits", () => {
  assert.equal(hit("web-shopping", ["fact-verification", null, "web-shopping"]), true);
  assert.equal(hit("web-shopping", []), false);
  assert.equal(rate([true, false, true, true]), 0.75);
  assert.equal(rate([]), 0);
});

Deno.test("verdict() holds for a rising curve above the baseline", () => {
  const v = verdict([point(0, 0, 0), point(100, 0.6, 0.5), point(200, 0.9, 0.6)]);
  assert.deepEqual([v.rises, v.beatsBaseline, v.holds], [true, true, true]);
  assert.match(v.summary, /^memory 0\.0% → 90\.0% \(mean 75\.0%\), recency baseline 0\.0% → 60\.0% \(mean 55\.0%\)$/);
});

Deno.test("verdict() fails a curve that falls back or stays under the baseline", () => {
  assert.equal(verdict([point(0, 0, 0), point(100, 0.9, 0.5), point(200, 0.6, 0.5)]).rises, false);
  const under = verdict([point(0, 0, 0), point(100, 0.5, 0.7), point(200, 0.6, 0.7)]);
  assert.deepEqual([under.rises, under.beatsBaseline, under.holds], [true, false, false]);
  assert.equal(verdict([point(0, 0, 0)]).holds, false);
});
