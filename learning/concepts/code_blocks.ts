/**
 * Finds the code in a trajectory's steps: the step's own `code`, fenced blocks in its
 * content, a tool input carrying code, or (for actions and tool calls only) a content
 * that is itself code. Languages other than Python, JavaScript and TypeScript are
 * left out: there is no grammar to parse them with.
 *
 * @module
 */
import type { StepBody } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import type { CodeLanguage } from "./parse.ts";

/** One piece of code and where it was. */
export interface CodeBlock {
  trajectoryId: string;
  stepIndex: number;
  language: CodeLanguage;
  source: string;
}

const tags: Record<string, CodeLanguage> = {
  python: "python",
  py: "python",
  python3: "python",
  javascript: "javascript",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  node: "javascript",
  typescript: "typescript",
  ts: "typescript",
};

/** The language a tag such as `py`, `JS` or `typescript` names, if one we parse. */
export const languageOfTag = (tag: string): CodeLanguage | undefined => tags[tag.trim().toLowerCase()];

const fence = /```([\w+#.-]*)[^\n]*\n([\s\S]*?)```/g;
// How code starts, in the languages we parse; prose rarely starts so.
const codeStart =
  /^\s*(?:async\s+function\b|function\b|def\s+\w+\s*\(|class\s+\w+|const\s|let\s|var\s|import\s|from\s+[\w.]+\s+import\b|export\s|for\s*\(|while\s*\(|if\s*\(|await\s|@\w+)/;

/** Every code block in `trajectory`, in step order, each step's duplicates removed. */
export function findCodeBlocks(trajectory: Trajectory): CodeBlock[] {
  return trajectory.steps.flatMap((step) =>
    stepBlocks(step).map((b) => ({ trajectoryId: trajectory.id, stepIndex: step.index, ...b }))
  );
}

function stepBlocks(step: StepBody): Array<{ language: CodeLanguage; source: string }> {
  const found: Array<{ language: CodeLanguage | undefined; source: string }> = [];
  // A named language is taken at its word: `bash` is skipped, not guessed to be JavaScript.
  if (step.code) found.push({ language: languageOfTag(step.code.language), source: step.code.source });
  for (const [, tag, body] of step.content.matchAll(fence)) {
    found.push({ language: tag ? languageOfTag(tag) : detectLanguage(body!), source: body! });
  }
  const input = toolCode(step.tool?.input);
  if (input !== undefined) found.push({ language: detectLanguage(input), source: input });
  // Bare code as content only counts when nothing else was found: a step with a
  // `code` field usually repeats the same code as its content.
  if (found.length === 0 && (step.kind === "action" || step.kind === "tool_call") && codeStart.test(step.content)) {
    found.push({ language: detectLanguage(step.content), source: step.content });
  }
  const seen = new Set<string>();
  return found.flatMap(({ language, source }) => {
    const key = source.trim();
    if (!language || key === "" || seen.has(key)) return [];
    seen.add(key);
    return [{ language, source }];
  });
}

/** Code passed to a tool: a string that looks like code, or a `code` / `source` field. */
function toolCode(input: unknown): string | undefined {
  if (typeof input === "string") return codeStart.test(input) ? input : undefined;
  if (typeof input !== "object" || input === null) return undefined;
  const record = input as Record<string, unknown>;
  const code = record.code ?? record.source;
  return typeof code === "string" ? code : undefined;
}

const signals: Record<CodeLanguage, RegExp[]> = {
  python: [
    /^\s*def \w+\(.*\)\s*(->.*)?:\s*$/m,
    /^\s*(el)?if .+:\s*$/m,
    /^\s*for \w+(, *\w+)* in .+:\s*$/m,
    /^\s*from [\w.]+ import /m,
    /^\s*import [\w.]+(\s+as \w+)?\s*$/m,
    /\bself\./,
    /\b(None|True|False)\b/,
    /^\s*(return|print)\b[^;{]*$/m,
  ],
  javascript: [
    /\bfunction\b/,
    /\b(const|let|var) \w+\s*=/,
    /=>/,
    /;\s*$/m,
    /===|!==/,
    /\bawait\b/,
    /\brequire\(/,
    /[{}]\s*$/m,
  ],
  typescript: [
    /\binterface \w+/,
    /\btype \w+\s*=/,
    /\w\)?: (string|number|boolean|void|unknown|any|Promise<|Record<|\w+\[\])/,
    /\bas const\b/,
    /<\w+(\[\])?>\(/,
    /\b(private|public|readonly) \w+/,
  ],
};

/**
 * The likely language of `source`, or undefined when it does not look like code.
 * TypeScript needs its own signals on top of JavaScript's, since all JavaScript is
 * TypeScript too.
 */
export function detectLanguage(source: string): CodeLanguage | undefined {
  const score = (language: CodeLanguage) => signals[language].filter((s) => s.test(source)).length;
  const python = score("python");
  const js = score("javascript");
  const ts = score("typescript");
  if (python === 0 && js === 0) return undefined;
  if (python > js + ts) return "python";
  return ts > 0 ? "typescript" : "javascript";
}
