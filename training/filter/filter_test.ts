import assert from "node:assert/strict";
import type { TrainingExample } from "../example.ts";
import { parseFilterConfig } from "./config.ts";
import { filterExamples, type RejectReason } from "./filter.ts";
import { example } from "./test_examples.ts";

const config = parseFilterConfig({});
const ids = (examples: readonly TrainingExample[]) => examples.map((e) => e.id);
const reasons = (result: ReturnType<typeof filterExamples>) =>
  Object.fromEntries(result.rejected.map((r) => [r.exampleId, r.reason]));
/** `count` examples of `domain` with distinct texts. */
const many = (domain: string, count: number, fields: Partial<TrainingExample> = {}) =>
  Array.from({ length: count }, (_, i) => example(`${domain}-${i}`, { domain, ...fields }));

Deno.test("filterExamples() passes a quality of exactly minQuality and rejects just below it", () => {
  const result = filterExamples(
    [example("edge", { qualityScore: 70 }), example("below", { qualityScore: 69.99 })],
    config,
  );
  assert.deepEqual(ids(result.accepted), ["edge"]);
  assert.deepEqual(result.rejected, [{ exampleId: "below", reason: "low-quality", detail: "quality 69.99 < 70" }]);
});

Deno.test("filterExamples() passes a confidence of exactly minConfidence and rejects just below it", () => {
  const result = filterExamples(
    [example("edge", { confidence: 0.6 }), example("below", { confidence: 0.5999 })],
    config,
  );
  assert.deepEqual(ids(result.accepted), ["edge"]);
  assert.deepEqual(result.rejected, [
    { exampleId: "below", reason: "low-confidence", detail: "confidence 0.5999 < 0.6" },
  ]);
});

Deno.test("filterExamples() rejects by the first failing stage only", () => {
  const result = filterExamples([example("both", { qualityScore: 10, confidence: 0.1 })], config);
  assert.deepEqual(result.rejected.map((r) => r.reason), ["low-quality"]);
});

Deno.test("filterExamples() keeps the higher-quality copy of near-duplicates, whatever the order", () => {
  const text = example("original");
  const result = filterExamples([
    example("worse", { input: text.input, output: text.output, qualityScore: 75 }),
    example("better", { input: text.input, output: text.output, qualityScore: 95 }),
    example("tie-b", { input: text.input, output: `${text.output} extra`, qualityScore: 95, confidence: 0.7 }),
    example("unrelated"),
  ], config);
  assert.deepEqual(ids(result.accepted), ["better", "unrelated"]);
  assert.deepEqual(reasons(result), { worse: "near-duplicate", "tie-b": "near-duplicate" });
  assert.match(result.rejected[0]!.detail, /^near-duplicate of better \(jaccard 1\.00\)$/);
});

Deno.test("filterExamples() lets a kept example win a duplicate, and neither returns nor rejects it", () => {
  const old = example("exec:old", { qualityScore: 71 });
  const result = filterExamples([example("new", { input: old.input, output: old.output, qualityScore: 99 })], config, [
    old,
  ]);
  assert.deepEqual(result.accepted, []);
  assert.deepEqual(result.rejected.map((r) => [r.exampleId, r.detail]), [
    ["new", "near-duplicate of exec:old (jaccard 1.00)"],
  ]);
});

Deno.test("filterExamples() caps a domain's share of accepted plus kept, dropping its lowest-ranked", () => {
  const candidates = [
    ...many("big", 8).map((e, i) => ({ ...e, qualityScore: 80 + i })),
    ...many("small", 2),
  ];
  const kept = many("other", 2).map((e) => ({ ...e, id: `kept-${e.id}` }));
  const result = filterExamples(candidates, parseFilterConfig({ diversity: { maxDomainShare: 0.5 } }), kept);
  // 2 small + 2 kept other: big may hold 4 of 8.
  assert.deepEqual(ids(result.accepted), ["big-4", "big-5", "big-6", "big-7", "small-0", "small-1"]);
  assert.equal(result.stats.rejected["domain-cap"], 4);
  assert.match(result.rejected[0]!.detail, /^big at its cap: 4 of 8 \(max share 0\.5\)$/);
});

