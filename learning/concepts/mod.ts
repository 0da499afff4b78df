/**
 * Code concepts: code shapes agents write again and again, found in their
 * trajectories, generalised into templates with `$1`, `$2`... holes, named and
 * documented for the concept library.
 *
 * - `code_blocks.ts` finds the code in steps; `parse.ts` parses it with tree-sitter.
 * - `anti_unify.ts` generalises trees; `candidates.ts` and `text_extractor.ts` find
 *   the recurring shapes; `render.ts` writes them back as text.
 * - `document.ts` names and documents by rule, `llm_document.ts` by model.
 * - `extractor.ts` is the one interface: `text`, `llm` or `both`.
 *
 * @example
 * ```ts
 * const extractor = bothExtractor(textExtractor(), llmExtractor(llm));
 * const concepts = await extractor.extract(trajectories, library);
 * ```
 *
 * @module
 */
export { antiUnify, type Template, type TemplateNode } from "./anti_unify.ts";
export { type CodeBlock, detectLanguage, findCodeBlocks } from "./code_blocks.ts";
export { type Concept, type ConceptDocs, type ConceptDraft, type ConceptExample, conceptId } from "./concept.ts";
export { autoDocument } from "./document.ts";
export { bothExtractor, llmExtractor, type PatternExtractor, textExtractor } from "./extractor.ts";
export { type LlmExtractorOptions } from "./llm_extractor.ts";
export { llmDocument } from "./llm_document.ts";
export { type CodeLanguage, type CodeNode, createCodeParser, parseCode } from "./parse.ts";
export { extractTextConcepts, type TextExtractorOptions } from "./text_extractor.ts";
