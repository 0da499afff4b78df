/**
 * Code-writing agents, whose answer is a program (a Voyager skill): the program's
 * comments are the plan, or failing those the functions it calls; its name (the
 * task's id) is the signature, because the same skill written twice is the same
 * strategy. A program is a function or class definition in a general-purpose
 * language that the agent writes as its action, not code it hands to a tool to
 * run: a shell command, a SQL query or a tool's `code` argument is a tool call.
 *
 * @module
 */
import type { StepBody } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { excerpt } from "./excerpt.ts";
import { maxPlanSteps, type Plan } from "./types.ts";

/** Languages whose code is a command or a query, never a program the agent answers with. */
const notPrograms =
  /^(bash|sh|shell|zsh|console|shell-?session|sql|sqlite|postgres(ql)?|mysql|text|plain|json|ya?ml)$/i;
/** A definition at the start of a line: `async function f(`, `def f(`, `class A`, `const f = (...) =>`, `fn f(`. */
const definition =
  /^\s*(export\s+)?(async\s+function|function\*?\s+\w|def \w|class \w|(const|let|var)\s+\w+\s*=\s*(async\s*)?(\([^)]*\)|\w+)\s*=>|fn \w|func \w|public |private |static )/m;

/** The program a step writes as its answer, or undefined when it writes none. */
export function programOf(step: StepBody): string | undefined {
  // Code handed to a tool is that tool's input: the tool runs it.
  if (step.kind !== "action" || step.tool) return undefined;
  if (step.code) {
    return !notPrograms.test(step.code.language) && definition.test(step.code.source) ? step.code.source : undefined;
  }
  return /^\s*(async\s+function|function|def |class |const |import )/.test(step.content) &&
      definition.test(step.content)
    ? step.content
    : undefined;
}

/** A program's plan: its comment lines, or failing those the functions it calls. */
export function codePlan(scope: string, trajectory: Trajectory): Plan {
  const programs = trajectory.steps.flatMap((s) => programOf(s) ?? []);
  // The last version is the answer: earlier ones were attempts.
  const source = programs.at(-1) ?? "";
  const comments = [...source.matchAll(/^\s*(?:\/\/|#)\s*(.+)$/gm)].map((m) => m[1]!.trim()).filter(Boolean);
  const calls = [...new Set([...source.matchAll(/\b(?:await\s+)?([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]!))]
    .filter((name) => !/^(if|for|while|switch|function|return|catch|require)$/.test(name));
  const lines = comments.length ? comments : calls.map((name) => `call ${name}`);
  const steps = lines.slice(0, maxPlanSteps).map((line) => ({ verb: "code", example: excerpt(line) }));
  const name = trajectory.task?.id ?? calls.slice(0, 6).sort().join(",");
  return { shape: "code", steps, signature: `${scope}|code:${name}` };
}