Deno.test("filterExamples() samples exactly `size` new examples proportionally by domain", () => {
  const candidates = [...many("a", 30), ...many("b", 15), ...many("c", 5)];
  const result = filterExamples(candidates, parseFilterConfig({ sampling: { size: 10 } }), [example("kept")]);
  assert.equal(result.accepted.length, 10);
  const perDomain = Object.fromEntries(Object.entries(result.stats.byDomain).map(([d, s]) => [d, s.accepted]));
  assert.deepEqual(perDomain, { a: 6, b: 3, c: 1 });
  assert.equal(result.stats.rejected["sampled-out"], 40);
  assert.match(result.rejected.find((r) => r.reason === "sampled-out")!.detail, /^not among the 6 sampled from a/);
});

Deno.test("filterExamples() samples exactly `size` new examples balanced by domain", () => {
  const candidates = [...many("a", 30), ...many("b", 15), ...many("c", 3)];
  const result = filterExamples(candidates, parseFilterConfig({ sampling: { size: 20, strategy: "balanced" } }));
  assert.equal(result.accepted.length, 20);
  const perDomain = Object.fromEntries(Object.entries(result.stats.byDomain).map(([d, s]) => [d, s.accepted]));
  assert.deepEqual(perDomain, { a: 9, b: 8, c: 3 });
});

Deno.test("filterExamples() gives every rejection a reason and counts them in the stats", () => {
  const text = example("copy");
  const candidates = [
    ...many("web", 6),
    example("poor", { qualityScore: 20, domain: "web" }),
    example("unsure", { confidence: 0.1, domain: "facts" }),
    example("copy-1", { input: text.input, output: text.output, domain: "facts" }),
    example("copy-2", { input: text.input, output: text.output, domain: "facts" }),
  ];
  const result = filterExamples(candidates, config);
  assert.equal(result.accepted.length + result.rejected.length, candidates.length);
  assert.ok(result.rejected.every((r) => r.reason && r.detail));
  const expected: Record<RejectReason, number> = {
    "sensitive-data": 0,
    "low-quality": 1,
    "low-confidence": 1,
    anomaly: 0,
    "near-duplicate": 1,
    "domain-cap": 0,
    "sampled-out": 0,
  };
  assert.deepEqual(result.stats.rejected, expected);
  assert.deepEqual(result.stats.byDomain, {
    web: { candidates: 7, accepted: 6, rejected: 1 },
    facts: { candidates: 3, accepted: 1, rejected: 2 },
  });
  assert.equal(result.stats.candidates, 10);
  assert.equal(result.stats.accepted, 7);
  assert.equal(result.stats.diversity.domains, 2);
  assert.ok(Math.abs(result.stats.diversity.entropy - 0.5917) < 1e-4); // 6 web, 1 facts
  assert.deepEqual(result.stats.anomaly, {
    ran: false,
    reason: "8 examples (candidates left and kept), fewer than minExamples 64",
    threshold: 0.65,
  });
});

Deno.test("filterExamples() rejects a planted anomaly once there are enough examples", () => {
  const candidates = [
    ...many("web", 100),
    example("broken", { domain: "web", output: "", tokens: { input: 20, output: 0 } }),
  ];
  const result = filterExamples(candidates, config);
  assert.equal(result.stats.anomaly.ran, true);
  assert.deepEqual(result.rejected.map((r) => [r.exampleId, r.reason]), [["broken", "anomaly"]]);
  assert.match(result.rejected[0]!.detail, /^anomaly score 0\.\d{3} ≥ 0\.65$/);
  const disabled = filterExamples(candidates, parseFilterConfig({ anomaly: { enabled: false } }));
  assert.deepEqual(disabled.stats.anomaly, { ran: false, reason: "disabled", threshold: 0.65 });
});

Deno.test("filterExamples() gives the same result for the same configuration", () => {
  const candidates = [...many("a", 50), ...many("b", 30, { qualityScore: 90 }), ...many("c", 20)];
  const sampled = parseFilterConfig({
    sampling: { size: 25, strategy: "balanced" },
    diversity: { maxDomainShare: 0.45 },
  });
  assert.deepEqual(filterExamples(candidates, sampled), filterExamples(candidates, sampled));
  const reseeded = parseFilterConfig({ ...sampled, sampling: { ...sampled.sampling, seed: 7 } });
  assert.notDeepEqual(
    ids(filterExamples(candidates, sampled).accepted),
    ids(filterExamples(candidates, reseeded).accepted),
  );
});
