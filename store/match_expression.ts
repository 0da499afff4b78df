/**
 * Free text to an FTS5 query: any of its words, the function words left out. A task
 * description is a sentence ("Marnie is a film."), and its "is" and "a" match every
 * document in the library about equally; BM25 discounts them, but across many short
 * documents they still outvote the one word that matters. Dropping them is the
 * classic stop-word list of information retrieval, applied to the query only.
 *
 * @module
 */

/** English function words (SMART-style, short): no word here names what a task is about. */
const stopWords = new Set(
  ("a about above after again all am an and any are as at be been before being below between both but by can " +
    "could did do does doing down during each few for from further had has have having he her here hers him his " +
    "how i if in into is it its just me more most my no nor not now of off on once only or other our ours out over " +
    "own same she should so some such than that the their theirs them then there these they this those through to " +
    "too under until up very was we were what when where which while who whom why will with would you your yours")
    .split(" "),
);

/**
 * An FTS5 expression matching any of the words of `text`. Each word is quoted, so
 * FTS5 operators and syntax in the text (`AND`, `*`, `"`, `:`, `^`) are searched for
 * as words, never interpreted. Undefined when nothing searchable is left; a text of
 * function words alone is searched as it is.
 */
export function toMatchExpression(text: string): string | undefined {
  // The index folds case, so words differing only in case are one term.
  const words = [...new Set(text.match(/[\p{L}\p{N}_]+/gu)?.map((w) => w.toLowerCase()) ?? [])];
  if (words.length === 0) return undefined;
  const content = words.filter((w) => !stopWords.has(w));
  return (content.length ? content : words).map((w) => `"${w}"`).join(" OR ");
}
