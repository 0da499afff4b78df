/**
 * The error markers: how the text an environment or tool answered with says that the
 * step failed, when the agent did not say so with `status: "error"` or `error`.
 *
 * Conservative on purpose. Observations are often page text (a Wikipedia article, a
 * shop page) where "failed" or "not found" are ordinary words, so the markers are
 * anchored at the start of the answer, where tools put their error, and most want the
 * shape of an error message (`Error:`, `TypeError:`, `bash: x: command not found`),
 * not just a word. A missed error costs one example; a flagged page of prose would
 * make a bogus pattern out of content. The one unanchored marker, an exit code other
 * than 0, is a phrase prose does not use and that shells print last.
 *
 * Two strengths: `hard`, the action failed; `soft`, it ran but found nothing (FEVER's
 * `No more results.` after a `Lookup[]` whose keyword is not on the page). Soft
 * signals are real, recurring dead ends worth learning from, but a caller can leave
 * them out (see `DetectOptions.soft`).
 *
 * @module
 */

export type Strength = "hard" | "soft";

export interface Marker {
  name: string;
  strength: Strength;
  pattern: RegExp;
}

/** The markers, checked in order against the trimmed answer text. */
export const errorMarkers: readonly Marker[] = [
  // `Could not find [The Beach].` (FEVER), `Cannot read properties of undefined`, `Unable to connect`.
  { name: "could-not", strength: "hard", pattern: /^(?:could not|couldn't|cannot|can't|unable to)\s/i },
  // `Invalid action!` (WebShop), `Invalid action: Finish[…]` (FEVER), `Invalid argument`.
  { name: "invalid", strength: "hard", pattern: /^invalid\b/i },
  // `Error: …`, `ERROR!`, `Fatal error: …`, `[ERROR] …`, `error (exit 2)`.
  {
    name: "error",
    strength: "hard",
    pattern: /^(?:\[(?:error|fatal)\]|(?:fatal )?error\s*(?:[:!(]|$)|fatal:|panic:)/i,
  },
  // `TypeError: …`, `java.io.IOException: …`, `Exception in thread "main"`.
  { name: "exception", strength: "hard", pattern: /^[\w$.]*(?:Error|Exception)(?::|\s*$|\s+in\b)/ },
  { name: "traceback", strength: "hard", pattern: /^Traceback \(most recent call last\)/ },
  // `Failed to fetch`, `failure: …`.
  { name: "failed", strength: "hard", pattern: /^(?:failed\b|failure:)/i },
  // `bash: foo: command not found`, `cat: x: No such file or directory`, `git: push failed`.
  {
    name: "tool-prefixed",
    strength: "hard",
    pattern: /^[\w./-]+:\s[^\n]{0,120}?\b(?:not found|no such file or directory|permission denied|failed)\b/i,
  },
  // `Page not found`, `404 Not Found`, `Key 'x' not found`: at most four words before it.
  { name: "not-found", strength: "hard", pattern: /^(?:[\w'"./<>\[\]-]+\s+){0,4}not found\b/i },
  { name: "timed-out", strength: "hard", pattern: /^(?:(?:[\w'"./-]+\s+){0,4}timed out\b|timeout\b)/i },
  { name: "denied", strength: "hard", pattern: /^(?:access denied|permission denied|forbidden|unauthori[sz]ed)\b/i },
  { name: "http-status", strength: "hard", pattern: /^HTTP\/\d(?:\.\d)?\s+[45]\d\d\b/ },
  { name: "exit-code", strength: "hard", pattern: /\bexit(?:ed with)? (?:code|status) [1-9]\d*\b/i },
  // `No more results.` (FEVER), `No results found`, `0 matches found`, `Nothing found`.
  { name: "no-results", strength: "soft", pattern: /^no (?:more )?results\b/i },
  {
    name: "nothing-found",
    strength: "soft",
    pattern: /^(?:(?:no|0) (?:matches|match|items|documents|records) (?:found|returned)|nothing found)\b/i,
  },
];

/** The first marker the text carries, or null for an ordinary answer. */
export function errorMarker(text: string): Marker | null {
  const t = text.trim();
  return errorMarkers.find((m) => m.pattern.test(t)) ?? null;
}
