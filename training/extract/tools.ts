/**
 * Which tool an action used. Producers say it two ways: a structured `tool.name`, or
 * only the ReAct action text, `Search[Paramore]`, `click[Buy Now]`, whose verb is the
 * tool. Domain, difficulty and the upstream fixtures all count tools the same way.
 *
 * @module
 */
import type { StepBody } from "../../schemas/mod.ts";

/**
 * Verbs written like actions that use no tool: WebShop's `think[...]` is the agent
 * reasoning aloud (ReAct's thought, in action syntax).
 */
const notTools = new Set(["think"]);

/**
 * The verb of a ReAct action, `Search[Paramore]` → `Search`, or undefined when the
 * text is not of that form. A missing closing bracket still counts: logged actions
 * are sometimes cut off mid-argument.
 */
export function actionVerb(action: string): string | undefined {
  const verb = /^\s*([A-Za-z_][\w.-]*)\s*\[/.exec(action)?.[1];
  return verb === undefined || notTools.has(verb.toLowerCase()) ? undefined : verb;
}

/** The tool a step used: its `tool.name`, or for an action the verb of its text. */
export function toolOf(step: StepBody): string | undefined {
  if (step.tool) return step.tool.name;
  return step.kind === "action" || step.kind === "tool_call" ? actionVerb(step.content) : undefined;
}

/**
 * The distinct tool names, in first-use order. Case is ignored in telling them apart
 * (`Search` and `search` are one tool) and the first spelling is kept.
 */
export function distinctTools(names: Iterable<string | undefined>): string[] {
  const seen = new Map<string, string>();
  for (const name of names) {
    if (name !== undefined && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  return [...seen.values()];
}
