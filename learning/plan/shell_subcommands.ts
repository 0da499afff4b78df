/**
 * The two programs whose sub-commands decide everything: Python (`-m pytest` is
 * pytest, `-m pip install` setup, `-c` a snippet, a file a script run) and Git
 * (looking, changing files, setting up, or handing in).
 *
 * @module
 */
import { type CommandKind, subcommandKinds } from "./shell_programs.ts";

/** What a command is, before its redirections are taken into account. */
export interface Understood {
  program: string;
  kind: CommandKind;
  writes: string[];
  runs: string[];
}

/** `python -m pytest` is pytest, `python -m pip install` setup, `python -c` a snippet, `python x.py` runs x.py. */
export function python(args: string[]): Understood {
  const module = args.indexOf("-m");
  if (module >= 0) {
    const name = args[module + 1] ?? "";
    const rest = args.slice(module + 2);
    if (name === "pip") {
      const sub = rest.find((a) => !a.startsWith("-")) ?? "";
      return { program: `pip ${sub}`.trim(), kind: subcommandKinds[sub] ?? "run", writes: [], runs: [] };
    }
    if (name === "venv" || name === "virtualenv") {
      return { program: "python -m venv", kind: "setup", writes: [], runs: [] };
    }
    if (name === "pytest" || name === "unittest") {
      const target = rest.find((a) => !a.startsWith("-"));
      return { program: name, kind: "run", writes: [], runs: target ? [target] : [] };
    }
    return { program: `python -m ${name}`, kind: "run", writes: [], runs: [] };
  }
  const snippet = args.indexOf("-c");
  if (snippet >= 0) {
    // A snippet that opens a file for writing is an edit made through Python.
    const code = args[snippet + 1] ?? "";
    const edits = /open\([^)]*,\s*['"][wa]|\.write_(text|bytes)\(|shutil\.(copy|move)/.test(code);
    return { program: "python -c", kind: edits ? "write" : "run", writes: [], runs: [] };
  }
  const script = args.find((a) => !a.startsWith("-"));
  return { program: "python", kind: "run", writes: [], runs: script ? [script] : [] };
}

/** Git's sub-commands: looking, changing files, setting up, or handing in (`add`, `commit`, `push`). */
export function git(args: string[]): Understood {
  const rest = [...args];
  // Global options before the sub-command: `git -C repo --no-pager diff`.
  while (rest[0]?.startsWith("-")) rest.splice(0, rest[0] === "-C" || rest[0] === "-c" ? 2 : 1);
  const sub = rest[0] ?? "";
  const kind: CommandKind = sub === "add"
    ? "submit"
    : sub === "checkout"
    ? (rest.includes("--") || rest.length > 2 ? "write" : "setup")
    : sub === "reset" || sub === "clean"
    ? "write"
    : sub === "branch"
    ? "read"
    : subcommandKinds[sub] ?? "read";
  return { program: sub ? `git ${sub}` : "git", kind, writes: [], runs: [] };
}
