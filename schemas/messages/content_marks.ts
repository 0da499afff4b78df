/**
 * Short text marks for what a step cannot hold: images, audio, files, screenshots.
 * A step is text; a base64 image inside one would be megabytes of noise to every
 * learner downstream, while `[image]` keeps the fact that the user showed one.
 *
 * @module
 */

/** Longest reference (a URL, a file name) a mark keeps. */
const maxReference = 200;

/**
 * `[kind]`, or `[kind: reference]` when the reference says something: a URL or a
 * file name, never inline data (`data:` URLs, base64).
 *
 * @example
 * ```ts
 * mark("image", "https://example.com/cat.png"); // "[image: https://example.com/cat.png]"
 * mark("image", "data:image/png;base64,iVBOR..."); // "[image]"
 * ```
 */
export function mark(kind: string, reference?: unknown): string {
  if (typeof reference !== "string" || reference === "" || reference.startsWith("data:")) return `[${kind}]`;
  const shown = reference.length > maxReference ? `${reference.slice(0, maxReference)}…` : reference;
  return `[${kind}: ${shown}]`;
}

/** A refusal as text the learners can still read as one. */
export const refusalText = (refusal: string): string => `[refusal] ${refusal}`;
