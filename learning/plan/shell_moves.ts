/**
 * Shell actions, however they arrive: an `action` whose tool is a shell (`bash`,
 * `execute_bash`, `run_command`, Claude Code's `Bash`...), a tool call whose input
 * carries a `command`, `cmd` or `script`, code in `bash`/`sh`/`shell`, or plain
 * command-line text; and the file tools such agents use: SWE-agent's `open`,
 * `search_dir`, `create`, `edit`..., OpenHands' `str_replace_editor` (`view`,
 * `create`, `str_replace`, `insert`), Claude Code's `Read`, `Edit`, `Write`,
 * `Grep`, `Glob`. Each becomes the moves it made: programs with what they did.
 *
 * @module
 */
import type { StepBody } from "../../schemas/mod.ts";
import { type Command, commandsOf } from "./shell_command.ts";
import { knownPrograms } from "./shell_programs.ts";
import { argumentsOf, inputOf, textArgument } from "./step_input.ts";

/** A program a shell action ran, or a file tool it used. */
export type Move = Command;

export interface ShellAction {
  moves: Move[];
  /** The command as the agent wrote it (an editor call as `str_replace path`). */
  text: string;
  /** The reason the call itself gives, e.g. Claude Code's Bash `description`. */
  note?: string;
}

const shellTools =
  /^(bash|sh|zsh|shell|terminal|console|cmd|execute_bash|execute_command|execute_shell|exec_command|run_command|run_shell|run_shell_command|run_terminal_cmd|run_in_terminal|shell_exec|bash_tool|local_shell)$/i;
const shellLanguages = /^(bash|sh|shell|zsh|console|shell-?session|shellscript)$/i;
const commandArguments = ["command", "cmd", "script", "commands"];
/** File tools whatever their input. */
const fileTools =
  /^(str_replace_editor|str_replace_based_edit_tool|file_editor|edit_file|view_file|read_file|write_file|create_file|apply_patch|multi_?edit|notebook_?edit|search_dir|search_file|find_file|list_dir|list_files|replace_in_file)$/i;
/** File tools when their input names a file or a pattern (a `create` tool elsewhere may create anything). */
const maybeFileTools = /^(read|edit|write|grep|glob|ls|open|create|insert|view)$/i;
const fileArguments = ["file_path", "path", "filename", "file", "notebook_path", "pattern", "glob"];
const fileWrites =
  /^(edit_file|write_file|create_file|apply_patch|multi_?edit|notebook_?edit|replace_in_file|edit|write|create|insert)$/i;
/** SWE-agent commands whose following lines are their body (`edit 10:12` ... `end_of_edit`), not commands. */
const withBody = /^(edit|insert)\b/;

/** The shell action a step is, or undefined when it is not one. `openFile` follows SWE-agent's viewer. */
export function shellActionOf(step: StepBody, openFile: { path?: string } = {}): ShellAction | undefined {
  const name = step.tool?.name ?? "";
  const args = argumentsOf(step);
  const names = Object.keys(args);
  if (fileTools.test(name) || (maybeFileTools.test(name) && names.some((a) => fileArguments.includes(a)))) {
    return fileToolAction(name, args, openFile);
  }
  const text = commandText(step);
  if (text === undefined) return undefined;
  const note = textArgument(step, ["description"]);
  return { moves: movesOf(text, openFile), text, ...(note !== undefined && { note }) };
}

/** The command line a step carries, if it carries one. */
function commandText(step: StepBody): string | undefined {
  if (step.code && shellLanguages.test(step.code.language)) return step.code.source;
  const input = inputOf(step);
  const fromArguments = textArgument(step, commandArguments);
  if (step.tool && shellTools.test(step.tool.name)) {
    return fromArguments ?? (typeof input === "string" ? input : undefined) ?? (step.content || undefined);
  }
  if (fromArguments !== undefined) return fromArguments;
  if (step.kind === "action" && !step.code && looksLikeCommand(step.content)) return step.content;
  return undefined;
}

/** Programs whose names are also everyday verbs: text like `open drawer 1` (ALFWorld) is not a command. */
const everydayWords = new Set(
  "open create edit insert kill test set time date file find sort cut join split head tail more less man history sleep command source install touch make top id nl which diff patch go use"
    .split(" "),
);
/** What only a command line looks like: an option, a path, a file name, quoting, a pipe or redirection, a line range. */
const commandEvidence = /(^|\s)--?\w|[|><&;*$`'"\\]|\/|\.\w{1,5}\b|^\S+\s+\d+(:\d+)?\s*$/;

/** Plain command-line text: a known program first, and not a text action like `Search[x]` or `open drawer 1`. */
export function looksLikeCommand(text: string): boolean {
  const line = text.trim().split("\n")[0]!.trim();
  if (!line || /^[\p{L}_][\w .-]*\[[\s\S]*\]$/u.test(text.trim())) return false;
  const first = line.replace(/^(sudo\s+|([A-Za-z_]\w*=\S*\s+)+)/, "").match(/^[^\s;|&()]+/)?.[0] ?? "";
  if (/^\.{0,2}\/[\w./-]+$/.test(first) || /^python\d/.test(first)) return true;
  if (!knownPrograms.has(first)) return false;
  const rest = line.slice(line.indexOf(first) + first.length);
  return !everydayWords.has(first) || !rest.trim() || commandEvidence.test(`${first}${rest}`);
}

function movesOf(text: string, openFile: { path?: string }): Move[] {
  const line = withBody.test(text.trim()) ? text.trim().split("\n")[0]! : text;
  // A line of comments or prose runs nothing: it has no moves.
  return commandsOf(line).map((move) => {
    const target = move.writes[0] ??
      (move.program === "open" ? line.trim().split(/\s+/)[1]?.replace(/^["']|["']$/g, "") : undefined);
    if ((move.program === "open" || move.program === "create") && target) openFile.path = target;
    // SWE-agent's `edit` and `insert` change the file its viewer has open.
    if ((move.program === "edit" || move.program === "insert") && openFile.path) {
      return { ...move, writes: [openFile.path] };
    }
    return move;
  });
}

function fileToolAction(name: string, args: Record<string, unknown>, openFile: { path?: string }): ShellAction {
  const text = (key: string) => typeof args[key] === "string" ? args[key] as string : undefined;
  const path = text("file_path") ?? text("path") ?? text("filename") ?? text("file") ?? text("notebook_path");
  // OpenHands' editor says what it does in its `command` argument.
  const sub = text("command");
  const program = (sub ?? name).toLowerCase();
  const writes = sub ? sub !== "view" : fileWrites.test(name);
  if (path && ["open", "create", "view", "read"].includes(program)) openFile.path = path;
  const target = path ?? (writes ? openFile.path : undefined);
  const move: Move = {
    program,
    kind: writes ? "write" : "read",
    writes: writes && target ? [target] : [],
    runs: [],
    piped: false,
  };
  return { moves: [move], text: [program, path ?? text("pattern") ?? text("glob") ?? ""].join(" ").trim() };
}
