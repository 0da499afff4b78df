import assert from "node:assert/strict";
import { seededRandom } from "../../learning/seeded_random.ts";
import type { TrainingExample } from "../../training/example.ts";
import { defaultFilterConfig } from "../../training/filter/config.ts";
import { loadReactExamples, reactRunsPresent } from "../../training/filter/react_examples.ts";
import { compileMemory } from "./compile.ts";
import { evaluateMemory } from "./evaluate.ts";
import { rowsOf, rowStream } from "./memory_fixture.ts";
import { MemoryModel } from "./memory_model.ts";
import { finalAnswer, scoreAnswer } from "./score.ts";

/** A seeded 80/20 split of the runs: the same halves on every machine. */
function split(examples: readonly TrainingExample[], seed: number) {
  const random = seededRandom(seed);
  const shuffled = examples.map((example, i) => ({ example, key: random(), i }))
    .sort((a, b) => a.key - b.key || a.i - b.i).map((x) => x.example);
  const cut = Math.floor(shuffled.length * 0.8);
  return { train: shuffled.slice(0, cut), heldOut: shuffled.slice(cut) };
}

const compile = async (examples: readonly TrainingExample[]) =>
  MemoryModel.load(
    await compileMemory(rowStream(rowsOf(examples)), {
      baseModel: "claude-sonnet-5",
      fewShot: 4,
      dataset: { name: "react", version: "1.0.0", contentHash: "react" },
    }),
  );

const mean = (values: readonly number[]) => values.reduce((sum, x) => sum + x, 0) / (values.length || 1);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

Deno.test({
  name: "[real data] the memory retrieves from the right domain and beats a random WebShop answer on held-out runs",
  ignore: !reactRunsPresent(),
  async fn() {
    const { train, heldOut } = split(await loadReactExamples(), 42);
    // All of the train split, as compiled from an unfiltered version, and what the
    // dataset's default quality filter would have let into it.
    const everything = await compile(train);
    const good = train.filter((e) => e.qualityScore >= defaultFilterConfig.minQuality);
    const filtered = await compile(good);
    // No memory: an answer drawn at random from the domain's train outputs (same
    // answers, no retrieval), and for FEVER the majority verdict of the solved runs.
    const random = seededRandom(7);
    const anyOf = (domain: string) => {
      const pool = good.filter((e) => e.domain === domain);
      return pool[Math.floor(random() * pool.length)]!.output;
    };
    const verdicts = new Map<string, number>();
    for (const e of good) {
      if (e.domain === "fact-verification") {
        verdicts.set(finalAnswer(e.output), (verdicts.get(finalAnswer(e.output)) ?? 0) + 1);
      }
    }
    const majority = [...verdicts].sort((a, b) => b[1] - a[1])[0]![0];

    const domainHit = mean(heldOut.map((e) => everything.retrieve(e.input, 1)[0]?.domain === e.domain ? 1 : 0));
    // References only where the run's answer is known right (FEVER reward 1) or good (WebShop ≥ minQuality).
    const fever = heldOut.filter((e) => e.domain === "fact-verification" && e.qualityScore === 100);
    const shop = heldOut.filter((e) => e.domain === "web-shopping" && e.qualityScore >= defaultFilterConfig.minQuality);
    const score = async (cases: TrainingExample[], answer: (e: TrainingExample) => Promise<string> | string) => {
      const scores = await Promise.all(cases.map(async (e) => scoreAnswer(await answer(e), e.output)));
      return { exact: mean(scores.map((s) => s.exact)), f1: mean(scores.map((s) => s.f1)) };
    };
    const feverAll = await score(fever, (e) => everything.answer(e.input));
    const feverGood = await score(fever, (e) => filtered.answer(e.input));
    const feverRandom = await score(fever, () => anyOf("fact-verification"));
    const feverMajority = await score(fever, () => `Finish[${majority}]`);
    const shopGood = await score(shop, (e) => filtered.answer(e.input));
    const shopRandom = await score(shop, () => anyOf("web-shopping"));
    const backend = await evaluateMemory(everything, rowStream(rowsOf(heldOut, "val")));

    console.log(
      [
        `train ${train.length} (memory ${everything.snapshot.entries.length}, filtered ${good.length}), held out ${heldOut.length}`,
        `domain of the nearest entry right: ${pct(domainHit)}`,
        `FEVER verdict accuracy on ${fever.length} known-right references: memory ${pct(feverAll.exact)}, ` +
        `memory of quality-filtered runs ${pct(feverGood.exact)}, random train answer ${pct(feverRandom.exact)}, ` +
        `majority ${majority} ${pct(feverMajority.exact)}`,
        `WebShop token F1 on ${shop.length} good references: memory ${pct(shopGood.f1)}, random train answer ${
          pct(shopRandom.f1)
        }`,
        `backend val figures on all ${backend.valCases} held out: valScore ${pct(backend.valScore!)}, ` +
        `valExactMatch ${pct(backend.valExactMatch!)}`,
      ].join("\n"),
    );
    assert.ok(domainHit >= 0.95);
    assert.ok(shopGood.f1 > shopRandom.f1 + 0.05, "retrieval beats a random answer of the same domain");
    assert.ok(feverGood.exact >= feverAll.exact, "demonstrations of failed runs do not help");
  },
});
