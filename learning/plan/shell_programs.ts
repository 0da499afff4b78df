/**
 * What the programs an agent runs in a shell do, as data: which only look (read),
 * which change files (write), which run code or tests (run), which prepare the
 * environment (setup), which hand the work in (submit), and how a program's name
 * is written the same way everywhere (`python3.11` is `python`, `egrep` is `grep`).
 * Programs not listed are read as looking: an unknown tool (`binwalk`, `exiftool`)
 * inspects far more often than it changes anything.
 *
 * @module
 */

/** What a command does to the work. `navigate` (`cd`) does nothing the plan shows. */
export type CommandKind = "read" | "write" | "run" | "setup" | "submit" | "navigate";

/** Other spellings of one program. */
export const aliases: Record<string, string> = {
  python2: "python",
  python3: "python",
  pypy: "python",
  pypy3: "python",
  ipython: "python",
  pip3: "pip",
  nodejs: "node",
  egrep: "grep",
  fgrep: "grep",
  "py.test": "pytest",
  nosetests: "pytest",
  gawk: "awk",
  mawk: "awk",
  bat: "cat",
  batcat: "cat",
  fdfind: "fd",
};

/** Programs that run something else: the plan shows what they run. */
export const wrappers = new Set([
  "sudo",
  "doas",
  "env",
  "time",
  "nohup",
  "nice",
  "ionice",
  "timeout",
  "stdbuf",
  "exec",
  "command",
  "builtin",
  "unbuffer",
  "xargs",
  "npx",
  "pnpx",
  "bunx",
]);

/** A wrapper's options that take a value (`sudo -u root`, `xargs -I {}`, `timeout -s KILL`). */
export const wrapperOptionsWithValue = new Set(["-u", "-g", "-C", "-n", "-I", "-P", "-L", "-d", "-E", "-s", "-k"]);

/** Programs whose first word is a sub-command that changes what they do (`git diff` against `git apply`). */
export const withSubcommand = new Set([
  "git",
  "npm",
  "yarn",
  "pnpm",
  "bun",
  "deno",
  "cargo",
  "go",
  "dotnet",
  "docker",
  "kubectl",
  "pip",
  "conda",
  "mamba",
  "poetry",
  "uv",
  "apt",
  "apt-get",
  "yum",
  "dnf",
  "apk",
  "brew",
  "gem",
  "bundle",
  "composer",
  "gh",
  "rustup",
  "nvm",
]);

/** Sub-commands by what they do; a program's sub-command not listed takes the program's default. */
export const subcommandKinds: Record<string, CommandKind> = {
  ...kinds(
    "read",
    "diff status log show blame grep ls-files rev-parse describe shortlog reflog list show freeze ps images logs get top inspect view search outdated",
  ),
  ...kinds("write", "apply am restore rm mv stash cherry-pick revert fmt format edit delete patch"),
  ...kinds(
    "setup",
    "clone fetch pull config init switch submodule install i ci add remove uninstall update upgrade sync create activate mod download build-deps use lock",
  ),
  ...kinds("run", "test t run start exec build check clippy bench vet compose"),
  ...kinds("submit", "commit push pr"),
};

/** Programs that run code or tests. */
export const runs = new Set(words(`python node deno bun ruby php java javac kotlin scala Rscript julia lua perl
  bash sh zsh dash ksh fish pytest tox nox unittest jest vitest mocha rspec phpunit ctest behave ava karma
  make cmake ninja bazel mvn gradle gradlew tsc gcc g++ clang clang++ cc rustc swift gdb lldb valgrind
  strace ltrace coverage hypothesis manage.py`));

/** Programs that change files (their targets are their arguments). */
export const writes = new Set(words(`cp mv rm rmdir unlink shred mkdir touch chmod chown chgrp ln truncate patch dd
  install rsync tee`));

/** Programs that prepare the environment. */
export const setups = new Set(words(`export source . alias set unset ulimit virtualenv pyenv asdf deactivate
  apt apt-get yum dnf apk brew conda mamba poetry uv pipx gem bundle composer rustup nvm`));

export const navigates = new Set(["cd", "pushd", "popd"]);

/** Commands that hand the work in: SWE-agent's and InterCode's `submit`. */
export const submits = new Set(["submit"]);

/** SWE-agent's file viewer and search commands, which only look. */
export const sweAgentReads = new Set([
  "open",
  "goto",
  "scroll_up",
  "scroll_down",
  "search_dir",
  "search_file",
  "find_file",
]);

/** SWE-agent's editing commands; `edit` and `insert` change the file open in its viewer. */
export const sweAgentWrites = new Set(["create", "edit", "insert"]);

/** Test runners among the `runs`: what makes a run a test run in a label. */
export const testRunners = new Set(
  words("pytest tox nox unittest jest vitest mocha rspec phpunit ctest behave ava karma"),
);

function words(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}

function kinds(kind: CommandKind, list: string): Record<string, CommandKind> {
  return Object.fromEntries(words(list).map((w) => [w, kind]));
}

/** Programs that mark plain text as a command line when they come first. */
export const knownPrograms = new Set([
  ...runs,
  ...writes,
  ...setups,
  ...navigates,
  ...submits,
  ...sweAgentReads,
  ...sweAgentWrites,
  ...withSubcommand,
  ...wrappers,
  ...Object.keys(aliases),
  ...words(`ls cat grep rg ag find fd sed awk head tail less more wc sort uniq cut tr diff cmp comm echo printf pwd
    which whereis tree file stat du df md5sum sha1sum sha256sum base64 xxd hexdump od strings jq yq curl wget tar
    unzip gunzip zcat xz ps kill top whoami id uname hostname date seq nl column paste join split realpath dirname
    basename readlink test true false sleep history man nmap nc netstat ss ping dig nslookup ssh scp openssl gpg
    binwalk exiftool steghide objdump readelf nm ldd file pip sqlite3 psql mysql`),
]);
