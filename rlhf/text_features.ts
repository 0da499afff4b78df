/**
 * Hashed features φ(prompt, response) for the reward model, in two groups:
 * - lexical: the response's words and word pairs (log-scaled counts);
 * - structure: how much of the prompt the response takes up (word overlap), its
 *   length, its steps (`Thought:` / `Action:` / `Observation:` lines), the tools it
 *   called (`verb[argument]`, in order, first and last), repeated actions, and the
 *   error observations it met ("Invalid action", "Could not find", tracebacks …).
 *
 * Each group is scaled to unit length before the two are added, so a long transcript's
 * thousand word pairs do not drown its dozen structural markers; the sum is scaled to
 * unit length again, so scores of long and short answers are comparable.
 *
 * Features of the prompt alone are left out: within one task they cancel in r(chosen)
 * − r(rejected), and across tasks they would teach which prompts are easy, not which
 * answers are good. Every number is the one token `<n>`: environments print the reward
 * into the transcript ("Episode finished, reward = 1", "Your score …: 0.75"), and a
 * model reading it would learn the label, not the behaviour (the outcome model's
 * features drop digits for the same reason).
 *
 * Feature hashing (FNV-1a into `dimensions` slots, the hash's top bit as the sign so
 * that collisions cancel on average) needs no vocabulary: an artifact only records
 * {@linkcode featureVersion} and the dimensions.
 *
 * @module
 */
import { fnv1a } from "../learning/fnv1a.ts";

/** Bumped whenever a feature changes: artifacts of another version are refused. */
export const featureVersion = 1;

/** 2^18 slots: few collisions for the vocabulary of agent transcripts, 2 MB of weights. */
export const defaultDimensions = 2 ** 18;

/** A hashed feature vector: indices ascending and distinct, values non-zero. */
export interface SparseFeatures {
  indices: Int32Array;
  values: Float64Array;
}

/** `verb[argument]`: ReAct's `Search[Paramore]`, WebShop's `click[Buy Now]`, a tool call. */
const actionCall = /\b([A-Za-z_][\w-]*)\[([^\]\n]*)\]/g;
const stepLine = /^\s*(thought|action|observation)\s*\d*\s*:/gim;
const errorMarkers: readonly [string, RegExp][] = [
  ["invalid-action", /invalid action/gi],
  ["not-found", /could not find|not found|no such/gi],
  ["no-results", /no (more )?results/gi],
  ["exception", /traceback|exception|\berror\b/gi],
  ["failed", /\bfail(ed|ure)?\b/gi],
  ["timeout", /timed? ?out/gi],
];

/** The response's features in a space of `dimensions` (a power of two) slots. */
export function textFeatures(prompt: string, response: string, dimensions = defaultDimensions): SparseFeatures {
  const lexical = new Map<number, number>();
  const structure = new Map<number, number>();
  const add = (group: Map<number, number>, feature: string, value = 1) => {
    const hash = fnv1a(feature);
    const slot = hash & (dimensions - 1);
    group.set(slot, (group.get(slot) ?? 0) + (hash & 0x80000000 ? -value : value));
  };

  const words = wordsOf(response);
  const counts = new Map<string, number>();
  words.forEach((word, i) => {
    counts.set(`u:${word}`, (counts.get(`u:${word}`) ?? 0) + 1);
    if (i > 0) counts.set(`b:${words[i - 1]} ${word}`, (counts.get(`b:${words[i - 1]} ${word}`) ?? 0) + 1);
  });
  for (const [feature, count] of counts) add(lexical, feature, Math.log1p(count));

  const promptWords = new Set(wordsOf(prompt).filter(isContentWord));
  const responseWords = new Set(words.filter(isContentWord));
  const shared = [...promptWords].filter((word) => responseWords.has(word)).length;
  const recall = promptWords.size ? shared / promptWords.size : 0;
  const precision = responseWords.size ? shared / responseWords.size : 0;
  add(structure, "overlap:recall", recall);
  add(structure, `overlap:recall:${Math.floor(recall * 5)}`);
  add(structure, `overlap:precision:${Math.min(5, Math.floor(precision * 20))}`);

  add(structure, `length:words:${sizeBucket(words.length)}`);
  add(structure, `length:lines:${sizeBucket(response.split("\n").length)}`);
  const steps = new Map<string, number>();
  for (const [, label] of response.matchAll(stepLine)) {
    const kind = label!.toLowerCase();
    steps.set(kind, (steps.get(kind) ?? 0) + 1);
  }
  for (const [kind, count] of steps) add(structure, `steps:${kind}:${sizeBucket(count)}`);

  const actions = [...response.matchAll(actionCall)].map(([, verb, argument]) => ({
    verb: verb!.toLowerCase(),
    call: `${verb!.toLowerCase()}[${wordsOf(argument!).join(" ")}]`,
    firstWord: wordsOf(argument!)[0] ?? "",
  }));
  add(structure, `actions:${sizeBucket(actions.length)}`);
  actions.forEach(({ verb, firstWord }, i) => {
    add(structure, `verb:${verb}`);
    add(structure, `verb:${verb}:${firstWord}`);
    if (i > 0) add(structure, `verbs:${actions[i - 1]!.verb}>${verb}`);
  });
  if (actions.length) {
    add(structure, `first:${actions[0]!.verb}`);
    add(structure, `last:${actions.at(-1)!.verb}:${actions.at(-1)!.firstWord}`);
  }
  // An agent repeating the very same call is usually stuck in a loop.
  const repeats = actions.length - new Set(actions.map((action) => action.call)).size;
  add(structure, `repeats:${sizeBucket(repeats)}`);

  for (const [name, marker] of errorMarkers) {
    const count = response.match(marker)?.length ?? 0;
    if (count) add(structure, `error:${name}:${sizeBucket(count)}`);
  }
  return sparse([lexical, structure]);
}

/** Lower-case words, every token with a digit as `<n>`. */
function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).map((word) => /\p{N}/u.test(word) ? "<n>" : word);
}

/** Words that say what a prompt is about: not `a`, `is`, `of` or a number. */
const isContentWord = (word: string) => word.length > 2 && word !== "<n>";

/** 0, 1, 2–3, 4–7, …: sizes an order of magnitude apart fall in different buckets. */
const sizeBucket = (n: number) => n <= 0 ? 0 : 1 + Math.floor(Math.log2(n));

/** The groups, each scaled to unit length, added, and the sum scaled to unit length. */
function sparse(groups: readonly Map<number, number>[]): SparseFeatures {
  const sum = new Map<number, number>();
  for (const group of groups) {
    const norm = Math.sqrt(sumOfSquares(group.values()));
    if (norm === 0) continue;
    for (const [slot, value] of group) sum.set(slot, (sum.get(slot) ?? 0) + value / norm);
  }
  const entries = [...sum].filter(([, value]) => value !== 0).sort((a, b) => a[0] - b[0]);
  const norm = Math.sqrt(sumOfSquares(entries.map(([, value]) => value))) || 1;
  return {
    indices: Int32Array.from(entries, ([slot]) => slot),
    values: Float64Array.from(entries, ([, value]) => value / norm),
  };
}

// A loop, not Math.hypot(...values): a long transcript has more values than a call takes arguments.
function sumOfSquares(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value * value;
  return total;
}

/** w · φ. */
export function dot(weights: Float64Array, features: SparseFeatures): number {
  let total = 0;
  for (let k = 0; k < features.indices.length; k++) total += weights[features.indices[k]!]! * features.values[k]!;
  return total;
}
