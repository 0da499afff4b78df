import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { defaultFilterConfig, parseFilterConfig } from "./config.ts";

Deno.test("parseFilterConfig() fills every default from an empty object", () => {
  assert.deepEqual(parseFilterConfig({}), defaultFilterConfig);
  assert.deepEqual(parseFilterConfig(undefined), defaultFilterConfig);
  assert.equal(defaultFilterConfig.minQuality, 70);
  assert.equal(defaultFilterConfig.minConfidence, 0.6);
  assert.deepEqual(defaultFilterConfig.nearDuplicates, {
    enabled: true,
    threshold: 0.85,
    shingleSize: 5,
    permutations: 128,
    bands: 32,
    seed: 42,
  });
  assert.equal(defaultFilterConfig.anomaly.minExamples, 64);
  assert.equal(defaultFilterConfig.diversity.maxDomainShare, 1);
  assert.deepEqual(defaultFilterConfig.sampling, { strategy: "proportional", seed: 42 });
});

Deno.test("parseFilterConfig() fills the defaults of a partly given part", () => {
  const config = parseFilterConfig({ anomaly: { threshold: 0.7 }, sampling: { size: 100, strategy: "balanced" } });
  assert.equal(config.anomaly.threshold, 0.7);
  assert.equal(config.anomaly.trees, 100);
  assert.deepEqual(config.sampling, { size: 100, strategy: "balanced", seed: 42 });
});

Deno.test("parseFilterConfig() throws E7100 naming every problem, unknown keys included", () => {
  assert.throws(
    () =>
      parseFilterConfig({
        minQuality: 101,
        anomaly: { threshold: 1 },
        nearDuplicates: { permutations: 128, bands: 30 },
        sampling: { size: 0 },
        typo: true,
      }),
    (error: unknown) => {
      assert.ok(error instanceof AtlasError);
      assert.equal(error.code, "E7100");
      assert.match(error.message, /^invalid filter configuration: /);
      for (const path of ["minQuality", "anomaly.threshold", "nearDuplicates.bands", "sampling.size", "typo"]) {
        assert.match(error.message, new RegExp(path.replace(".", "\\.")));
      }
      assert.ok(Array.isArray(error.details));
      return true;
    },
  );
});

Deno.test("parseFilterConfig() refuses an unknown key inside a part", () => {
  assert.throws(() => parseFilterConfig({ diversity: { maxDomainShare: 0.5, minDomains: 2 } }), /diversity/);
  assert.throws(() => parseFilterConfig({ diversity: { maxDomainShare: 0 } }), /diversity\.maxDomainShare/);
});
