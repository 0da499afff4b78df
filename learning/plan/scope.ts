/**
 * What a signature is scoped by: the task's family, or when it has none (runs
 * from OpenTelemetry and message logs rarely carry one) the domain the taxonomy
 * gives its task, transcript and tools, so that strategies of unrelated agents do
 * not merge for lack of a name.
 *
 * @module
 */
import { classifyDomain } from "../../training/extract/domain.ts";
import type { Trajectory } from "../trajectory.ts";

/** Characters of the transcript the domain is read from: the task and the start of the work say it. */
const transcriptChars = 4_000;

/** The family, or `domain:<domain>`. */
export function scopeOf(trajectory: Trajectory): string {
  const family = trajectory.task?.family;
  if (family) return family;
  const tools = [...new Set(trajectory.steps.flatMap((s) => s.tool?.name ? [s.tool.name] : []))];
  const text = [trajectory.task?.description ?? "", ...trajectory.steps.map((s) => s.content)].join("\n")
    .slice(0, transcriptChars);
  return `domain:${classifyDomain({ text, tools, declared: trajectory.task?.domain })}`;
}
