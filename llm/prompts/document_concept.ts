/**
 * The prompt asking the model to name and document one code concept, the model-written
 * counterpart of `autoDocument`.
 *
 * @module
 */
import type { ConceptDraft } from "../../learning/concepts/concept.ts";

export const documentConceptSystemPrompt =
  `You document reusable code concepts for a library that AI agents read before they write code.

A concept is a code template that agents wrote again and again, with $1, $2, ... where
the occurrences differ (the same number is the same value in every place it appears).
You are given the template, its language, how often and where it was seen, and a few
concrete examples.

Write:
- name: a camelCase identifier saying what the code does, ending in "Pattern"
  (e.g. mineBlockPattern, inventoryCountPattern). At most 40 characters.
- signature: the holes as named parameters followed by the template with the names in
  place of the holes, in one line: "(block, count) => await mineBlock(bot, block, count)"
  for JavaScript or TypeScript, "lambda name, count: ..." for Python. Pick each
  parameter's name from what the examples put in that hole. Every hole is a parameter.
- docs: one or two sentences: what the code does and when an agent would use it,
  specific to the names in the template. Do not restate the template.

Answer only by calling the tool.`;

/** Characters kept of each example. */
const maxExampleChars = 1_200;

/** The per-call prompt for one concept. */
export function documentConceptPrompt(concept: ConceptDraft): string {
  const examples = concept.examples.map((e, i) => {
    const code = e.source.length > maxExampleChars ? `${e.source.slice(0, maxExampleChars)}\n[...]` : e.source;
    return `Example ${i + 1} (trajectory ${e.trajectoryId}, step ${e.stepIndex}):\n${code}`;
  });
  return [
    `Language: ${concept.language}`,
    `Holes: ${concept.holes}`,
    `Seen ${concept.frequency} times in ${concept.trajectories.length} trajectories.`,
    `Template:\n${concept.template}`,
    ...examples,
  ].join("\n\n");
}
