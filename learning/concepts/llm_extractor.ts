/**
 * The model's way to code concepts: the code blocks of the trajectories go out as
 * labelled snippets under a character budget, and the model answers concepts with a
 * template, a name, a signature, docs and the snippets each came from. The answer is
 * checked against what was sent, not only against its schema: a snippet id that was
 * not sent is a malformed answer (E7912), like one that fails the schema.
 *
 * @module
 */
import { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { Llm } from "../../llm/llm.ts";
import { conceptsPrompt, type ConceptsPromptLimits, conceptsSystem } from "../../llm/prompts/concepts.ts";
import type { Trajectory } from "../trajectory.ts";
import { type CodeBlock, findCodeBlocks } from "./code_blocks.ts";
import { type Concept, conceptId, countHoles } from "./concept.ts";
import type { CodeLanguage } from "./parse.ts";

/** The answer the model must give, as the tool's input. */
export const conceptsAnswerSchema = z.object({
  concepts: z.array(z.object({
    name: z.string().regex(/^[A-Za-z_$][\w$]*$/).max(60).describe("camelCase identifier, e.g. mineBlockPattern."),
    template: z.string().min(1).describe("The recurring code with $1, $2, ... where occurrences differ."),
    signature: z.string().min(1).describe(
      'The holes as parameters, e.g. "(block, count) => await mineBlock(bot, block, count)".',
    ),
    docs: z.string().min(1).describe("One or two sentences: what it does and when to use it."),
    snippets: z.array(z.string()).min(1).describe("Ids of the snippets containing it, e.g. s3."),
  })).max(30),
});
export type ConceptsAnswer = z.infer<typeof conceptsAnswerSchema>;

export interface LlmExtractorOptions extends ConceptsPromptLimits {
  /** Distinct trajectories a concept's snippets must come from. @default 3 */
  minTrajectories?: number;
  /** @default 10 */
  maxConcepts?: number;
  /** Characters kept of each example's code. @default 1500 */
  maxExampleChars?: number;
  /** @default 4096 */
  maxTokens?: number;
}

const tool = {
  name: "record_concepts",
  description: "Record the reusable code concepts found in the snippets, each with the snippets it came from.",
};

/** Concepts the model finds in the trajectories' code; library concepts are shown so it skips them. */
export async function extractLlmConcepts(
  llm: Llm,
  trajectories: readonly Trajectory[],
  library: readonly Concept[] = [],
  options: LlmExtractorOptions = {},
): Promise<Concept[]> {
  const blocks = trajectories.flatMap(findCodeBlocks);
  // No code, no call, no cost.
  if (blocks.length === 0) return [];
  const minTrajectories = options.minTrajectories ?? 3;
  const maxConcepts = options.maxConcepts ?? 10;
  const limits: ConceptsPromptLimits = {};
  if (options.maxSnippetChars !== undefined) limits.maxSnippetChars = options.maxSnippetChars;
  if (options.maxChars !== undefined) limits.maxChars = options.maxChars;
  const { prompt, snippets } = conceptsPrompt(blocks, { ...limits, known: library });
  const answer = await llm.structured({
    purpose: "concepts",
    system: conceptsSystem(minTrajectories, maxConcepts),
    prompt,
    schema: conceptsAnswerSchema,
    tool,
    maxTokens: options.maxTokens ?? 4096,
  });
  const known = new Set(library.map((c) => c.id));
  return fromAnswer(answer, snippets, options.maxExampleChars ?? 1_500)
    .filter((c) => c.trajectories.length >= minTrajectories && !known.has(c.id))
    .slice(0, maxConcepts);
}

/**
 * Concepts from a schema-valid answer, checked against the snippets sent. Throws
 * AtlasError E7912 when a concept names a snippet that was not sent.
 */
export function fromAnswer(
  answer: ConceptsAnswer,
  snippets: ReadonlyMap<string, CodeBlock>,
  maxExampleChars = 1_500,
): Concept[] {
  const byId = new Map<string, Concept>();
  for (const proposed of answer.concepts) {
    const blocks = [...new Set(proposed.snippets.map((s) => s.trim().replace(/^\[|\]$/g, "")))].map((id) => {
      const block = snippets.get(id);
      if (!block) {
        throw new AtlasError("E7912", `model cited snippet ${id} which was not sent`, { details: { snippet: id } });
      }
      return block;
    });
    const language = majority(blocks.map((b) => b.language));
    const template = proposed.template.trim();
    const id = conceptId(language, template);
    if (byId.has(id)) continue;
    const seen = new Set<string>();
    const examples = blocks.filter((b) => !seen.has(b.trajectoryId) && seen.add(b.trajectoryId)).slice(0, 3).map((
      b,
    ) => ({
      trajectoryId: b.trajectoryId,
      stepIndex: b.stepIndex,
      source: b.source.length > maxExampleChars ? `${b.source.slice(0, maxExampleChars)}\n[...]` : b.source,
    }));
    byId.set(id, {
      id,
      language,
      template,
      holes: countHoles(template),
      frequency: blocks.length,
      trajectories: [...new Set(blocks.map((b) => b.trajectoryId))],
      examples,
      name: proposed.name,
      signature: proposed.signature.trim(),
      docs: proposed.docs.trim(),
      foundBy: "llm",
    });
  }
  return [...byId.values()];
}

function majority(languages: readonly CodeLanguage[]): CodeLanguage {
  const counts = new Map<CodeLanguage, number>();
  for (const language of languages) counts.set(language, (counts.get(language) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}
