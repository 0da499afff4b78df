/**
 * A shell command understood: the program it runs, written the same way every
 * time and with the sub-command or mode that changes what it does (`git diff`,
 * `sed -i`, `python -m pytest` is `pytest`), what kind of work it is, and the
 * files it writes or runs. Wrappers (`sudo`, `env X=1`, `timeout 60`, `xargs`)
 * and leading assignments are looked through; `bash -c '...'` is read as what it
 * runs; `cd x && ...` is navigation and leaves the rest to speak.
 *
 * @module
 */
import {
  aliases,
  type CommandKind,
  knownPrograms,
  navigates,
  runs,
  setups,
  subcommandKinds,
  submits,
  sweAgentReads,
  sweAgentWrites,
  withSubcommand,
  wrapperOptionsWithValue,
  wrappers,
  writes as writers,
} from "./shell_programs.ts";
import { git, python, type Understood } from "./shell_subcommands.ts";
import { type SimpleCommand, splitCommands } from "./shell_words.ts";

export type { CommandKind } from "./shell_programs.ts";

export interface Command {
  /** The program as the plan names it: `grep -r`, `sed -i`, `git diff`, `pytest`, `python -c`. */
  program: string;
  kind: CommandKind;
  /** Files it writes (redirections included, `/dev/*` not). */
  writes: string[];
  /** Files it executes: a script, a test file. */
  runs: string[];
  /** Whether it reads a pipe (`sort` in `grep x | sort`): a filter, less telling than the pipeline's head. */
  piped: boolean;
}

/** The commands of a command line, in order. */
export function commandsOf(line: string): Command[] {
  return splitCommands(line).flatMap(describe);
}

/** Shell keywords that open a command (`if grep ...`, `then echo ...`): the command follows them. */
const openers = new Set(["if", "then", "else", "elif", "do", "while", "until", "!"]);
/** Keywords that are the whole command or head a construct the plan does not need (`for x in ...`, `done`). */
const constructs = new Set(["for", "case", "select", "function", "fi", "done", "esac", "in"]);

function describe(simple: SimpleCommand): Command[] {
  const words = [...simple.words];
  // `X=1 make`, and a line of assignments alone, which sets the environment up.
  while (words.length && (/^[A-Za-z_]\w*=/.test(words[0]!) || openers.has(words[0]!))) words.shift();
  if (constructs.has(words[0] ?? "")) return [];
  if (words[0] === "[" || words[0] === "[[") words.splice(0, 1, "test");
  const wrapper = words[0];
  unwrap(words);
  // `env`, `time` alone still ran something.
  if (words.length === 0 && wrapper !== undefined) words.push(wrapper);
  // Prose an agent sent to its shell ("Thank you!", "It seems...") is not a program.
  if (words.length && !plausibleProgram(words[0]!)) return [];
  const redirected = simple.redirects.filter((r) => r.op.includes(">") && !r.target.startsWith("/dev/"));
  const written = redirected.map((r) => r.target);
  if (words.length === 0) {
    return written.length ? [command("truncate", "write", written, [], simple)] : [];
  }
  const name = programName(words[0]!);
  const args = words.slice(1);
  // `bash -c 'cd repo && pytest'` is what it runs.
  if (/^(ba|z|da|k)?sh$/.test(name) && args.some((a) => /^-\w*c$/.test(a))) {
    return commandsOf(args[args.findIndex((a) => /^-\w*c$/.test(a)) + 1] ?? "");
  }
  const found = understand(name, args);
  // A looking program whose output goes to a file writes that file (`cat > f <<EOF`, `echo x >> f`).
  const kind = found.kind === "read" && written.length ? "write" : found.kind;
  return [command(found.program, kind, [...found.writes, ...written], found.runs, simple)];
}

