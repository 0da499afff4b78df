/**
 * The training-data join, as pure decisions: given the parts a join key has gathered,
 * emit a TrainingExample, dead-letter the key with a reason, or skip it. Which keys
 * are ready (all parts in, or waited long enough) is the store's question; what they
 * become is this module's.
 *
 * - `exec:<id>` joins L02 `execution.completed`, L05 `planning.completed` and L06
 *   `evaluation.completed` (CONTRACT section 4). The input is L02's (else L05's, else
 *   L06's), the output L02's (else L06's), the plan L05's output, the quality L06's.
 * - `traj:<id>` joins a closed trajectory with its evaluation: an
 *   `atlas.evaluation.completed`, or an L06 event whose execution id is the trajectory.
 *
 * When a type arrived more than once (a re-evaluation), the last received counts and
 * every one of them is in the lineage.
 *
 * @module
 */
import type { ErrorCode } from "../errors.ts";
import { stableId } from "../learning/stable_id.ts";
import type { Trajectory } from "../learning/trajectory.ts";
import { estimateDifficulty, trajectoryFacts } from "./extract/difficulty.ts";
import { classifyDomain } from "./extract/domain.ts";
import { trajectoryInput, trajectoryOutput } from "./extract/render_trajectory.ts";
import { textOf } from "./extract/text_of.ts";
import { estimateTokens } from "./extract/tokens.ts";
import { exampleSchemaVersion, type SourceEvent, type TrainingExample } from "./example.ts";

export type UpstreamType = "execution.completed" | "planning.completed" | "evaluation.completed";

export const upstreamTypes: readonly UpstreamType[] = [
  "execution.completed",
  "planning.completed",
  "evaluation.completed",
];

export interface UpstreamPart {
  type: UpstreamType;
  source: string;
  id: string;
  data: Record<string, unknown>;
  receivedAt: number;
}

export interface EvaluationPart {
  source: string;
  id: string;
  qualityScore: number;
  confidence: number;
  receivedAt: number;
}

export type JoinDecision =
  | { kind: "emit"; example: TrainingExample }
  | { kind: "dead"; code: ErrorCode; reason: string }
  /** Nothing to make and nothing wrong: an L06 that annotates a trajectory's own join. */
  | { kind: "skip"; reason: string };

export interface JoinSettings {
  waitMs: number;
  /** The confidence given to a trajectory's own outcome when no evaluator scored it. */
  outcomeConfidence: number;
  now: number;
}

/** An `exec:` key's parts; `isTrajectory` when the id also names a trajectory. */
export function decideExecution(
  executionId: string,
  parts: readonly UpstreamPart[],
  isTrajectory: boolean,
  settings: JoinSettings,
): JoinDecision {
  const latest = latestByType(parts);
  const execution = latest.get("execution.completed");
  const planning = latest.get("planning.completed");
  const evaluation = latest.get("evaluation.completed");
  if (!execution && !planning && evaluation && isTrajectory) {
    return { kind: "skip", reason: "an evaluation of the trajectory with this id: its own join uses it" };
  }
  const missing = upstreamTypes.filter((t) => !latest.has(t));
  const waited = `within ${seconds(settings.waitMs)}`;
  if (!evaluation) {
    return {
      kind: "dead",
      code: "E7020",
      reason: `no evaluation.completed ${waited}: nothing says how good the output was (have ${
        [...latest.keys()].join(", ")
      })`,
    };
  }
  const input = textOf(execution?.data.input ?? planning?.data.input ?? evaluation.data.input);
  const output = textOf(execution?.data.output ?? evaluation.data.output);
  if (!input.trim() || !output.trim()) {
    return {
      kind: "dead",
      code: "E7021",
      reason: `no ${!input.trim() ? "input" : "output"} ${waited} (have ${[...latest.keys()].join(", ")})`,
    };
  }
  const plan = planning ? textOf(planning.data.output) : null;
  const tools = toolNames(execution?.data.tools ?? planning?.data.tools);
  const steps = Array.isArray(execution?.data.steps) ? execution.data.steps.length : 1;
  const errors = errorCount(execution?.data);
  const tokens = { input: estimateTokens(input), output: estimateTokens(output) };
  const declared = stringOr(execution?.data.domain ?? planning?.data.domain ?? evaluation.data.domain);
  return {
    kind: "emit",
    example: {
      id: `exec:${executionId}`,
      source: "upstream",
      taskKey: stableId("input", normalise(input)),
      input,
      output,
      plan,
      qualityScore: Number(evaluation.data.quality_score),
      confidence: Number(evaluation.data.confidence),
      domain: classifyDomain({ text: [input, plan ?? ""].join("\n"), tools, declared }),
      difficulty: estimateDifficulty({
        steps,
        tools: new Set(tools).size,
        tokens: tokens.input + tokens.output,
        errors,
      }),
      tokens,
      lineage: {
        key: `exec:${executionId}`,
        events: [...parts].sort(byArrival).map(sourceEvent),
        missing,
        executionId,
      },
      schemaVersion: exampleSchemaVersion,
      extractedAt: settings.now,
    },
  };
}

