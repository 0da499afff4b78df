/**
 * A trajectory's plan: the actions it took, in order, abstracted from their
 * arguments, each with the reasoning the agent gave for it. The plan's signature
 * (the family and its action verbs, repeats collapsed) is how two trajectories are
 * recognised as one way of working.
 *
 * For code-writing agents (a Voyager skill), an action is a program: its comments
 * are the plan, and the skill's name (the task id) the signature, because the same
 * skill written twice is the same strategy.
 *
 * @module
 */
import type { StepBody } from "../schemas/mod.ts";
import type { Trajectory } from "./trajectory.ts";

export interface PlanStep {
  /** The action's verb: a tool name, the part before `[` or `(`, or `code`. */
  verb: string;
  /** The concrete action, one line, shortened. */
  example: string;
  /** The thought that preceded it, if any, shortened. */
  rationale?: string;
}

export interface Plan {
  steps: PlanStep[];
  /** Stable across trajectories that worked the same way. */
  signature: string;
}

/** Longest text kept for an example or a rationale. */
const excerptLength = 140;
/** Most plan steps kept: long trajectories loop, and the loop is one step. */
const maxSteps = 12;

const isAction = (step: StepBody) => step.kind === "action" || step.kind === "tool_call";

/** The plan of a trajectory; empty when it took no action. */
export function planOf(trajectory: Trajectory): Plan {
  const family = trajectory.task?.family ?? "general";
  const code = trajectory.steps.find((s) => isAction(s) && codeOf(s) !== undefined);
  if (code) return codePlan(family, trajectory, codeOf(code)!);
  const steps: PlanStep[] = [];
  let thought: string | undefined;
  for (const step of trajectory.steps) {
    if (step.kind === "thought") thought = step.content;
    if (!isAction(step)) continue;
    const verb = verbOf(step);
    const previous = steps.at(-1);
    // A run of the same verb is one step of the plan ("click" three times is "click").
    if (previous?.verb !== verb) {
      steps.push({
        verb,
        example: excerpt(step.content),
        ...(thought !== undefined && { rationale: excerpt(thought) }),
      });
    }
    thought = undefined;
  }
  const kept = steps.slice(0, maxSteps);
  return { steps: kept, signature: `${family}|${kept.map((s) => s.verb).join(">")}` };
}

/** The action's verb: its tool's name, or the word before its argument list. */
export function verbOf(step: StepBody): string {
  if (step.tool?.name) return step.tool.name.toLowerCase();
  const head = step.content.trim().match(/^[\p{L}_][\p{L}\p{N}_ .-]*?(?=\s*[[(]|$)/u)?.[0];
  return (head && head.length <= 30 ? head : step.content.trim().split(/\s+/)[0] ?? "act").toLowerCase();
}

function codeOf(step: StepBody): string | undefined {
  if (step.code?.source) return step.code.source;
  return /^\s*(async\s+function|function|def |class |const |import )/.test(step.content) ? step.content : undefined;
}

/** A program's plan: its comment lines, or failing those the functions it calls. */
function codePlan(family: string, trajectory: Trajectory, source: string): Plan {
  const comments = [...source.matchAll(/^\s*(?:\/\/|#)\s*(.+)$/gm)].map((m) => m[1]!.trim()).filter(Boolean);
  const calls = [...new Set([...source.matchAll(/\b(?:await\s+)?([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]!))]
    .filter((name) => !/^(if|for|while|switch|function|return|catch|require)$/.test(name));
  const lines = comments.length ? comments : calls.map((name) => `call ${name}`);
  const steps = lines.slice(0, maxSteps).map((line) => ({ verb: "code", example: excerpt(line) }));
  const name = trajectory.task?.id ?? calls.slice(0, 6).sort().join(",");
  return { steps, signature: `${family}|code:${name}` };
}

/** The text with its first letter in upper case. */
export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** One line, at most `excerptLength` characters. */
export function excerpt(text: string, length = excerptLength): string {
  const line = text.trim().replace(/\s+/g, " ");
  return line.length > length ? `${line.slice(0, length - 3)}...` : line;
}
