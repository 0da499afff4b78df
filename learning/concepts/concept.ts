/**
 * A code concept: a code shape that agents wrote again and again, as a template with
 * `$1`, `$2`... holes for the parts that vary, the evidence it recurs, and the name,
 * signature and docs that let a later agent find and reuse it.
 *
 * @module
 */
import { stableId } from "../stable_id.ts";
import type { CodeLanguage } from "./parse.ts";

/** One place a concept was seen. */
export interface ConceptExample {
  trajectoryId: string;
  stepIndex: number;
  /** The concrete code there, comments left out. */
  source: string;
}

/** What an extractor finds before anyone names it. */
export interface ConceptDraft {
  /** Stable: the same language and template (up to whitespace) give the same id. */
  id: string;
  language: CodeLanguage;
  /** Source text with `$1`, `$2`... where the examples differ; a repeated number is a repeated part. */
  template: string;
  /** How many distinct holes. */
  holes: number;
  /** Occurrences counted across all trajectories. */
  frequency: number;
  /** The distinct trajectories it was seen in, first seen first. */
  trajectories: string[];
  /** Up to three, from different trajectories where possible. */
  examples: ConceptExample[];
}

/** What makes a concept findable and reusable. */
export interface ConceptDocs {
  /** camelCase, e.g. `mineBlockPattern`. */
  name: string;
  /** The holes as parameters, e.g. `(block, count) => await mineBlock(bot, block, count)`. */
  signature: string;
  /** One or two sentences: what it does, where it was seen. */
  docs: string;
}

/** A documented concept, as it goes into the concept library. */
export interface Concept extends ConceptDraft, ConceptDocs {
  /** Which extractor found it; `both` when the text and the model agreed on the template. */
  foundBy: "text" | "llm" | "both";
}

/** The id of a template: layout does not count, so a reformatted template is the same concept. */
export function conceptId(language: CodeLanguage, template: string): string {
  return stableId("concept", language, normaliseTemplate(template));
}

/**
 * The template with its layout taken out: whitespace is kept (as one space) only
 * between two word characters, where it separates tokens. `f( a,\n  b )` → `f(a,b)`.
 */
export const normaliseTemplate = (template: string): string =>
  template.trim().replace(/\s+/g, " ").replace(/ (?=[^\w$])|(?<=[^\w$]) /g, "");

/** The distinct holes a template uses (`$1` twice counts once). */
export function countHoles(template: string): number {
  return new Set(template.match(/\$\d+/g) ?? []).size;
}
