/**
 * The one interface code-concept extraction goes through, with its three kinds:
 * `text` (parse and anti-unify, no model), `llm` (the model reads the code) and
 * `both` (their union). Which one runs is `LearningConfig.patternExtractor`; without
 * an API key the caller builds `text` for all three.
 *
 * @module
 */
import type { Llm } from "../../llm/llm.ts";
import type { Trajectory } from "../trajectory.ts";
import type { Concept } from "./concept.ts";
import { autoDocument } from "./document.ts";
import { extractLlmConcepts, type LlmExtractorOptions } from "./llm_extractor.ts";
import { extractTextConcepts, type TextExtractorOptions } from "./text_extractor.ts";

export interface PatternExtractor {
  readonly name: "llm" | "text" | "both";
  /**
   * Concepts recurring across `trajectories`. `library` is what is already known: a
   * found concept with a library id keeps the library's name and docs (names stay
   * stable across batches), and the model is told not to report it again.
   */
  extract(trajectories: readonly Trajectory[], library?: readonly Concept[]): Promise<Concept[]>;
}

/** Parse and anti-unify; names, signatures and docs by `autoDocument`. */
export function textExtractor(options: TextExtractorOptions = {}): PatternExtractor {
  return {
    name: "text",
    async extract(trajectories, library = []) {
      const known = new Map(library.map((c) => [c.id, c]));
      const drafts = await extractTextConcepts(trajectories, options);
      return drafts.map((draft): Concept => {
        const before = known.get(draft.id);
        const docs = before
          ? { name: before.name, signature: before.signature, docs: before.docs }
          : autoDocument(draft);
        return { ...draft, ...docs, foundBy: "text" };
      });
    },
  };
}

/** The model reads the code blocks and proposes documented concepts, each checked against the snippets sent. */
export function llmExtractor(llm: Llm, options: LlmExtractorOptions = {}): PatternExtractor {
  return {
    name: "llm",
    extract: (trajectories, library = []) => extractLlmConcepts(llm, trajectories, library, options),
  };
}

/**
 * Both, run side by side, as one list without duplicates: a template both found (same
 * id) keeps the text extractor's measured counts and examples and the model's name and
 * docs, marked `both`. An error from either fails the whole; the caller decides
 * whether to retry or fall back to `text`.
 */
export function bothExtractor(text: PatternExtractor, llm: PatternExtractor): PatternExtractor {
  return {
    name: "both",
    async extract(trajectories, library) {
      const [measured, proposed] = await Promise.all([
        text.extract(trajectories, library),
        llm.extract(trajectories, library),
      ]);
      const merged = new Map<string, Concept>();
      for (const concept of measured) if (!merged.has(concept.id)) merged.set(concept.id, concept);
      for (const concept of proposed) {
        const same = merged.get(concept.id);
        if (!same) merged.set(concept.id, concept);
        else if (same.foundBy !== "llm") {
          merged.set(concept.id, {
            ...same,
            name: concept.name,
            signature: concept.signature,
            docs: concept.docs,
            foundBy: "both",
          });
        }
      }
      return [...merged.values()];
    },
  };
}
