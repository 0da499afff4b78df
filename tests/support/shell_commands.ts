/**
 * The README's shell examples as commands, each with the answer the README shows
 * for it. A command runs until its quotes close and its line does not go on (`\`,
 * `|`, `&&`, an open `for`/`if`); a comment line right after it of the form
 * `# [status] <JSON>` (or `# event: a, b` for a stream) is its expected answer.
 * In an expected JSON, `...` alone stands for any value (last in an array, for any
 * more items) and a string ending in `...` for any string that begins so; an
 * object shows only the fields it checks.
 *
 * @module
 */

export interface ShellCommand {
  /** 1-based line in the file the block came from. */
  line: number;
  text: string;
  expect?: Expectation;
}

export type Expectation =
  | { kind: "json"; status?: number; value: unknown }
  | { kind: "status"; status: number }
  | { kind: "events"; names: string[] };

/** Stands for "any value" once the README's `...` is parsed. */
export const anyValue = "\u0000any";

/** The commands of one `sh` block whose first line is `firstLine` of its file. */
export function shellCommands(block: string, firstLine: number): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let current: { line: number; lines: string[] } | undefined;
  let state = { quote: "", depth: 0, heredoc: "" };
  let last: ShellCommand | undefined;
  block.split("\n").forEach((text, index) => {
    const line = firstLine + index;
    if (current) {
      current.lines.push(text);
    } else {
      const trimmed = text.trim();
      if (trimmed === "") return (last = undefined);
      if (trimmed.startsWith("#")) {
        if (last && !last.expect) {
          const expect = expectation(trimmed.slice(1).trim());
          if (expect) last.expect = expect;
        }
        return;
      }
      current = { line, lines: [text] };
      state = { quote: "", depth: 0, heredoc: "" };
    }
    state = scan(text, state);
    if (state.quote || state.depth > 0 || state.heredoc || continues(text, state)) return;
    last = { line: current.line, text: current.lines.join("\n") };
    commands.push(last);
    current = undefined;
  });
  if (current) throw new Error(`line ${current.line}: the command does not end`);
  return commands;
}

interface ScanState {
  /** The quote open at the end of the line: `'`, `"` or none. */
  quote: string;
  /** `for`/`while`/`if` blocks open. */
  depth: number;
  /** The word that ends an open here-document. */
  heredoc: string;
}

function scan(text: string, state: ScanState): ScanState {
  if (state.heredoc) return text.trim() === state.heredoc ? { ...state, heredoc: "" } : state;
  let { quote, depth } = state;
  let heredoc = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = "";
    } else if (quote === '"') {
      if (c === "\\") i++;
      else if (c === '"') quote = "";
    } else if (c === "\\") {
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) {
      break;
    } else if (c === "<" && text.startsWith("<<", i)) {
      heredoc = /^<<-?\s*['"]?(\w+)/.exec(text.slice(i))?.[1] ?? "";
    } else if (/\w/.test(c!) && (i === 0 || /[\s;]/.test(text[i - 1]!))) {
      const word = /^\w+/.exec(text.slice(i))![0];
      if (["for", "while", "until", "if"].includes(word)) depth++;
      if (["done", "fi"].includes(word)) depth--;
      i += word.length - 1;
    }
  }
  return { quote, depth, heredoc };
}

/** Whether the command goes on to the next line. */
function continues(text: string, state: ScanState): boolean {
  if (state.quote) return true;
  const code = withoutComment(text).trimEnd();
  return /(\\|\||&&)$/.test(code);
}

function withoutComment(text: string): string {
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) {
      return text.slice(0, i);
    }
  }
  return text;
}

/** The answer a comment shows, when it shows one. */
export function expectation(comment: string): Expectation | undefined {
  const events = /^event: ([\w.-]+(?:, [\w.-]+)*)$/.exec(comment);
  if (events) return { kind: "events", names: events[1]!.split(", ") };
  const match = /^(?:(\d{3})(?:\s+|$))?([{[].*)?$/.exec(comment);
  if (!match || (!match[1] && !match[2])) return undefined;
  const status = match[1] ? Number(match[1]) : undefined;
  if (!match[2]) return { kind: "status", status: status! };
  const json = match[2].replace(/([[,:]\s*)\.\.\.(\s*[\]},])/g, `$1${JSON.stringify(anyValue)}$2`);
  try {
    return { kind: "json", ...(status && { status }), value: JSON.parse(json) };
  } catch {
    throw new Error(`an expected answer that is not JSON: ${comment}`);
  }
}

/** Where `actual` differs from what `expected` shows, by path; empty when it matches. */
export function differences(expected: unknown, actual: unknown, path = "$"): string[] {
  if (expected === anyValue) return [];
  if (typeof expected === "string" && expected.endsWith("...")) {
    const prefix = expected.slice(0, -3);
    return typeof actual === "string" && actual.startsWith(prefix)
      ? []
      : [`${path}: expected a string starting ${JSON.stringify(prefix)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    // `[a, b, ...]`: these first, then any more.
    const open = expected.at(-1) === anyValue;
    const items = open ? expected.slice(0, -1) : expected;
    if (open ? actual.length < items.length : actual.length !== items.length) {
      return [`${path}: expected ${open ? "at least " : ""}${items.length} items, got ${actual.length}`];
    }
    return items.flatMap((e, i) => differences(e, actual[i], `${path}[${i}]`));
  }
  if (expected && typeof expected === "object") {
    if (!actual || typeof actual !== "object" || Array.isArray(actual)) {
      return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    }
    const record = actual as Record<string, unknown>;
    return Object.entries(expected).flatMap(([key, value]) => differences(value, record[key], `${path}.${key}`));
  }
  return Object.is(expected, actual)
    ? []
    : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
