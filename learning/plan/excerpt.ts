/**
 * Text helpers every plan and strategy writer shares: one line of a step, shortened,
 * and a first letter in upper case.
 *
 * @module
 */

/** Longest text kept for an example or a rationale. */
export const excerptLength = 140;

/** The text with its first letter in upper case. */
export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** One line, at most `length` characters. */
export function excerpt(text: string, length = excerptLength): string {
  const line = text.trim().replace(/\s+/g, " ");
  return line.length > length ? `${line.slice(0, length - 3)}...` : line;
}

/** The first non-empty line, shortened: a heredoc or an edit shows its command, not its body. */
export const firstLine = (text: string, length = excerptLength) =>
  excerpt(text.split("\n").find((line) => line.trim() !== "") ?? "", length);
