/**
 * `llmDocument`: the model names and documents a concept, the counterpart of the
 * rule-based `autoDocument` for when an API key is there and better prose is worth a
 * call. The signature must take every hole as a parameter: one that does not is
 * answered again by rule rather than kept half right.
 *
 * @module
 */
import { z } from "zod";
import type { Llm } from "../../llm/llm.ts";
import { documentConceptPrompt, documentConceptSystemPrompt } from "../../llm/prompts/document_concept.ts";
import type { ConceptDocs, ConceptDraft } from "./concept.ts";
import { autoDocument } from "./document.ts";

/** The answer the model must give, as the tool's input. */
export const conceptDocsSchema = z.object({
  name: z.string().regex(/^[A-Za-z_$][\w$]*$/).max(60).describe("camelCase identifier ending in Pattern."),
  signature: z.string().min(1).max(400).describe("The holes as named parameters, then the template using them."),
  docs: z.string().min(1).max(600).describe("One or two sentences: what it does and when to use it."),
});

const tool = { name: "document_concept", description: "Record the concept's name, signature and docs." };

/** Name, signature and docs for `concept`, written by `llm`. */
export async function llmDocument(
  concept: ConceptDraft,
  llm: Llm,
  options: { maxTokens?: number } = {},
): Promise<ConceptDocs> {
  const answer = await llm.structured({
    purpose: "document_concept",
    system: documentConceptSystemPrompt,
    prompt: documentConceptPrompt(concept),
    schema: conceptDocsSchema,
    tool,
    maxTokens: options.maxTokens ?? 400,
  });
  const docs = { name: answer.name, signature: answer.signature.trim(), docs: answer.docs.replace(/\s+/g, " ").trim() };
  return parameterCount(docs.signature) >= concept.holes
    ? docs
    : { ...docs, signature: autoDocument(concept).signature };
}

/** Parameters before `=>` or after `lambda`: `(a, b) => ...` and `lambda a, b: ...` have two. */
function parameterCount(signature: string): number {
  const params = signature.match(/^\s*\(([^)]*)\)\s*=>/)?.[1] ?? signature.match(/^\s*lambda\s*([^:]*):/)?.[1] ??
    signature.match(/^[\w$]*\s*\(([^)]*)\)/)?.[1];
  if (params === undefined) return 0;
  return params.split(",").map((p) => p.trim()).filter(Boolean).length;
}
