/**
 * The one place that knows the parser: tree-sitter (WASM, via web-tree-sitter) turns
 * source into a plain `CodeNode` tree, so everything after it is parser-agnostic,
 * pure and testable with hand-made trees.
 *
 * The runtime and the grammars are `.wasm` files from npm (`web-tree-sitter`,
 * `@vscode/tree-sitter-wasm`), found with `import.meta.resolve` in `./node_modules`
 * and read once, on the first parse of each language: nothing loads at import time,
 * and no network is needed. The grammars ship beside a runtime of the same ABI
 * (tree-sitter 0.25, grammar ABI 14–15), which `web-tree-sitter` 0.27 loads.
 *
 * @module
 */
import { Language, Parser, type TreeCursor } from "web-tree-sitter";
import { AtlasError } from "../../errors.ts";

export const codeLanguages = ["python", "javascript", "typescript"] as const;
export type CodeLanguage = (typeof codeLanguages)[number];

/** A syntax node. Leaves carry their text; comments are left out (see `ParsedCode.comments`). */
export interface CodeNode {
  type: string;
  /** False for punctuation, operators and keywords (`(`, `<`, `await`). */
  named: boolean;
  /** Offsets into the parsed source, in UTF-16 code units like `String.slice`. */
  start: number;
  end: number;
  text?: string;
  children: CodeNode[];
}

export interface ParsedCode {
  language: CodeLanguage;
  source: string;
  root: CodeNode;
  /** Where the comments were, so a rendering of the source can leave them out. */
  comments: Array<[start: number, end: number]>;
}

/** Turns source into a tree; the first call for a language loads its grammar. */
export type ParseCode = (language: CodeLanguage, source: string) => Promise<ParsedCode>;

export interface CodeParserOptions {
  /** Where a `.wasm` file is; undefined when it is not installed. @default import.meta.resolve in node_modules */
  locate?: (file: string) => URL | undefined;
  /** @default Deno.readFile */
  read?: (url: URL) => Promise<Uint8Array>;
}

/**
 * Literals kept whole: their inner parts (quotes, escapes, interpolations) are one
 * value to the learning code, which abstracts or keeps it as a unit.
 */
const atomic = new Set(["string", "template_string", "regex", "number", "integer", "float", "concatenated_string"]);

const grammarFiles: Record<CodeLanguage, string> = {
  python: "@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm",
  javascript: "@vscode/tree-sitter-wasm/wasm/tree-sitter-javascript.wasm",
  typescript: "@vscode/tree-sitter-wasm/wasm/tree-sitter-typescript.wasm",
};
const runtimeFile = "web-tree-sitter/web-tree-sitter.wasm";

/**
 * The WASM runtime, once per process: `Parser.init` swaps web-tree-sitter's one global
 * module, so a second init would pull the memory from under every parser already made.
 */
let runtime: Promise<void> | undefined;

/** A parser with its own lazily loaded, cached grammars (the runtime is shared). */
export function createCodeParser(options: CodeParserOptions = {}): ParseCode {
  const locate = options.locate ?? resolveInstalled;
  const read = options.read ?? ((url: URL) => Deno.readFile(url));
  const parsers = new Map<CodeLanguage, Promise<Parser>>();

  const load = async (file: string): Promise<Uint8Array> => {
    const url = locate(file);
    if (!url) throw new AtlasError("E7920", `code parser unavailable: ${file} is not installed`, { details: { file } });
    try {
      return await read(url);
    } catch (cause) {
      throw new AtlasError("E7920", `code parser unavailable: cannot read ${url.href}`, { cause, details: { file } });
    }
  };

  const parserFor = (language: CodeLanguage): Promise<Parser> => {
    let parser = parsers.get(language);
    if (!parser) {
      runtime ??= load(runtimeFile).then((wasmBinary) => Parser.init({ wasmBinary }));
      parser = runtime.then(async () => {
        const grammar = await Language.load(await load(grammarFiles[language]));
        return new Parser().setLanguage(grammar);
      });
      // A failed load is not cached, so a later call (after an install) may succeed.
      parser.catch(() => parsers.delete(language));
      runtime.catch(() => runtime = undefined);
      parsers.set(language, parser);
    }
    return parser;
  };

  return async (language, source) => {
    if (!(language in grammarFiles)) throw new AtlasError("E7920", `no grammar for language ${language}`);
    const parser = await parserFor(language);
    const tree = parser.parse(source);
    if (!tree) throw new AtlasError("E7920", `the ${language} parser returned no tree`);
    try {
      const comments: Array<[number, number]> = [];
      const root = toCodeNode(tree.walk(), source, comments);
      return { language, source, root, comments };
    } finally {
      tree.delete();
    }
  };
}

/** The process-wide parser: grammars load once and serve every caller. */
export const parseCode: ParseCode = (() => {
  let shared: ParseCode | undefined;
  return (language, source) => (shared ??= createCodeParser())(language, source);
})();

function resolveInstalled(file: string): URL | undefined {
  try {
    const url = new URL(import.meta.resolve(file));
    return url.protocol === "file:" ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Copies the tree out of WASM memory with a cursor (no per-node wrapper objects). */
function toCodeNode(cursor: TreeCursor, source: string, comments: Array<[number, number]>): CodeNode {
  const visit = (): CodeNode => {
    const type = cursor.nodeIsMissing ? "MISSING" : cursor.nodeType;
    const node: CodeNode = {
      type,
      named: cursor.nodeIsNamed,
      start: cursor.startIndex,
      end: cursor.endIndex,
      children: [],
    };
    if (!atomic.has(type) && cursor.gotoFirstChild()) {
      do {
        if (cursor.nodeType === "comment") comments.push([cursor.startIndex, cursor.endIndex]);
        else node.children.push(visit());
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    if (node.children.length === 0) node.text = source.slice(node.start, node.end);
    return node;
  };
  try {
    return visit();
  } finally {
    cursor.delete();
  }
}
