/**
 * A command line split into simple commands, the way a POSIX shell reads it:
 * quotes and escapes, pipelines (`|`), lists (`&&`, `||`, `;`, `&`, new lines),
 * subshells and groups (`( )`, `{ }`), comments, redirections (`>`, `>>`, `2>&1`,
 * `&>`, `<`) and heredocs (`cat > f <<'EOF' ... EOF`, the body kept with its
 * command). Command and process substitutions (`$(...)`, backticks, `>(...)`) stay
 * inside their word.
 * Not a full shell grammar: what an agent's command did is all the plan needs.
 *
 * @module
 */

export interface Redirect {
  /** `>`, `>>`, `>|`, `&>`, `&>>`, `<`, `<<<`, with any file descriptor dropped. */
  op: string;
  target: string;
}

export interface SimpleCommand {
  /** The words, unquoted, redirections taken out. */
  words: string[];
  redirects: Redirect[];
  /** A heredoc's body, when the command had one. */
  heredoc?: string;
  /** Whether it reads a pipe: `sort` in `grep x | sort`. */
  piped: boolean;
}

const operators = ["&&", "||", "|&", ";;", "|", ";", "&", "(", ")"];

/** The simple commands of `line`, in order. */
export function splitCommands(line: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let current: SimpleCommand = { words: [], redirects: [], piped: false };
  let word = "";
  let inWord = false;
  let pendingRedirect: string | undefined;
  const heredocs: { command: SimpleCommand; delimiter: string; strip: boolean }[] = [];

  const endWord = () => {
    if (!inWord) return;
    if (pendingRedirect !== undefined) {
      if (pendingRedirect.startsWith("<<") && pendingRedirect !== "<<<") {
        heredocs.push({ command: current, delimiter: word, strip: pendingRedirect === "<<-" });
      } else current.redirects.push({ op: pendingRedirect, target: word });
      pendingRedirect = undefined;
    } else if (current.words.length === 0 && (word === "{" || word === "}")) {
      // A group's braces are syntax, not a program.
    } else current.words.push(word);
    word = "";
    inWord = false;
  };
  const endCommand = (piped: boolean) => {
    endWord();
    if (current.words.length || current.redirects.length) commands.push(current);
    current = { words: [], redirects: [], piped };
  };

  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === "\\" && i + 1 < line.length) {
      if (line[i + 1] !== "\n") [word, inWord] = [word + line[i + 1], true];
      i += 2;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      const stop = end < 0 ? line.length : end;
      [word, inWord, i] = [word + line.slice(i + 1, stop), true, stop + 1];
    } else if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === "\\" ? 2 : 1;
      [word, inWord, i] = [word + line.slice(i + 1, j).replace(/\\(["\\$`])/g, "$1"), true, j + 1];
    } else if (((c === "$" || c === "<" || c === ">") && line[i + 1] === "(") || c === "`") {
      // `$(...)`, `<(...)`, `>(...)`, backticks: a substitution stays inside its word.
      const end = c === "`" ? line.indexOf("`", i + 1) + 1 || line.length : balanced(line, i + 1);
      [word, inWord, i] = [word + line.slice(i, end), true, end];
    } else if (c === "#" && !inWord) {
      const end = line.indexOf("\n", i);
      i = end < 0 ? line.length : end;
    } else if (c === "\n") {
      endCommand(false);
      i = readHeredocs(line, i + 1, heredocs);
    } else if (c === " " || c === "\t") {
      endWord();
      i++;
    } else if (c === ">" || c === "<" || (c === "&" && line[i + 1] === ">")) {
      // A word of digits right before is a file descriptor (`2>`), not an argument.
      if (inWord && /^\d+$/.test(word)) [word, inWord] = ["", false];
      endWord();
      const op = line.slice(i).match(/^(&>>|&>|>>|>\||>&|<<<|<<-|<<|<&|>|<)/)![0];
      i += op.length;
      if (op === ">&" || op === "<&") {
        // `2>&1` duplicates a descriptor; `>&file` is rare enough to read the same way.
        const target = line.slice(i).match(/^\s*(\S+)/)?.[1] ?? "";
        i = line.indexOf(target, i) + target.length;
        if (!/^(\d+|-)$/.test(target)) current.redirects.push({ op: ">", target });
      } else pendingRedirect = op.replace(/^\d/, "");
      while (line[i] === " " || line[i] === "\t") i++;
    } else {
      const op = operators.find((o) => line.startsWith(o, i));
      if (op) {
        endCommand(op === "|" || op === "|&");
        i += op.length;
      } else [word, inWord, i] = [word + c, true, i + 1];
    }
  }
  endCommand(false);
  return commands;
}

/** The index just past the `)` closing the `(` at `open`. */
function balanced(line: string, open: number): number {
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    if (line[i] === "(") depth++;
    else if (line[i] === ")" && --depth === 0) return i + 1;
  }
  return line.length;
}

/** Reads the bodies of the heredocs opened on the line just ended; returns where the next line starts. */
function readHeredocs(
  line: string,
  start: number,
  pending: { command: SimpleCommand; delimiter: string; strip: boolean }[],
): number {
  let at = start;
  while (pending.length) {
    const { command, delimiter, strip } = pending.shift()!;
    const body: string[] = [];
    while (at < line.length) {
      const end = line.indexOf("\n", at);
      const text = line.slice(at, end < 0 ? line.length : end);
      at = end < 0 ? line.length : end + 1;
      if ((strip ? text.replace(/^\t+/, "") : text).trim() === delimiter) break;
      body.push(text);
    }
    command.heredoc = body.join("\n");
  }
  return at;
}