function understand(name: string, args: string[]): Understood {
  const positional = args.filter((a) => !a.startsWith("-"));
  const found = (program: string, kind: CommandKind, writes: string[] = [], ran: string[] = []) => ({
    program,
    kind,
    writes,
    runs: ran,
  });
  if (name.startsWith("./")) return found(name, "run", [], [name]);
  if (submits.has(name)) return found(name, "submit");
  if (navigates.has(name)) return found(name, "navigate");
  if (sweAgentReads.has(name)) return found(name, "read");
  if (sweAgentWrites.has(name)) return found(name, "write", name === "create" ? positional.slice(0, 1) : []);
  if (name === "python") return python(args);
  if (name === "git") return git(args);
  if (name === "sed" || name === "perl") {
    const inPlace = args.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith("--in-place"));
    if (inPlace) return found(`${name} -i`, "write", positional.slice(name === "sed" ? 1 : 0).slice(-1));
    return name === "perl" && positional[0] && !args.includes("-e")
      ? found("perl", "run", [], positional.slice(0, 1))
      : found(name, "read");
  }
  if (name === "awk" && args.join(" ").includes("-i inplace")) {
    return found("awk -i inplace", "write", positional.slice(-1));
  }
  if (name === "grep") {
    return found(args.some((a) => /^-[a-zA-Z]*[rR]/.test(a) || a === "--recursive") ? "grep -r" : "grep", "read");
  }
  if (name === "find") {
    const changes = args.includes("-delete") || /-exec(dir)? (rm|mv|chmod|chown|sed -i|perl -i)\b/.test(args.join(" "));
    return found("find", changes ? "write" : "read");
  }
  if (writers.has(name)) {
    // Files only: `tee >(wc -l)` feeds a process, not a file.
    const files = positional.filter((a) => !/^[<>]\(/.test(a) && !a.startsWith("/dev/"));
    const targets = ["cp", "mv", "install", "rsync"].includes(name) ? files.slice(-1) : files;
    return found(name, targets.length || name !== "tee" ? "write" : "read", targets);
  }
  if (withSubcommand.has(name)) {
    const sub = positional[0];
    const kind = (sub ? subcommandKinds[sub] : undefined) ?? (setups.has(name) ? "setup" : "run");
    return found(sub && !sub.includes("/") ? `${name} ${sub}` : name, kind);
  }
  if (setups.has(name)) return found(name, "setup");
  if (runs.has(name)) {
    const script = positional.find((a) => /\.\w+$/.test(a) || a.includes("/"));
    return found(name, "run", [], script ? [script] : []);
  }
  return found(name, "read");
}

/** Drops wrappers and their options in place: `sudo -u x timeout 60 pytest` → `pytest`. */
function unwrap(words: string[]): void {
  while (words.length && wrappers.has(programName(words[0]!))) {
    words.shift();
    while (words.length && (words[0]!.startsWith("-") || /^[A-Za-z_]\w*=/.test(words[0]!))) {
      const option = words.shift()!;
      if (wrapperOptionsWithValue.has(option)) words.shift();
    }
    // `timeout 60 cmd`: the duration.
    if (/^\d+(\.\d+)?[smhd]?$/.test(words[0] ?? "")) words.shift();
  }
}

/** A program's name: a path, or a word of letters, digits, `._+-`; a capitalised word only when known. */
function plausibleProgram(word: string): boolean {
  if (word.includes("/")) return true;
  if (!/^[\w.+-]+$/.test(word)) return false;
  return !/^[A-Z][a-z]/.test(word) || knownPrograms.has(word);
}

/** The program's name as the plan writes it: one spelling, no directory, except a script's `./`. */
function programName(word: string): string {
  const base = word.split("/").at(-1)!;
  // `/usr/bin/python3` is python; `./run.sh`, `tests/run.sh` and `/testbed/run.sh` are the project's own scripts.
  if (word.includes("/") && !/(^|\/)bin\/[^/]+$/.test(word)) return `./${base}`;
  const versionless = base.replace(/^(python|pip)\d[\d.]*$/, "$1");
  return aliases[versionless] ?? versionless;
}

function command(program: string, kind: CommandKind, writes: string[], ran: string[], simple: SimpleCommand): Command {
  return { program, kind, writes, runs: ran, piped: simple.piped };
}
