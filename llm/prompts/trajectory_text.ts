/**
 * A trajectory as the model reads it: the task, the outcome, then one line per
 * step, `[index] kind: content`. Long steps are shortened and a long trajectory
 * keeps its beginning and end, saying what it left out, so a prompt stays within
 * budget without hiding that something is missing.
 *
 * @module
 */
import type { Trajectory } from "../../learning/trajectory.ts";

/** @default limits: 600 characters a step, 12,000 in all. */
export function trajectoryText(trajectory: Trajectory, limits = { step: 600, total: 12_000 }): string {
  const head = [
    `Task: ${trajectory.task?.description ?? "(none given)"}`,
    `Family: ${trajectory.task?.family ?? "(unknown)"}`,
    `Outcome: ${trajectory.outcome ?? "unknown"}${trajectory.score === null ? "" : ` (score ${trajectory.score})`}`,
    "Steps:",
  ];
  const lines = trajectory.steps.map((s) => {
    const text = s.content.replace(/\s+/g, " ").trim();
    const shown = text.length > limits.step ? `${text.slice(0, limits.step)}… (${text.length} chars)` : text;
    const error = s.status === "error" || s.error !== undefined ? " [error]" : "";
    return `[${s.index}] ${s.kind}${error}: ${shown}`;
  });
  let budget = limits.total - head.join("\n").length;
  const total = lines.reduce((n, l) => n + l.length + 1, 0);
  if (total <= budget) return [...head, ...lines].join("\n");
  // Keep the start (the approach) and the end (how it finished); say what is elided.
  const kept: string[] = [];
  const tail: string[] = [];
  budget -= 80;
  for (let i = 0, j = lines.length - 1; i <= j;) {
    const next = kept.length <= tail.length ? lines[i] : lines[j];
    if (next === undefined || next.length + 1 > budget) break;
    budget -= next.length + 1;
    if (kept.length <= tail.length) kept.push(lines[i++]!);
    else tail.unshift(lines[j--]!);
  }
  const elided = lines.length - kept.length - tail.length;
  return [...head, ...kept, `… ${elided} steps elided …`, ...tail].join("\n");
}
