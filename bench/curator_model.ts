/**
 * A stand-in for the model behind the fake Messages API, for the learning bench: it
 * answers after a fixed latency and, like a careful curator, from what the prompt
 * shows. Credit names steps the trajectory has (the last two decisions), so no
 * answer is malformed; the verdict calls a trajectory a duplicate when a strategy
 * shown with it has the same plan steps, so repeats reinforce rather than pay for a
 * new strategy; a strategy keeps the compressed plan it was given. Its calls per
 * trajectory are then what a real model's would be.
 *
 * @module
 */
import type { FakeRequest } from "../tests/support/fake_anthropic.ts";
import { reply } from "../tests/support/fake_anthropic.ts";

/** Answers each learning tool after `latencyMs`. */
export function curatorModel(latencyMs: number): (request: FakeRequest) => Promise<unknown> {
  return async (request) => {
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const prompt = request.prompt;
    switch (request.body.tool_choice?.name) {
      case "assign_credit":
        return { keySteps: keySteps(prompt) };
      case "record_verdict": {
        const duplicateOf = sameSteps(prompt);
        return {
          abstractable: duplicateOf === null && /^Outcome: success/m.test(prompt),
          reasoning: duplicateOf ? "The library already has this plan." : "A plan the library does not have.",
          novelty: duplicateOf ? 0 : 1,
          generalisability: 0.8,
          complexity: 0.6,
          duplicateOf,
        };
      }
      case "record_strategy": {
        const task = /^Task: (.*)$/m.exec(prompt)?.[1] ?? "the task";
        const plan = section(prompt, "Its compressed plan:").slice(0, 12);
        return {
          title: `Work through tasks like ${task.split(/\s+/).slice(0, 6).join(" ")}`.slice(0, 200),
          whenToUse: `Tasks like: ${task.slice(0, 200)}`,
          plan: plan.length ? plan : ["Follow the steps of the trajectory"],
          pitfalls: [],
        };
      }
      default:
        return reply.error(400, `the bench's model does not answer ${request.body.tool_choice?.name}`);
    }
  };
}

/** The last two decisions (actions, tool calls), else the last step: indexes the trajectory has. */
function keySteps(prompt: string) {
  const steps = [...prompt.matchAll(/^\[(\d+)\] (\w+)/gm)].map((m) => ({ index: Number(m[1]), kind: m[2]! }));
  const decisions = steps.filter((s) => s.kind === "action" || s.kind === "tool_call");
  const [last, before] = (decisions.length ? decisions : steps).map((s) => s.index).reverse();
  if (last === undefined) return [{ index: 0, score: 1, why: "the only step" }];
  return [
    { index: last, score: 0.7, why: "the final decision" },
    ...(before === undefined ? [] : [{ index: before, score: 0.3, why: "the step that set it up" }]),
  ];
}

/** The shown strategy whose plan has the trajectory's plan steps, in order and no more; else null. */
function sameSteps(prompt: string): string | null {
  // `1. explore: grep (e.g. grep -rn x)` in the compressed plan; `1. explore: grep, e.g. grep -rn x` in a strategy.
  const steps = section(prompt, "Its compressed plan:").slice(1).map((line) => line.split(" (e.g. ")[0]!);
  if (steps.length === 0) return null;
  for (const [, id, plan] of prompt.matchAll(/^- id (\S+): .*\n {2}when: .*\n {2}plan: (.*)$/gm)) {
    const lines = plan!.split(/ \/ (?=\d+\. )/);
    if (lines.length === steps.length && lines.every((line, i) => line.startsWith(`${steps[i]}, e.g. `))) return id!;
  }
  return null;
}

/** The lines after `heading`, up to the next blank line. */
function section(prompt: string, heading: string): string[] {
  const start = prompt.indexOf(`${heading}\n`);
  if (start < 0) return [];
  const rest = prompt.slice(start + heading.length + 1);
  const end = rest.indexOf("\n\n");
  return (end < 0 ? rest : rest.slice(0, end)).split("\n").filter(Boolean);
}
