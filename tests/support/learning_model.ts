/**
 * A model for learning's calls to the fake Messages API: it answers each tool the
 * request forces (credit, the abstractability verdict, the strategy, and the batch's
 * fixes and concepts) as a model following instructions would, after `latencyMs`.
 *
 * @module
 */
import type { FakeRequest } from "./fake_anthropic.ts";

export function learningModel(latencyMs: number): (request: FakeRequest) => Promise<unknown> {
  return async (request) => {
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    switch (request.body.tool_choice?.name) {
      case "assign_credit":
        return { keySteps: [{ index: 3, score: 0.6, why: "the answer" }, { index: 1, score: 0.4, why: "the search" }] };
      case "record_verdict":
        return {
          abstractable: true,
          reasoning: "A search, then the answer.",
          novelty: 1,
          generalisability: 0.8,
          complexity: 0.6,
          duplicateOf: null,
        };
      case "record_strategy":
        return {
          title: "Search the subject, then answer",
          whenToUse: "Fact checks about a film.",
          plan: ["Search the subject", "Answer"],
          pitfalls: [],
        };
      case "suggest_fixes":
        return { fixes: [] };
      case "record_concepts":
        return { concepts: [] };
      default:
        throw new Error(`unexpected tool ${request.body.tool_choice?.name}`);
    }
  };
}
