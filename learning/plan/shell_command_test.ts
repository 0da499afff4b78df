import assert from "node:assert/strict";
import { commandsOf } from "./shell_command.ts";

const programs = (line: string) => commandsOf(line).map((c) => `${c.program}:${c.kind}`);

Deno.test("commandsOf() names programs one way, with the sub-command or mode that changes what they do", () => {
  assert.deepEqual(programs("sed -n '10,20p' a.py; sed -i 's/a/b/' a.py"), ["sed:read", "sed -i:write"]);
  assert.deepEqual(programs("git -C /repo --no-pager diff && git apply fix.patch && git commit -m x"), [
    "git diff:read",
    "git apply:write",
    "git commit:submit",
  ]);
  assert.deepEqual(programs("python3 -m pytest tests/ -q"), ["pytest:run"]);
  assert.deepEqual(programs("python3.11 -m pip install -e ."), ["pip install:setup"]);
  assert.deepEqual(programs(`python -c "print(1)"; python -c "open('a','w').write('x')"`), [
    "python -c:run",
    "python -c:write",
  ]);
  assert.deepEqual(programs("grep -rn foo src | head; egrep x f"), ["grep -r:read", "head:read", "grep:read"]);
  assert.deepEqual(programs("npm test && npm install lodash && cargo test"), [
    "npm test:run",
    "npm install:setup",
    "cargo test:run",
  ]);
});

Deno.test("commandsOf() looks through wrappers, assignments, bash -c and cd", () => {
  assert.deepEqual(programs("sudo -u root env FOO=1 timeout 60 python3 -m pytest -x"), ["pytest:run"]);
  assert.deepEqual(programs("X=1 ./configure --prefix=/usr"), ["./configure:run"]);
  assert.deepEqual(programs("bash -c 'cd /x && make test'"), ["cd:navigate", "make:run"]);
  assert.deepEqual(programs("find . -name '*.py' | xargs grep -l TODO"), ["find:read", "grep:read"]);
  assert.deepEqual(programs("/usr/bin/python3 tests/run.py"), ["python:run"]);
});

Deno.test("commandsOf() knows what a command writes and what it runs", () => {
  const [heredoc, run] = commandsOf("cat > /tmp/repro.py <<EOF\nprint(1)\nEOF\npython /tmp/repro.py > out.txt");
  assert.deepEqual([heredoc!.kind, heredoc!.writes], ["write", ["/tmp/repro.py"]]);
  // A run's captured output is not an edit.
  assert.deepEqual([run!.kind, run!.runs], ["run", ["/tmp/repro.py"]]);
  assert.deepEqual(commandsOf("sed -i.bak 's/x/y/' src/app.py")[0]!.writes, ["src/app.py"]);
  assert.deepEqual(programs("find . -name '*.pyc' -delete; rm -rf build; mkdir -p out"), [
    "find:write",
    "rm:write",
    "mkdir:write",
  ]);
});

Deno.test("commandsOf() reads SWE-agent's commands and InterCode's submit", () => {
  assert.deepEqual(programs('open "src/x.py" 120'), ["open:read"]);
  assert.deepEqual(programs('search_dir "parse" src'), ["search_dir:read"]);
  assert.deepEqual(commandsOf("create reproduce.py")[0]!.writes, ["reproduce.py"]);
  assert.deepEqual(programs("submit picoCTF{flag}"), ["submit:submit"]);
  // A program nobody listed inspects far more often than it changes anything.
  assert.deepEqual(programs("binwalk -e firmware.bin"), ["binwalk:read"]);
});

Deno.test("commandsOf() reads a process substitution as a word, and tee into one writes no file", () => {
  assert.deepEqual(programs('grep -r "foo" /system | tee >(wc -l)'), ["grep -r:read", "tee:read"]);
  assert.deepEqual(programs("diff <(sort a) <(sort b)"), ["diff:read"]);
  assert.deepEqual(commandsOf("echo x | tee -a log.txt")[1]!.writes, ["log.txt"]);
});

Deno.test("commandsOf() reads through shell keywords and leaves comments and prose out", () => {
  assert.deepEqual(programs("if [ -f a ]; then cat a; else touch a; fi"), ["test:read", "cat:read", "touch:write"]);
  assert.deepEqual(programs("for f in *.txt; do wc -l $f; done"), ["wc:read"]);
  assert.deepEqual(programs("while read line; do echo $line; done < list.txt"), ["read:read", "echo:read"]);
  assert.deepEqual(programs("# It seems the command failed. Let's try xxd -p a.bin"), []);
  assert.deepEqual(programs("Thank you! The flag is picoCTF{x}."), []);
  assert.deepEqual(programs("env"), ["env:read"]);
});
