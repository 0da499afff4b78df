/**
 * `autoDocument`: a name, a signature and docs for a concept by rule, no model: the
 * name from the call the template makes most, the parameters from what the examples
 * put in the holes, the docs from what it calls and where it was seen. Free and
 * deterministic; `llm_document.ts` is the model-written counterpart.
 *
 * @module
 */
import type { ConceptDocs, ConceptDraft } from "./concept.ts";
import { holeFillers, nameHoles } from "./hole_names.ts";

/** Longest signature body kept before it is cut with `…`. */
const maxBody = 160;

const keywords = new Set([
  "if",
  "elif",
  "for",
  "while",
  "switch",
  "catch",
  "function",
  "return",
  "def",
  "class",
  "with",
  "await",
  "new",
  "typeof",
  "super",
  "print",
]);
const calls = /([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*\(/g;

/** Name, signature and docs for `concept`, by rule. */
export function autoDocument(concept: ConceptDraft): ConceptDocs {
  const params = nameHoles(concept.template, holeFillers(concept.template, concept.examples.map((e) => e.source)));
  const callees = calledNames(concept.template);
  return {
    name: conceptName(concept.template, callees),
    signature: signature(concept, params),
    docs: docs(concept, callees, params),
  };
}

/** The functions the template calls, most called first (first called on a tie). */
export function calledNames(template: string): string[] {
  const counts = new Map<string, number>();
  for (const match of template.matchAll(calls)) {
    const name = match[1]!.replace(/\s+/g, "");
    const defined = /\b(function|def)\s*$/.test(template.slice(0, match.index));
    if (defined || keywords.has(name) || /^\$\d+$/.test(name.split(".").at(-1)!)) continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([name]) => name);
}

/**
 * camelCase from the main call, `Pattern` appended: its last part when that says
 * enough (`findInventoryItem`), else the last two (`bot.inventory.count` →
 * `inventoryCountPattern`); a conditional or loop says so (`ifBotChatPattern`).
 */
function conceptName(template: string, callees: readonly string[]): string {
  const main = callees[0]?.split(".").filter((p) => !/^\$\d+$/.test(p));
  const words = main
    ? main.slice(split(main.at(-1) ?? "").length > 1 ? -1 : -2)
    : (template.match(/[A-Za-z_][\w]*/g) ?? []).filter((w) => !keywords.has(w) && !/^(const|let|var|async)$/.test(w))
      .slice(0, 2);
  const prefix = /^if\b/.test(template.trimStart())
    ? ["if"]
    : /^(for|while)\b/.test(template.trimStart())
    ? ["loop"]
    : [];
  const parts = [...prefix, ...words].flatMap(split);
  const camel = parts.map((p, i) => i === 0 ? p.toLowerCase() : p[0]!.toUpperCase() + p.slice(1).toLowerCase()).join(
    "",
  );
  return `${camel || "code"}Pattern`;
}

const split = (word: string) => word.split(/_|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);

/** The holes as parameters: `(block, count) => await mineBlock(bot, block, count)`. */
function signature(concept: ConceptDraft, params: readonly string[]): string {
  let body = concept.template.replace(/\$(\d+)/g, (hole, n: string) => params[Number(n) - 1] ?? hole);
  body = body.replace(/\s+/g, " ").trim().replace(/;$/, "");
  if (body.length > maxBody) body = `${body.slice(0, maxBody - 1).trimEnd()}…`;
  return concept.language === "python" ? `lambda ${params.join(", ")}: ${body}` : `(${params.join(", ")}) => ${body}`;
}

function docs(concept: ConceptDraft, callees: readonly string[], params: readonly string[]): string {
  const kind = kindOf(concept.template);
  const names = list(callees.slice(0, 3).map((c) => `\`${c}\``));
  const what = kind === "A call" && names ? `Calls ${names}` : `${kind}${names ? ` calling ${names}` : ""}`;
  const varying = params.length === 0 ? ", written the same way every time" : `, with ${list(params)} varying`;
  const n = concept.trajectories.length;
  const shown = concept.trajectories.slice(0, 3).join(", ") + (n > 3 ? ", …" : "");
  const times = concept.frequency === 1 ? "once" : `${concept.frequency} times`;
  return `${what}${varying}. Seen ${times} in ${n} ${n === 1 ? "trajectory" : "trajectories"} (${shown}).`;
}

/** What kind of code it is, from how the template starts. */
function kindOf(template: string): string {
  const start = template.trimStart();
  if (/^(async\s+)?(function|def)\b/.test(start)) return "A function";
  if (/^(if)\b/.test(start)) return "A conditional";
  if (/^(for|while)\b/.test(start)) return "A loop";
  if (/^(try)\b/.test(start)) return "An error handler";
  if (/^(const|let|var)\b/.test(start) || /^[\w$.[\]]+\s*=[^=]/.test(start)) return "An assignment";
  if (/^(await\s+)?(new\s+)?[\w$.]+\s*\(/.test(start)) return "A call";
  return "A statement";
}

const list = (items: readonly string[]) =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
