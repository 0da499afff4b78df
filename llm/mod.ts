/**
 * The LLM client: the `Llm` port learning depends on, its Anthropic implementation,
 * and the usage ledger and prices behind `/v1/stats`.
 *
 * @example
 * ```ts
 * const usage = new UsageLedger();
 * const llm = new AnthropicLlm({ apiKey: config.anthropic.apiKey, usage, log });
 * const answer = await llm.structured({ purpose: "credit", system, prompt, schema, tool });
 * ```
 *
 * @module
 */
export type { Llm, StructuredRequest } from "./llm.ts";
export { AnthropicLlm, type AnthropicLlmOptions, defaultModel, retryAfterMs } from "./anthropic.ts";
export { Limiter } from "./limiter.ts";
export { type UsageEntry, type UsageEvent, UsageLedger, type UsageSnapshot, type UsageTotals } from "./usage.ts";
export { costUsd, defaultPrice, type Price, priceOf, prices, type TokenCounts } from "./pricing.ts";
