import assert from "node:assert/strict";
import { AtlasError } from "../errors.ts";
import { resolveThresholds } from "./thresholds.ts";

Deno.test("resolveThresholds() fills in the documented defaults", () => {
  assert.deepEqual(resolveThresholds(), {
    minMeanScore: 0.5,
    caseMinScore: 0.5,
    benchmarkTolerance: 0.02,
    maxRefusalRate: 0.2,
    domainTolerance: 0.05,
    requiredDomains: [],
    maxP95Ms: 5_000,
  });
  assert.equal(resolveThresholds({ maxP50Ms: 800 }).maxP50Ms, 800);
});

Deno.test("resolveThresholds() throws E7205 for out-of-range or unknown thresholds", () => {
  for (const input of [{ minMeanScore: -0.1 }, { maxP95Ms: 0 }, { requiredDomains: [""] }, { maxLatency: 1 }, "x"]) {
    assert.throws(
      () => resolveThresholds(input),
      (error: unknown) => error instanceof AtlasError && error.code === "E7205" && error.status === 400,
    );
  }
});
