/**
 * The code-concept prompt: a stable system prompt (cached by the provider) and the
 * per-call rendering of code blocks, each labelled `s1`, `s2`... so the answer can
 * say which snippets a concept came from, under a character budget.
 *
 * @module
 */
import type { CodeBlock } from "../../learning/concepts/code_blocks.ts";

export const conceptsSystemPrompt = `You find reusable code concepts in code written by AI agents.

You are shown snippets of code that different agents wrote while doing their tasks,
each labelled with an id in square brackets ([s1], [s2], ...), the trajectory (run)
it came from and its language. A code concept is a shape of code that recurs across
several trajectories with only some parts varying: the same API call with different
arguments, the same check-then-act idiom, the same loop over the same kind of data.
A later agent will be handed the concept as a ready-made, documented building block.

For each concept:
- template: the recurring code as it is written, in the snippets' language, with the
  parts that vary replaced by $1, $2, ... numbered in order of first appearance. Use
  the same number where the same thing recurs ("const $1 = f($2); g($1)"). Keep
  fixed what every occurrence shares; do not invent code that no snippet contains.
- name: a camelCase identifier saying what the concept does (e.g. mineBlockPattern).
- signature: the holes as named parameters, e.g. "(block, count) => await mineBlock(bot, block, count)".
- docs: one or two sentences: what the code does and when to use it.
- snippets: the ids of the snippets that contain it, from at least MIN_TRAJECTORIES
  different trajectories. Name only ids that appear in the input.

Rules:
- Prefer concepts that recur widely and do one recognisable thing; skip one-off code,
  bare language syntax (an empty loop, a lone return) and imports.
- A template must keep at least two concrete names (a function, a method, a field).
- Report at most MAX_CONCEPTS concepts, the most widespread first; none is a fine answer.
- Concepts already in the library are listed; do not report them again.
- Some snippets are shortened ("[...]") or left out; judge from what is shown.

Answer only by calling the tool.`;

/** How much code one call sends. */
export interface ConceptsPromptLimits {
  /** Characters kept of each snippet. @default 2000 */
  maxSnippetChars?: number;
  /** Characters of all snippets together; snippets past it are left out. @default 40000 */
  maxChars?: number;
}

export interface ConceptsPrompt {
  prompt: string;
  /** The snippets sent, by the id the model sees. */
  snippets: Map<string, CodeBlock>;
  /** How many blocks did not fit the budget. */
  omitted: number;
}

/**
 * The per-call prompt. Blocks are taken one trajectory at a time in turn, so a tight
 * budget still shows many trajectories: recurrence across them is what is asked for.
 */
export function conceptsPrompt(
  blocks: readonly CodeBlock[],
  options: ConceptsPromptLimits & { known?: readonly { name: string; template: string }[] } = {},
): ConceptsPrompt {
  const maxSnippetChars = options.maxSnippetChars ?? 2_000;
  const maxChars = options.maxChars ?? 40_000;
  const snippets = new Map<string, CodeBlock>();
  const parts: string[] = [];
  let used = 0;
  let omitted = 0;
  for (const block of roundRobin(blocks)) {
    const code = block.source.length > maxSnippetChars
      ? `${block.source.slice(0, maxSnippetChars)}\n[...]`
      : block.source;
    const id = `s${snippets.size + 1}`;
    const part =
      `[${id}] trajectory ${block.trajectoryId}, step ${block.stepIndex}, ${block.language}\n${code.trim()}\n`;
    if (used + part.length > maxChars) {
      omitted++;
      continue;
    }
    used += part.length;
    snippets.set(id, block);
    parts.push(part);
  }
  const known = options.known?.length
    ? `Already in the library:\n${options.known.map((k) => `- ${k.name}: ${oneLine(k.template)}`).join("\n")}\n\n`
    : "";
  const note = omitted ? `\n(${omitted} more snippets left out for length.)` : "";
  return { prompt: `${known}Snippets (${snippets.size}):\n\n${parts.join("\n")}${note}`, snippets, omitted };
}

/** The system prompt with its numbers filled in. */
export const conceptsSystem = (minTrajectories: number, maxConcepts: number) =>
  conceptsSystemPrompt.replace("MIN_TRAJECTORIES", String(minTrajectories)).replace(
    "MAX_CONCEPTS",
    String(maxConcepts),
  );

function roundRobin(blocks: readonly CodeBlock[]): CodeBlock[] {
  const queues = new Map<string, CodeBlock[]>();
  for (const block of blocks) {
    const queue = queues.get(block.trajectoryId) ?? [];
    queue.push(block);
    queues.set(block.trajectoryId, queue);
  }
  const order: CodeBlock[] = [];
  for (let round = 0; order.length < blocks.length; round++) {
    for (const queue of queues.values()) if (queue[round]) order.push(queue[round]!);
  }
  return order;
}

const oneLine = (text: string) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
};