export interface TrajectoryParts {
  /** Undefined when the trajectory never closed. */
  trajectory: Trajectory | undefined;
  /** The events its steps came from, in index order. */
  stepEvents: readonly SourceEvent[];
  evaluations: readonly EvaluationPart[];
  /** L06 events whose execution id is the trajectory. */
  upstreamEvaluations: readonly UpstreamPart[];
}

/** A `traj:` key's parts. */
export function decideTrajectory(trajectoryId: string, parts: TrajectoryParts, settings: JoinSettings): JoinDecision {
  const { trajectory } = parts;
  const waited = `within ${seconds(settings.waitMs)}`;
  if (!trajectory) {
    return { kind: "dead", code: "E7021", reason: `evaluated, but the trajectory did not close ${waited}` };
  }
  const score = latestScore(parts);
  if (!score && (trajectory.outcome === null || trajectory.outcome === "aborted")) {
    return {
      kind: "dead",
      code: "E7022",
      reason: `the trajectory ended ${trajectory.outcome ?? "without an outcome"} and no evaluation came ${waited}`,
    };
  }
  const input = trajectoryInput(trajectory);
  const output = trajectoryOutput(trajectory);
  if (!output.trim()) {
    return { kind: "dead", code: "E7021", reason: "the trajectory has no steps to learn from" };
  }
  const facts = trajectoryFacts(trajectory);
  const task = trajectory.task;
  const toolList = trajectory.steps.flatMap((s) => (s.tool ? [s.tool.name] : []));
  const evaluationEvents = [
    ...parts.evaluations.map((e) => ({
      type: "atlas.evaluation.completed",
      source: e.source,
      id: e.id,
      at: e.receivedAt,
    })),
    ...parts.upstreamEvaluations.map((u) => ({ type: u.type, source: u.source, id: u.id, at: u.receivedAt })),
  ].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id)).map(({ type, source, id }) => ({ type, source, id }));
  return {
    kind: "emit",
    example: {
      id: `traj:${trajectoryId}`,
      source: "trajectory",
      taskKey: `task:${task?.family ?? ""}|${task?.id ?? stableId("input", normalise(input))}`,
      input,
      output,
      plan: null,
      qualityScore: score?.qualityScore ?? outcomeQuality(trajectory),
      confidence: score?.confidence ?? settings.outcomeConfidence,
      domain: classifyDomain({ text: input, tools: toolList, family: task?.family, declared: task?.domain }),
      difficulty: estimateDifficulty(facts),
      tokens: { input: estimateTokens(input), output: estimateTokens(output) },
      lineage: {
        key: `traj:${trajectoryId}`,
        events: [...parts.stepEvents, ...evaluationEvents],
        missing: score ? [] : ["atlas.evaluation.completed"],
        trajectoryId,
      },
      schemaVersion: exampleSchemaVersion,
      extractedAt: settings.now,
    },
  };
}

/** The last evaluation received, of either kind. */
function latestScore(parts: TrajectoryParts): { qualityScore: number; confidence: number } | undefined {
  const candidates = [
    ...parts.evaluations.map((e) => ({
      at: e.receivedAt,
      id: e.id,
      qualityScore: e.qualityScore,
      confidence: e.confidence,
    })),
    ...parts.upstreamEvaluations.map((u) => ({
      at: u.receivedAt,
      id: u.id,
      qualityScore: Number(u.data.quality_score),
      confidence: Number(u.data.confidence),
    })),
  ].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  return candidates.at(-1);
}

/** Without an evaluator, the agent's own score (0–1), else its outcome, on the 0–100 scale. */
function outcomeQuality(t: Trajectory): number {
  if (t.score !== null) return Math.round(t.score * 10_000) / 100;
  return t.outcome === "success" ? 100 : t.outcome === "partial" ? 50 : 0;
}

function latestByType(parts: readonly UpstreamPart[]): Map<UpstreamType, UpstreamPart> {
  const latest = new Map<UpstreamType, UpstreamPart>();
  for (const part of [...parts].sort(byArrival)) latest.set(part.type, part);
  return latest;
}

/** Arrival order; parts stored in one micro-batch go in the layers' order, L02, L05, L06. */
const byArrival = (a: UpstreamPart, b: UpstreamPart) =>
  a.receivedAt - b.receivedAt || upstreamTypes.indexOf(a.type) - upstreamTypes.indexOf(b.type) ||
  a.id.localeCompare(b.id);

const sourceEvent = (p: UpstreamPart): SourceEvent => ({ type: p.type, source: p.source, id: p.id });

/** Tool names from a list of names or of `{ name }` objects. */
function toolNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((t) =>
    typeof t === "string" ? [t] : t && typeof t === "object" && typeof t.name === "string" ? [t.name] : []
  );
}

/** An execution's errors: a list of them, or one `error`. */
function errorCount(data: Record<string, unknown> | undefined): number {
  if (!data) return 0;
  if (Array.isArray(data.errors)) return data.errors.length;
  return data.error ? 1 : 0;
}

const stringOr = (value: unknown) => (typeof value === "string" && value ? value : undefined);

/** Inputs that differ only in case and spacing are the same task. */
const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim();

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
