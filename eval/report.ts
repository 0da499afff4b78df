/**
 * What `deno task eval` prints: per dataset its curve, means, final point, verdict,
 * goal and plan check; then a Markdown table to paste into the README. Pure: results
 * in, lines out.
 *
 * @module
 */
import type { ShapeCount } from "./agent_shape.ts";
import type { Scope } from "./baseline.ts";
import type { DatasetPoint } from "./curves.ts";
import { type Goal, type Judgement, meanAfterFirst, pct, type Verdict } from "./hit_rate.ts";
import { maxPlanSteps, type PlanCheck } from "./plan_check.ts";

export interface DatasetResult {
  name: string;
  shape: ShapeCount;
  families: number;
  runs: number;
  heldOut: number;
  replayed: number;
  /** The baseline the goal is judged against. */
  scope: Scope;
  curve: DatasetPoint[];
  verdict: Verdict;
  judgement: Judgement;
  plans: PlanCheck;
  /** Goal met, verdict holds and the plan check passes. */
  passed: boolean;
}

const scopeText: Record<Scope, string> = {
  fleet: "fleet recency (one family: the agent's own recency would be 100% by construction)",
  agent: "the agent's own recency (stronger than the fleet's when a dataset has several families)",
};

const ratioText = (x: number) => Number.isFinite(x) ? `${x.toFixed(2)}×` : "∞";

/** The means after the first point and their ratio. */
export function means(curve: readonly DatasetPoint[]) {
  const memory = meanAfterFirst(curve, (p) => p.memory);
  const baseline = meanAfterFirst(curve, (p) => p.baseline);
  return { memory, baseline, ratio: baseline > 0 ? memory / baseline : Infinity };
}

/** The block printed for one dataset. */
export function datasetLines(r: DatasetResult, goal: Goal): string[] {
  const shapes = r.shape.counts.map(([shape, n]) => `${shape} ${n}`).join(", ");
  const lines = [
    `== ${r.name}: ${r.shape.shape} (${shapes}); ${r.runs} runs, ${r.families} families; ` +
    `${r.heldOut} held out, ${r.replayed} replayed`,
    `   goal's baseline: ${scopeText[r.scope]}`,
    `    seen    own   memory  baseline     fleet     agent`,
    ...r.curve.map((p) =>
      `   ${String(p.seen).padStart(5)}  ${String(p.own).padStart(5)}  ` +
      [p.memory, p.baseline, p.fleet, p.agent].map((x) => pct(x).padStart(8)).join("  ")
    ),
  ];
  const last = r.curve.at(-1);
  if (last && Object.keys(last.byFamily).length > 1) {
    lines.push(
      `   memory by family at the end: ${Object.entries(last.byFamily).map(([f, x]) => `${f} ${pct(x)}`).join(", ")}`,
    );
  }
  const m = means(r.curve);
  const j = r.judgement;
  lines.push(
    `   mean after the first point: memory ${pct(m.memory)}, baseline ${pct(m.baseline)}, ratio ${ratioText(m.ratio)}`,
    `   final: memory ${pct(j.memory)}, baseline ${pct(j.baseline)}, ratio ${ratioText(j.ratio)}; ` +
      `curve rises ${yes(r.verdict.rises)}, beats the baseline ${yes(r.verdict.beatsBaseline)}`,
    `   goal (hit@3 ≥ ${pct(goal.minHitRate)} and ≥ ${goal.minRatio}× the baseline): ${goalText(r, goal)}`,
    `   plans: ${planText(r.plans)}`,
  );
  return lines;
}

function goalText(r: DatasetResult, goal: Goal): string {
  if (r.heldOut === 0) return "NOT MEASURED: no family has enough runs to hold one out";
  const j = r.judgement;
  if (j.met) return "met";
  const reach = j.reachable
    ? ""
    : ` (out of reach for any memory: ${goal.minRatio}× a baseline of ${pct(j.baseline)} is ${
      pct(goal.minRatio * j.baseline)
    })`;
  return `MISSED${reach}`;
}

function planText(p: PlanCheck): string {
  const failures = [
    ...p.examples.empty.length ? [`empty e.g. ${p.examples.empty.join(", ")}`] : [],
    ...p.examples.tooLong.length ? [`too long e.g. ${p.examples.tooLong.join(", ")}`] : [],
  ];
  return `${p.successes} successful runs, ${p.empty} empty, ${p.tooLong} over ${maxPlanSteps} steps; ` +
    `steps min ${p.min}, median ${p.median}, max ${p.max}${failures.length ? ` (${failures.join("; ")})` : ""}`;
}

const yes = (b: boolean) => (b ? "yes" : "no");

/** The summary as a Markdown table, for the README. */
export function summaryTable(results: readonly DatasetResult[]): string {
  const header = [
    "dataset",
    "agent shape",
    "held out",
    "hit@3 (end)",
    "baseline (end)",
    "ratio",
    "mean hit@3",
    "mean baseline",
    "goal",
    "successes",
    `empty / > ${maxPlanSteps} plans`,
    "plan steps min / median / max",
  ];
  const rows = results.map((r) => {
    const m = means(r.curve);
    const j = r.judgement;
    return [
      r.name,
      r.shape.shape,
      String(r.heldOut),
      pct(j.memory),
      `${pct(j.baseline)} ${r.scope}`,
      ratioText(j.ratio),
      pct(m.memory),
      pct(m.baseline),
      r.heldOut === 0 ? "not measured" : j.met ? "met" : j.reachable ? "missed" : "missed (out of reach)",
      String(r.plans.successes),
      `${r.plans.empty} / ${r.plans.tooLong}`,
      `${r.plans.min} / ${r.plans.median} / ${r.plans.max}`,
    ];
  });
  return markdown([header, ...rows]);
}

/** Rows as a Markdown table with padded columns (as `deno fmt` leaves them). */
export function markdown(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(3, ...rows.map((row) => [...(row[i] ?? "")].length)));
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, i) => cell + " ".repeat(widths[i]! - [...cell].length)).join(" | ")} |`;
  return [line(rows[0]!), line(widths.map((w) => "-".repeat(w))), ...rows.slice(1).map(line)].join("\n");
}
