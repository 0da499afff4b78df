import assert from "node:assert/strict";
import type { TrainingExample } from "../example.ts";
import { toJsonl } from "./jsonl.ts";
import { maxPairsPerTask, pairs, preferenceLine, preferenceLines } from "./preference.ts";
import { byQuality } from "./task_groups.ts";
import { dataset, example, jsonlLines, row, source } from "./test_examples.ts";

const names = (lines: { source: { chosen: string; rejected: string } }[]) =>
  lines.map((l) => `${l.source.chosen}>${l.source.rejected}`);

Deno.test("preferenceLines() pairs within one split and task, widest margin first", async () => {
  const lines = await Array.fromAsync(preferenceLines(source(dataset), {}));
  // train "sum" a 90, b 80, c 55; val "sum" e 100 and f 95 are 5 apart; e and f never meet train's.
  assert.deepEqual(names(lines), ["a>c", "b>c", "a>b"]);
  assert.deepEqual(lines[0], {
    prompt: "Task sum: answer it.",
    chosen: "Answer a to sum.",
    rejected: "Answer c to sum.",
    chosen_score: 90,
    rejected_score: 55,
    margin: 35,
    domain: "math",
    source: { chosen: "a", rejected: "c" },
  });
});

Deno.test("preferenceLines() pairs a difference equal to minMargin and not one below it", async () => {
  const rows = [
    row("train", example("a", "t", 90)),
    row("train", example("b", "t", 80)),
    row("train", example("c", "t", 81)),
  ];
  assert.deepEqual(names(await Array.fromAsync(preferenceLines(source(rows), { minMargin: 10 }))), ["a>b"]);
  assert.deepEqual(names(await Array.fromAsync(preferenceLines(source(rows), { minMargin: 9 }))), ["a>b", "a>c"]);
  const fractional = [row("val", example("p", "t", 70.3)), row("val", example("q", "t", 60.3))];
  const [line] = await Array.fromAsync(preferenceLines(source(fractional), { minMargin: 10 }));
  assert.equal(line?.margin, 10);
  preferenceLine.parse(line);
});

Deno.test("preferenceLines() never pairs the same task across splits", async () => {
  const rows = [
    row("train", example("a", "t", 95)),
    row("val", example("b", "t", 10)),
    row("test", example("c", "t", 50)),
  ];
  assert.deepEqual(await Array.fromAsync(preferenceLines(source(rows), {})), []);
});

/** Every pair, ordered as `pairs` promises, then cut: what the pruned search must equal. */
function bruteForce(group: TrainingExample[], minMargin: number) {
  const ranked = group.toSorted(byQuality);
  const all = ranked.flatMap((a, i) =>
    ranked.slice(i + 1).map((b, k) => ({ i, j: i + 1 + k, margin: a.qualityScore - b.qualityScore }))
  ).filter((p) => p.margin >= minMargin - 1e-9);
  all.sort((a, b) => b.margin - a.margin || a.i - b.i || b.j - a.j);
  return all.slice(0, maxPairsPerTask).map(({ i, j }) => `${ranked[i]!.id}>${ranked[j]!.id}`);
}

Deno.test("pairs() keeps the 16 widest pairs of a large group, best against worst first, as a full search would", () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const size of [2, 5, 17, 40, 200]) {
    // Scores on a coarse grid, so ties are common.
    const group = Array.from(
      { length: size },
      (_, i) => example(`e${String(i).padStart(3, "0")}`, "t", Math.floor(next() * 21) * 5),
    );
    for (const minMargin of [5, 10, 50]) {
      const found = pairs(group.toReversed(), minMargin).map(([a, b]) => `${a.id}>${b.id}`);
      assert.deepEqual(found, bruteForce(group, minMargin), `size ${size}, margin ${minMargin}`);
      assert.ok(found.length <= maxPairsPerTask);
    }
  }
  const ladder = Array.from({ length: 40 }, (_, i) => example(`s${String(i).padStart(2, "0")}`, "t", i * 2.5));
  const widest = pairs(ladder, 10);
  assert.equal(widest.length, maxPairsPerTask);
  assert.deepEqual(widest[0]!.map((e) => e.id), ["s39", "s00"]);
});

Deno.test("preferenceLines() gives valid lines only, and the same through JSONL", async () => {
  const lines = await Array.fromAsync(preferenceLines(source(dataset), { minMargin: 5 }));
  assert.equal(lines.length, 4);
  for (const line of lines) preferenceLine.parse(line);
  const read = (await jsonlLines(toJsonl(preferenceLines(source(dataset), { minMargin: 5 })))).map((l) =>
    JSON.parse(l)
  );
  assert.deepEqual(read, lines);
  for (const line of read) preferenceLine.parse(line);
});

Deno.test("preferenceLine refuses a margin that is not the difference, a score above 100 and extra keys", () => {
  const valid = {
    prompt: "p",
    chosen: "c",
    rejected: "r",
    chosen_score: 90,
    rejected_score: 70,
    margin: 20,
    domain: "d",
    source: { chosen: "a", rejected: "b" },
  };
  preferenceLine.parse(valid);
  assert.throws(() => preferenceLine.parse({ ...valid, margin: 19 }));
  assert.throws(() => preferenceLine.parse({ ...valid, chosen_score: 120, margin: 50 }));
  assert.throws(() => preferenceLine.parse({ ...valid, split: "train" }));
  assert.throws(() => preferenceLine.parse({ ...valid, source: { ...valid.source, task: "t" } }));
});
