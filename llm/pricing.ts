/**
 * What a call costs: list prices per million tokens by model family, and the
 * arithmetic from a call's token counts to US dollars.
 *
 * Prices are the Claude API's list prices as of 2026-11
 * (platform.claude.com/docs/en/about-claude/pricing), for 5-minute prompt caching,
 * the only kind this client asks for. They are estimates for budgets and stats, not
 * an invoice: batch discounts, US-only inference (1.1×) and Haiku 5.5's long-prompt
 * band (above 100k prompt tokens) are not modelled.
 *
 * @module
 */

/** US dollars per million tokens of each kind. */
export interface Price {
  input: number;
  output: number;
  /** Writing the prompt cache (5-minute TTL): 1.25× input. */
  cacheWrite: number;
  /** Reading the prompt cache: 0.1× input for most models, less for some newer ones. */
  cacheRead: number;
}

/** The token counts of one call, or of many summed. */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

/** A price from the input and output rates, with the cache rates derived from input. */
export function family(input: number, output: number, cacheReadRatio = 0.1): Price {
  return { input, output, cacheWrite: input * 1.25, cacheRead: input * cacheReadRatio };
}

/**
 * Model id prefixes and their prices; the longest matching prefix wins, so
 * `claude-opus-5-5` is not priced as `claude-opus-5`. Dated snapshots
 * (`claude-haiku-4-5-20251001`) match their alias.
 */
export const prices: ReadonlyArray<readonly [prefix: string, price: Price]> = [
  ["claude-fable-5", family(10, 50)],
  ["claude-fable-5-1", family(10, 50, 0.025)],
  ["claude-mythos-5", family(10, 50)],
  ["claude-mythos-5-1", family(10, 50, 0.025)],
  ["claude-opus-5-5", family(4, 20, 0.05)],
  ["claude-opus-5", family(5, 25)],
  ["claude-opus-4-5", family(5, 25)],
  ["claude-opus-4-6", family(5, 25)],
  ["claude-opus-4-7", family(5, 25)],
  ["claude-opus-4-8", family(5, 25)],
  ["claude-opus-4", family(15, 75)], // Opus 4 and 4.1 kept the old rate
  ["claude-sonnet-5-5", family(2, 10, 0.05)], // cache reads cut to $0.10 on 2026-10-07
  ["claude-sonnet-5", family(2, 10)],
  ["claude-sonnet-4", family(3, 15)],
  ["claude-haiku-5-5", family(0.1, 0.5)],
  ["claude-haiku-4-5", family(1, 5)],
];

/**
 * The price of a model not in the table: Opus 4.5–5's rate, above every Sonnet and
 * Haiku, so an unknown model is more likely over- than under-counted against a budget.
 */
export const defaultPrice: Price = family(5, 25);

/** The price of `model` and whether the table knew it (`false`: `defaultPrice`). */
export function priceOf(model: string, table = prices): { price: Price; known: boolean } {
  let best: readonly [string, Price] | undefined;
  for (const entry of table) {
    const [prefix] = entry;
    const matches = model === prefix || model.startsWith(`${prefix}-`);
    if (matches && (best === undefined || prefix.length > best[0].length)) best = entry;
  }
  return best ? { price: best[1], known: true } : { price: defaultPrice, known: false };
}

/** What `tokens` cost at `price`, in US dollars. */
export function costUsd(tokens: TokenCounts, price: Price): number {
  return (tokens.inputTokens * price.input +
    tokens.outputTokens * price.output +
    tokens.cacheCreationInputTokens * price.cacheWrite +
    tokens.cacheReadInputTokens * price.cacheRead) / 1_000_000;
}
