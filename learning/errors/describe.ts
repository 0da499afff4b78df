/**
 * What a cluster of error occurrences is called and what it teaches: its root (the
 * words every template starts with), a readable name, the fix runs that got past it
 * used, and a few examples worth showing.
 *
 * @module
 */
import { normaliseError } from "./normalise.ts";
import type { ErrorExample, ErrorOccurrence } from "./cluster.ts";
import type { Token } from "./tokens.ts";

/**
 * The leading tokens every template shares, up to a mask or an opening bracket or
 * quote (where arguments start), at most six: the part of the error that names it,
 * and the part least likely to change when new variants join the cluster.
 */
export function patternRoot(templates: readonly Token[][]): string {
  const [first, ...rest] = templates;
  const out: string[] = [];
  for (const [i, token] of (first ?? []).slice(0, 6).entries()) {
    if (token.mask || /^[\[('"`{<]$/.test(token.text) || rest.some((t) => t[i]?.text !== token.text)) break;
    out.push((i > 0 && token.space ? " " : "") + token.text);
  }
  return out.join("");
}

/**
 * The root's words, and the action the error answered when one action answers to
 * at least 60% of the occurrences: `Could not find (after Search)`.
 */
export function patternName(root: string, head: string, occurrences: readonly ErrorOccurrence[]): string {
  const words = root.match(/[\p{L}\p{N}_'-]+/gu)?.join(" ") || head.slice(0, 40);
  const verbs = occurrences.flatMap((o) => o.action?.match(/^\s*([A-Za-z_][\w.-]*)/)?.[1] ?? []);
  const top = mostCommon(verbs);
  return top && top[1] >= 0.6 * occurrences.length ? `${words} (after ${top[0]})` : words;
}

/**
 * The most common recovery, by template, with its most common concrete form: what
 * the runs of this family that got past the error did next. When most of those
 * recoveries repeat the failed action, or its template with another argument, the fix
 * says so: `Search[<arg>]` after a failed `Search[...]` means "search for something
 * else". Null without recoveries.
 */
export function trajectoryFix(occurrences: readonly ErrorOccurrence[]): string | null {
  const recovered = occurrences.flatMap((o) => o.recovery ? [{ ...o, recovery: o.recovery.trim() }] : []);
  const templates = recovered.map((o) => normaliseError(o.recovery));
  const best = mostCommon(templates);
  if (!best) return null;
  const [template, n] = best;
  const chosen = recovered.filter((_, i) => templates[i] === template);
  const [example] = mostCommon(chosen.map((o) => o.recovery))!;
  const shown = example === template ? template : `${template} (e.g. ${example.slice(0, 160)})`;
  const again = chosen.filter((o) => o.action?.trim() === o.recovery).length;
  const other = chosen.filter((o) => o.action && normaliseError(o.action) === template).length - again;
  const how = again > n / 2
    ? ", the failed action again"
    : again + other > n / 2
    ? ", the failed action with another argument"
    : "";
  return `Runs that got past this error went on with ${shown}${how}: ${n} of ${recovered.length} recoveries.`;
}

/**
 * Up to `max` examples from occurrences grouped by template (most frequent first):
 * one per template first, then the rest, and trajectories not yet shown before repeats.
 */
export function pickExamples(byTemplate: readonly ErrorOccurrence[][], max: number): ErrorExample[] {
  const candidates = [...byTemplate.flatMap((g) => g.slice(0, 1)), ...byTemplate.flatMap((g) => g.slice(1))];
  const shown = new Set<string>();
  const picked = new Set<ErrorOccurrence>();
  for (const freshOnly of [true, false]) {
    for (const o of candidates) {
      if (picked.size >= max) break;
      if (picked.has(o) || (freshOnly && shown.has(o.trajectoryId))) continue;
      picked.add(o);
      shown.add(o.trajectoryId);
    }
  }
  return [...picked].map((o) => {
    const example: ErrorExample = { trajectoryId: o.trajectoryId, index: o.index, text: o.text };
    if (o.action) example.action = o.action;
    return example;
  });
}

/** The most frequent value and its count; a tie goes to the value seen first. */
function mostCommon(values: readonly string[]): [string, number] | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: [string, number] | undefined;
  for (const entry of counts) if (!best || entry[1] > best[1]) best = entry;
  return best;
}
