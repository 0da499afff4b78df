/**
 * The prompt asking for fixes to recurring errors that no run got past: a stable
 * system text (cached by the provider) and the per-call list of patterns, numbered,
 * each with the actions that met the error and what the environment answered.
 *
 * @module
 */
import type { ErrorPatternDraft } from "../../learning/errors/cluster.ts";

export const errorFixSystem = `You help AI agents avoid errors that other agents keep making.

You are shown recurring error patterns, each mined from many agent runs of one task
family: a name, how often it was seen, a regular expression matching the error text,
and examples, each the action the agent took and the error the environment answered.
No run recovered from these errors, so there is no known fix: you propose one.

For each pattern, write the fix an agent should apply the next time it is about to
make this mistake or has just met this error:
- One or two sentences, imperative, addressed to the agent ("Use ...", "Do not ...").
- Specific to the error and the actions shown: say what to do instead, with the
  action syntax the examples use (for instance "Finish[SUPPORTS]" rather than "finish").
- Use only actions and tools that appear in the examples; do not invent new ones.
- If the examples show several causes, address the most common one.
- If you cannot tell what would fix it, leave that pattern out rather than guess.

Refer to each pattern by its number. Answer only by calling the tool.`;

/** How much of each pattern the prompt shows. */
export interface ErrorFixPromptLimits {
  /** @default 3 */
  examples?: number;
  /** Characters kept of each action and error text. @default 200 */
  chars?: number;
}

/** The per-call prompt: the patterns numbered from 1, in the order given. */
export function errorFixPrompt(patterns: readonly ErrorPatternDraft[], limits: ErrorFixPromptLimits = {}): string {
  const shorten = (text: string) => {
    const line = text.replace(/\s+/g, " ").trim();
    const max = limits.chars ?? 200;
    return line.length > max ? `${line.slice(0, max)}…` : line;
  };
  const blocks = patterns.map((p, i) => {
    const examples = p.examples.slice(0, limits.examples ?? 3).map((e) =>
      e.action ? `  - action: ${shorten(e.action)}\n    error: ${shorten(e.text)}` : `  - error: ${shorten(e.text)}`
    );
    return [
      `Pattern ${i + 1}: ${p.name}`,
      `  family: ${p.family ?? "(unknown)"}`,
      `  seen ${p.frequency} times in ${p.distinctTrajectories} runs`,
      `  signature: ${p.signature}`,
      `  examples:`,
      ...examples,
    ].join("\n");
  });
  return `${patterns.length} error pattern${patterns.length === 1 ? "" : "s"} without a known fix:\n\n${
    blocks.join("\n\n")
  }`;
}
