import assert from "node:assert/strict";
import { defaultGoal, judge, verdict } from "./hit_rate.ts";
import { checkPlans } from "./plan_check.ts";
import { datasetLines, type DatasetResult, markdown, summaryTable } from "./report.ts";

const point = (seen: number, memory: number, baseline: number) => ({
  seen,
  own: seen / 2,
  memory,
  baseline,
  fleet: baseline,
  agent: 1,
  byFamily: { "fact-verification": memory },
});

const fever = (): DatasetResult => {
  const curve = [point(0, 0, 0), point(100, 0.9, 0.7), point(200, 0.95, 0.72)];
  return {
    name: "fever",
    shape: { shape: "text-actions", counts: [["text-actions", 500]] },
    families: 1,
    runs: 500,
    heldOut: 30,
    replayed: 470,
    scope: "fleet",
    curve,
    verdict: verdict(curve),
    judgement: judge(curve),
    plans: checkPlans([]),
    passed: false,
  };
};

Deno.test("datasetLines() prints the curve, the means and says when 1.5× the baseline is out of reach", () => {
  const text = datasetLines(fever(), defaultGoal).join("\n");
  assert.match(text, /^== fever: text-actions \(text-actions 500\); 500 runs, 1 families; 30 held out, 470 replayed/);
  const rows = text.split("\n").map((line) => line.trim().split(/\s+/).join(" "));
  assert.ok(rows.includes("200 100 95.0% 72.0% 72.0% 100.0%"), text);
  assert.match(text, /mean after the first point: memory 92\.5%, baseline 71\.0%, ratio 1\.30×/);
  assert.match(text, /MISSED \(out of reach for any memory: 1\.5× a baseline of 72\.0% is 108\.0%\)/);
});

Deno.test("summaryTable() is a Markdown table with a row per dataset", () => {
  const lines = summaryTable([fever()]).split("\n");
  const cells = (line: string) => line.split("|").slice(1, -1).map((cell) => cell.trim());
  assert.equal(lines.length, 3);
  assert.deepEqual(cells(lines[0]!).slice(0, 4), ["dataset", "agent shape", "held out", "hit@3 (end)"]);
  assert.ok(cells(lines[1]!).every((cell) => /^-{3,}$/.test(cell)));
  assert.deepEqual(cells(lines[2]!).slice(0, 6), ["fever", "text-actions", "30", "95.0%", "72.0% fleet", "1.32×"]);
  assert.equal(cells(lines[2]!)[8], "missed (out of reach)");
  assert.equal(new Set(lines.map((line) => line.length)).size, 1);
});

Deno.test("markdown() pads every column to its widest cell", () => {
  assert.equal(markdown([["a", "bb"], ["ccc", "d"]]), "| a   | bb  |\n| --- | --- |\n| ccc | d   |");
});
