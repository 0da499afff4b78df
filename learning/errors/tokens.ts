/**
 * The vocabulary of error templates: the masks `normaliseError` puts where text varies,
 * what each mask stands for as a regular expression, and the tokens a template splits
 * into for alignment.
 *
 * A token is a mask (`<num>`), a run of letters and digits, or one punctuation mark,
 * so `Could not find [<arg>].` aligns word by word and bracket by bracket with
 * `Could not find Mary-Kate Olsen.`.
 *
 * @module
 */

/** The masks, in the words a reader sees in a template. */
export const masks = ["num", "hex", "uuid", "id", "url", "path", "str", "arg", "list", "trace", "tail"] as const;
export type Mask = (typeof masks)[number];

/**
 * What each mask stands for in the original text, as regex source for signatures.
 * Each is at least as wide as what `normaliseError` replaces with the mask, so a
 * signature built from a template matches the text the template came from.
 */
export const maskSource: Readonly<Record<Mask, string>> = {
  num: String.raw`\d+(?:[.,]\d+)*`,
  hex: String.raw`(?:0[xX])?[0-9a-fA-F]+`,
  uuid: String.raw`[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}`,
  id: String.raw`[\w-]+`,
  url: String.raw`\S+`,
  path: String.raw`\S+`,
  // Quoted strings and bracketed arguments never span lines (see normalise.ts).
  str: ".*?",
  arg: ".+?",
  // A list runs from its `[` to its `]`, or to the end when it was cut short.
  list: String.raw`\[[\s\S]*?`,
  trace: String.raw`[\s\S]*?`,
  tail: String.raw`[\s\S]*`,
};

export interface Token {
  text: string;
  /** Whether whitespace came before it in the template. */
  space: boolean;
  mask: Mask | null;
}

const tokenPattern = new RegExp(`(\\s*)(<(?:${masks.join("|")})>|[\\p{L}\\p{N}_]+|\\S)`, "gu");

/** The tokens of a template, in order. */
export function tokenise(template: string): Token[] {
  const tokens: Token[] = [];
  for (const [, space, text] of template.matchAll(tokenPattern)) {
    const isMask = text!.length > 2 && text!.startsWith("<") && text!.endsWith(">");
    tokens.push({ text: text!, space: space !== "", mask: isMask ? (text!.slice(1, -1) as Mask) : null });
  }
  if (tokens[0]) tokens[0].space = false;
  return tokens;
}

/** The template the tokens came from (with whitespace collapsed to single spaces). */
export function render(tokens: readonly Token[]): string {
  return tokens.map((t, i) => (i > 0 && t.space ? " " : "") + t.text).join("");
}

/** Whether two tokens are the same for alignment: same text (masks by name). */
export const sameToken = (a: Token, b: Token): boolean => a.text === b.text;
