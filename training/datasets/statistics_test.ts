import assert from "node:assert/strict";
import { seededRandom } from "../../learning/seeded_random.ts";
import type { DifficultyLevel, TrainingExample } from "../example.ts";
import { splitStatistics, versionStatistics } from "./statistics.ts";
import { trainingExample } from "../example_fixture.ts";

Deno.test("splitStatistics() of nothing is all zeros", () => {
  const zero = { min: 0, p50: 0, p95: 0, max: 0, mean: 0 };
  assert.deepEqual(splitStatistics([]), {
    count: 0,
    domains: {},
    scoreHistogram: { bins: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], mean: 0 },
    tokens: { input: zero, output: zero },
    difficulty: { easy: 0, medium: 0, hard: 0 },
    confidence: { mean: 0 },
    privacy: { examples: 0, placeholders: {} },
  });
});

Deno.test("splitStatistics() counts domains, difficulty and score bins, with 100 in the last bin", () => {
  const stats = splitStatistics([
    example({ domain: "code", qualityScore: 0, level: "easy" }),
    example({ domain: "code", qualityScore: 9.99, level: "easy" }),
    example({ domain: "research", qualityScore: 10, level: "hard" }),
    example({ domain: "__proto__", qualityScore: 90, level: "medium" }),
    example({ domain: "code", qualityScore: 100, level: "hard" }),
  ]);
  assert.equal(stats.count, 5);
  assert.deepEqual(Object.entries(stats.domains), [["__proto__", 1], ["code", 3], ["research", 1]]);
  assert.deepEqual(stats.scoreHistogram.bins, [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
  assert.equal(stats.scoreHistogram.mean, (0 + 9.99 + 10 + 90 + 100) / 5);
  assert.deepEqual(stats.difficulty, { easy: 2, medium: 1, hard: 2 });
});

Deno.test("splitStatistics() summarises tokens with nearest-rank percentiles", () => {
  // 1..20 shuffled: p50 is the 10th value, p95 the 19th.
  const lengths = [7, 3, 20, 1, 15, 9, 12, 18, 2, 5, 11, 16, 4, 19, 8, 6, 14, 10, 13, 17];
  const stats = splitStatistics(lengths.map((input) => example({ input, output: input * 100, confidence: 0.5 })));
  assert.deepEqual(stats.tokens.input, { min: 1, p50: 10, p95: 19, max: 20, mean: 10.5 });
  assert.deepEqual(stats.tokens.output, { min: 100, p50: 1000, p95: 1900, max: 2000, mean: 1050 });
  assert.equal(stats.confidence.mean, 0.5);
  const one = splitStatistics([example({ input: 42 })]).tokens.input;
  assert.deepEqual(one, { min: 42, p50: 42, p95: 42, max: 42, mean: 42 });
});

Deno.test("versionStatistics() tallies each split and all of them at once", () => {
  const rows = [
    { example: example({ domain: "a" }), split: "train" as const },
    { example: example({ domain: "a" }), split: "train" as const },
    { example: example({ domain: "b" }), split: "val" as const },
  ];
  const stats = versionStatistics(rows);
  assert.equal(stats.all.count, 3);
  assert.deepEqual(stats.all.domains, { a: 2, b: 1 });
  assert.deepEqual(stats.train.domains, { a: 2 });
  assert.deepEqual(stats.val.domains, { b: 1 });
  assert.equal(stats.test.count, 0);
});

Deno.test("versionStatistics() handles 100k examples quickly", () => {
  const random = seededRandom(1);
  const levels: DifficultyLevel[] = ["easy", "medium", "hard"];
  const splits = ["train", "val", "test"] as const;
  const rows = Array.from({ length: 100_000 }, (_, i) => ({
    example: example({
      domain: `d${i % 7}`,
      qualityScore: random() * 100,
      input: Math.floor(random() * 4000),
      output: Math.floor(random() * 2000),
      level: levels[i % 3]!,
    }),
    split: splits[i % 10 === 0 ? 1 : i % 10 === 1 ? 2 : 0]!,
  }));
  const stats = versionStatistics(rows);
  assert.equal(stats.all.count, 100_000);
  assert.equal(stats.train.count + stats.val.count + stats.test.count, 100_000);
  assert.equal(stats.all.scoreHistogram.bins.reduce((a, b) => a + b, 0), 100_000);
  assert.ok(stats.all.tokens.input.p50 > 1800 && stats.all.tokens.input.p50 < 2200);
});

function example(
  fields: {
    domain?: string;
    qualityScore?: number;
    confidence?: number;
    level?: DifficultyLevel;
    input?: number;
    output?: number;
  } = {},
): TrainingExample {
  return trainingExample({
    qualityScore: fields.qualityScore ?? 80,
    confidence: fields.confidence ?? 0.9,
    domain: fields.domain ?? "code",
    difficulty: { score: 0.5, level: fields.level ?? "medium", steps: 3, tools: 1, tokens: 100, errors: 0 },
    tokens: { input: fields.input ?? 10, output: fields.output ?? 20 },
  });
}
