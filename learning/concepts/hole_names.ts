/**
 * Names for a template's holes, read off what the examples put there: the word the
 * filling identifiers share (`oakLogsCount`, `coalCount` → `count`), the noun of the
 * call they are passed to (`mineBlock(bot, "oak_log")` → `block`), the map they index
 * (`itemsByName.$1` → `item`), or the kind of literal (`name`, `count`).
 *
 * @module
 */

/**
 * What each example has at each hole: `fillers[h - 1]` lists the texts at `$h`.
 * Examples that do not match the template (or are too long to match cheaply) are skipped.
 */
export function holeFillers(template: string, examples: readonly string[]): string[][] {
  const holes = new Set(template.match(/\$\d+/g) ?? []).size;
  const fillers: string[][] = Array.from({ length: holes }, () => []);
  const pattern = templatePattern(template);
  if (!pattern) return fillers;
  for (const example of examples) {
    if (example.length > 4_000) continue;
    const groups = pattern.exec(example.trim())?.groups;
    if (!groups) continue;
    for (let h = 1; h <= holes; h++) {
      const text = groups[`h${h}`];
      if (text !== undefined) fillers[h - 1]!.push(text.trim());
    }
  }
  return fillers;
}

/**
 * A parameter name for each hole: distinct, usable as an identifier, and none of the
 * names the template already uses (a parameter `entity` in `entity.$1 === $2` would
 * read as the wrong thing).
 */
export function nameHoles(template: string, fillers: readonly string[][]): string[] {
  // Property names (after a dot) do not clash: `const count = bot.inventory.count(...)` reads fine.
  const taken = new Set([...reserved, ...(template.replace(strings, " ").match(/(?<![\w$.])[A-Za-z_][\w]*/g) ?? [])]);
  return fillers.map((texts, i) => {
    const base = guess(template, i + 1, texts) ?? `arg${i + 1}`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    return name;
  });
}

const reserved = new Set(
  "await class const def default for function if in lambda let new return self this var while".split(" "),
);
const identifier = /^[A-Za-z_$][\w$]*$/;
const number = /^-?\d+(\.\d+)?$/;
const strings = /(["'`])(?:\\.|(?!\1)[^\\])*\1/g;

function guess(template: string, hole: number, texts: readonly string[]): string | undefined {
  // A key into a map says what it names: `itemsByName.$1` is an item.
  const before = template.slice(0, template.indexOf(`$${hole}`));
  const indexed = before.match(/([A-Za-z_$][\w$]*)(?:\.|\[)\s*$/)?.[1];
  if (indexed && /By[A-Z]/.test(indexed)) return singular(indexed.split(/By[A-Z]/)[0]!);
  // Words of the names in each filler (string literals blanked out), counted once per filler.
  const words = texts.map((t) =>
    new Set(number.test(t) ? ["count"] : (t.replace(strings, " ").match(/[A-Za-z_][\w]*/g) ?? []).map(lastWord))
  );
  const shared = mostCommon(words.flatMap((w) => [...w]));
  const evidence = texts.length > 1 || (texts.length === 1 && identifier.test(texts[0]!));
  if (shared && evidence && shared.count * 2 >= texts.length && !reserved.has(shared.word)) return shared.word;
  const callee = before.match(/([A-Za-z_$][\w$]*)\s*\([^()]*$/)?.[1];
  const quoted = texts.length > 0 && texts.every((t) => /^(["'`]).*\1$/s.test(t));
  if (quoted && callee && /[a-z][A-Z]/.test(callee)) return lastWord(callee);
  if (quoted) return "name";
  if (texts.length > 0 && texts.every((t) => number.test(t))) return "count";
  if (texts.length > 0 && texts.every((t) => identifier.test(t))) return camel(mostCommon(texts)!.word);
  return undefined;
}

/** The last word of a camelCase or snake_case name, lower-cased: `oakLogsCount` → `count`. */
const lastWord = (name: string) =>
  (name.split(/_|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean).at(-1) ?? name).toLowerCase();

const singular = (word: string) => word.endsWith("ies") ? `${word.slice(0, -3)}y` : word.replace(/s$/, "");

const camel = (name: string) =>
  name.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^[A-Z]/, (c) => c.toLowerCase());

function mostCommon(items: readonly string[]): { word: string; count: number } | undefined {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  let best: { word: string; count: number } | undefined;
  for (const [word, count] of counts) if (!best || count > best.count) best = { word, count };
  return best;
}

/**
 * A regex matching the template's instances: tokens of the fixed parts with any
 * whitespace between them, a lazy group per hole, a back-reference for a repeat.
 */
function templatePattern(template: string): RegExp | undefined {
  const parts = template.trim().split(/(\$\d+)/);
  if (parts.length > 41) return undefined; // 20 holes: matching gets slow, and names matter less
  const seen = new Set<string>();
  const source = parts.map((part) => {
    const hole = part.match(/^\$(\d+)$/)?.[1];
    if (hole === undefined) {
      const tokens = part.match(/[\w$]+|\S/g) ?? [];
      return tokens.map((t) => t.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("\\s*");
    }
    if (seen.has(hole)) return `\\k<h${hole}>`;
    seen.add(hole);
    return `(?<h${hole}>[\\s\\S]+?)`;
  }).join("\\s*");
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return undefined;
  }
}
