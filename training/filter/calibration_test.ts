/**
 * The default anomaly threshold against real data: the 1,000 ReAct FEVER and WebShop
 * runs of `shared/data` (beside the repo in CI). The default filter must flag only a
 * small share of them, and must flag garbage planted among them. Skipped, saying so,
 * when the data is absent.
 */
import assert from "node:assert/strict";
import type { TrainingExample } from "../example.ts";
import { defaultFilterConfig, parseFilterConfig } from "./config.ts";
import { filterExamples } from "./filter.ts";
import { loadReactExamples, reactRunsPresent } from "./react_examples.ts";

const present = reactRunsPresent();
if (!present) console.warn("calibration_test: skipped, shared/data/react-* not found (it sits beside the repo in CI)");

/** Broken examples made from good ones: what a faulty extractor or a looping agent produces. */
function garbage(real: readonly TrainingExample[]): TrainingExample[] {
  const fever = real.find((e) => e.domain === "fact-verification" && e.qualityScore === 100)!;
  const shop = real.find((e) => e.domain === "web-shopping" && e.qualityScore === 100)!;
  return [
    { ...fever, id: "garbage:repeated", output: "a".repeat(20_000), tokens: { ...fever.tokens, output: 5_000 } },
    { ...fever, id: "garbage:empty", output: "", tokens: { ...fever.tokens, output: 0 } },
    {
      ...shop,
      id: "garbage:tiny-input",
      input: "x",
      output: shop.output.repeat(20),
      tokens: { input: 1, output: shop.tokens.output * 20 },
    },
  ];
}

Deno.test({
  name: "the default anomaly threshold flags under 2% of the real ReAct examples that pass quality",
  ignore: !present,
  async fn() {
    const real = await loadReactExamples();
    const { stats } = filterExamples(real, defaultFilterConfig);
    const scored = stats.candidates - stats.rejected["low-quality"] - stats.rejected["low-confidence"];
    assert.equal(stats.anomaly.ran, true);
    assert.ok(stats.rejected.anomaly / scored < 0.02, `${stats.rejected.anomaly} of ${scored} flagged`);
    // Without the quality filter the failed runs, more varied, are scored too: still a small share.
    const unfiltered = filterExamples(real, parseFilterConfig({ minQuality: 0 })).stats;
    assert.ok(unfiltered.rejected.anomaly / real.length < 0.03, `${unfiltered.rejected.anomaly} of 1000 flagged`);
  },
});

Deno.test({
  name: "the default anomaly threshold flags garbage planted among the real ReAct examples",
  ignore: !present,
  async fn() {
    const real = await loadReactExamples();
    const planted = garbage(real);
    for (const candidates of [[...real, ...planted], ...planted.map((g) => [...real, g])]) {
      const flagged = filterExamples(candidates, defaultFilterConfig).rejected.filter((r) => r.reason === "anomaly");
      for (const g of planted.filter((g) => candidates.includes(g))) {
        assert.ok(flagged.some((r) => r.exampleId === g.id), `${g.id} not flagged`);
      }
    }
  },
});
