/**
 * How hard an example's work was, from its shape alone: how many steps, how many
 * different tools, how much text, how many errors. Curriculum ordering and the
 * datasets' difficulty balance read it, so it is a transparent formula, not a model.
 *
 * @module
 */
import type { Trajectory } from "../../learning/trajectory.ts";
import type { Difficulty, DifficultyLevel } from "../example.ts";
import { estimateTokens } from "./tokens.ts";
import { textOf } from "./text_of.ts";
import { distinctTools, toolOf } from "./tools.ts";

export interface DifficultyFacts {
  /** Actions taken (see `trajectoryFacts`). */
  steps: number;
  /** Distinct tools used. */
  tools: number;
  /** Tokens of the whole run. */
  tokens: number;
  /** Steps that failed. */
  errors: number;
}

/**
 * Each fact counts through `1 − exp(−x / scale)`: 0 at none, 0.63 at `scale`, 0.95 at
 * three times `scale`, never past 1, so one huge count cannot make an example hard by
 * itself and the first few steps matter more than the fortieth. The scales sit where
 * the real runs spread, so the score tells them apart: FEVER takes 2–7 actions
 * (median 2) and WebShop 5–15 (median 8); a run uses 1–3 tools; transcripts run
 * 65–3,700 tokens (medians 220 and 440). On those runs 97% of FEVER's come out
 * easy and 82% of WebShop's medium. Weights sum to 1: steps and errors say most about how hard
 * the work was, tokens partly restate steps, and tools vary least.
 */
export const difficultyModel = {
  steps: { weight: 0.4, scale: 8 },
  errors: { weight: 0.3, scale: 2 },
  tokens: { weight: 0.2, scale: 1_000 },
  tools: { weight: 0.1, scale: 3 },
} as const satisfies Record<keyof DifficultyFacts, { weight: number; scale: number }>;

/** The level boundaries: easy below 0.33, medium below 0.66, hard from there. */
export const difficultyLevels = { medium: 0.33, hard: 0.66 } as const;

/**
 * The difficulty of work of this shape: a score from 0 to 1, its level, and the facts
 * it came from. Strictly increasing in each fact.
 *
 * @example
 * ```ts
 * estimateDifficulty({ steps: 1, tools: 0, tokens: 40, errors: 0 }).level; // "easy"
 * estimateDifficulty({ steps: 30, tools: 4, tokens: 9_000, errors: 5 }).level; // "hard"
 * ```
 */
export function estimateDifficulty(facts: DifficultyFacts): Difficulty {
  const clean = {
    steps: count(facts.steps),
    tools: count(facts.tools),
    tokens: count(facts.tokens),
    errors: count(facts.errors),
  };
  let score = 0;
  for (const [fact, { weight, scale }] of Object.entries(difficultyModel)) {
    score += weight * (1 - Math.exp(-clean[fact as keyof DifficultyFacts] / scale));
  }
  return { score, level: levelOf(score), ...clean };
}

function levelOf(score: number): DifficultyLevel {
  return score < difficultyLevels.medium ? "easy" : score < difficultyLevels.hard ? "medium" : "hard";
}

/** A count as the formula needs it: finite and not negative. */
const count = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

/**
 * The facts of a trajectory. Steps are its actions (`action`, `tool_call`), or every
 * step when it took none: producers split one ReAct turn into one to three steps, and
 * the actions are the decisions made whichever way they split. Tools are the distinct
 * tool names (`tool.name`, or the verb of `Search[...]`). Tokens are what the steps
 * report, or the estimate of their text where they report none. Errors are steps
 * with status `error` or an `error`.
 */
export function trajectoryFacts(t: Trajectory): DifficultyFacts {
  const actions = t.steps.filter((s) => s.kind === "action" || s.kind === "tool_call").length;
  return {
    steps: actions || t.steps.length,
    tools: distinctTools(t.steps.map(toolOf)).length,
    tokens: t.steps.reduce(
      (n, s) => n + (s.tokens ? s.tokens.input + s.tokens.output : estimateTokens(stepText(s))),
      0,
    ),
    errors: t.steps.filter((s) => s.status === "error" || s.error !== undefined).length,
  };
}

/** Everything a step wrote: content, code when it is not the content, tool input and output. */
function stepText(step: Trajectory["steps"][number]): string {
  const parts = [step.content];
  if (step.code && step.code.source.trim() !== step.content.trim()) parts.push(step.code.source);
  for (const value of [step.tool?.input, step.tool?.output]) {
    const text = textOf(value);
    // `Search[Paramore]` already holds its input; count it once.
    if (text && !step.content.includes(text)) parts.push(text);
  }
  return parts.filter((part) => part).join("\n");
}
