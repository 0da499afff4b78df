/**
 * The built-in embedding function: feature hashing of a text's words and character
 * 4-grams into a fixed-size, L2-normalised vector. No model, no network, the same
 * vector for the same text everywhere. It captures a task's form as well as its
 * words ("X is a Y." against "i need ... under 30 dollars" against "async function
 * f(bot)"), which is what tells the families apart when a new task shares no name
 * with any seen before; BM25 over the words stays the other half of the ranking.
 *
 * @module
 */
import { fnv1a } from "./fnv1a.ts";

/** A text's embedding; retrieval compares them by cosine. */
export type Embed = (text: string) => number[];

/** @default 256 dimensions */
export function hashingEmbedding(dimensions = 256): Embed {
  return (text) => {
    const vector = new Float64Array(dimensions);
    const lower = text.toLowerCase();
    const add = (feature: string) => {
      const h = fnv1a(feature);
      // The hash's top bit picks the sign, so collisions cancel out on average.
      vector[h % dimensions]! += h & 0x80000000 ? -1 : 1;
    };
    for (const word of lower.match(/[\p{L}\p{N}_]+/gu) ?? []) add(`w:${word}`);
    // Word shapes and their pairs ("Xx Xx" for a name, "d.d" for a price): a task's form.
    const shapes = (text.match(/\S+/g) ?? []).map(shapeOf);
    shapes.forEach((shape, i) => {
      add(`s:${shape}`);
      if (i > 0) add(`ss:${shapes[i - 1]} ${shape}`);
    });
    const padded = ` ${lower.replace(/\s+/g, " ").trim()} `;
    for (let i = 0; i + 4 <= padded.length; i++) add(`c:${padded.slice(i, i + 4)}`);
    // Log scaling: a long text's repeated n-grams do not drown the rest.
    let norm = 0;
    for (let i = 0; i < dimensions; i++) {
      const v = vector[i]!;
      vector[i] = Math.sign(v) * Math.log1p(Math.abs(v));
      norm += vector[i]! ** 2;
    }
    norm = Math.sqrt(norm) || 1;
    return Array.from(vector, (v) => v / norm);
  };
}

/** `Paramore` → `Xx`, `20.00` → `d.d`, `craftItem(bot,` → `xXx(x,`: runs of a class collapse. */
const shapeOf = (word: string) =>
  word.replace(/\p{Lu}+/gu, "X").replace(/\p{Ll}+/gu, "x").replace(/\p{N}+/gu, "d").slice(0, 12);

/** The normalised mean of `vectors`: a set of tasks as one point. */
export function centroid(vectors: readonly number[][]): number[] | undefined {
  const first = vectors[0];
  if (!first) return undefined;
  const sum = new Array<number>(first.length).fill(0);
  for (const vector of vectors) for (let i = 0; i < sum.length; i++) sum[i]! += vector[i]!;
  const norm = Math.sqrt(sum.reduce((total, x) => total + x * x, 0)) || 1;
  return sum.map((x) => x / norm);
}

/**
 * `embed` with the last `capacity` texts' vectors kept. A strategy's vector is the
 * centroid of its newest tasks: each reinforcement would otherwise embed all of them
 * again, when only the new task is new.
 */
export function memoized(embed: Embed, capacity: number): Embed {
  const cache = new Map<string, number[]>();
  return (text) => {
    let vector = cache.get(text);
    if (vector) cache.delete(text);
    else vector = embed(text);
    cache.set(text, vector);
    if (cache.size > capacity) cache.delete(cache.keys().next().value!);
    return vector;
  };
}
