/**
 * The strategies a learning config names, as they can run here: a strategy that
 * needs the model falls back to its heuristic counterpart when there is no API key,
 * and says so (the notice goes to the log at start-up and to `/v1/learning`).
 *
 * @module
 */
import type { Llm } from "../llm/llm.ts";
import type { PatternExtractor } from "./concepts/extractor.ts";
import { bothExtractor, llmExtractor, textExtractor } from "./concepts/extractor.ts";
import type { LearningConfig } from "./config.ts";
import { counterfactualCredit } from "./credit/counterfactual.ts";
import { llmCredit } from "./credit/llm.ts";
import { simpleCredit } from "./credit/simple.ts";
import type { CreditStrategy } from "./credit/strategy.ts";
import type { OutcomeModel } from "./outcome/model.ts";

export interface Chosen {
  credit: CreditStrategy;
  extractor: PatternExtractor;
  /** What runs differently from what the config asked, and why. */
  notices: string[];
}

export function choose(
  config: LearningConfig,
  llm: Llm | undefined,
  outcomeModel: () => OutcomeModel | undefined,
): Chosen {
  const notices: string[] = [];
  let credit: CreditStrategy;
  if (config.creditStrategy === "counterfactual") credit = counterfactualCredit(outcomeModel, simpleCredit);
  else if (config.creditStrategy === "llm" && llm) credit = llmCredit(llm);
  else {
    if (config.creditStrategy === "llm") notices.push("creditStrategy llm needs ANTHROPIC_API_KEY: using simple");
    credit = simpleCredit;
  }
  let extractor: PatternExtractor = textExtractor();
  if (config.patternExtractor !== "text") {
    if (llm) {
      extractor = config.patternExtractor === "llm"
        ? llmExtractor(llm)
        : bothExtractor(textExtractor(), llmExtractor(llm));
    } else notices.push(`patternExtractor ${config.patternExtractor} needs ANTHROPIC_API_KEY: using text`);
  }
  return { credit, extractor, notices };
}
