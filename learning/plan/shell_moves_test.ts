import assert from "node:assert/strict";
import type { StepBody } from "../../schemas/mod.ts";
import { looksLikeCommand, shellActionOf } from "./shell_moves.ts";

const step = (extra: Partial<StepBody>): StepBody => ({ index: 0, kind: "tool_call", content: "", ...extra });
const programs = (s: StepBody) => shellActionOf(s)?.moves.map((m) => `${m.program}:${m.kind}`);

Deno.test("shellActionOf() reads a command from a shell tool, a command argument, bash code or plain text", () => {
  assert.deepEqual(programs(step({ kind: "action", tool: { name: "bash", input: "ls -la | grep py" } })), [
    "ls:read",
    "grep:read",
  ]);
  assert.deepEqual(programs(step({ tool: { name: "execute_bash", input: '{"command": "pytest -x"}' } })), [
    "pytest:run",
  ]);
  assert.deepEqual(programs(step({ tool: { name: "Bash", input: { command: "git diff", description: "Review" } } })), [
    "git diff:read",
  ]);
  assert.deepEqual(programs(step({ tool: { name: "run", input: { cmd: "make" } } })), ["make:run"]);
  assert.deepEqual(programs(step({ kind: "action", code: { language: "bash", source: "cat a.txt" } })), ["cat:read"]);
  assert.deepEqual(programs(step({ kind: "action", content: "python reproduce.py" })), ["python:run"]);
  assert.equal(
    shellActionOf(step({ tool: { name: "Bash", input: { command: "ls", description: "List" } } }))?.note,
    "List",
  );
});

Deno.test("shellActionOf() reads the file tools of OpenHands, Claude Code and SWE-agent", () => {
  const edit = shellActionOf(step({
    tool: {
      name: "str_replace_editor",
      input: { command: "str_replace", path: "/repo/a.py", old_str: "x", new_str: "y" },
    },
  }))!;
  assert.deepEqual([edit.moves[0]!.program, edit.moves[0]!.kind, edit.moves[0]!.writes, edit.text], [
    "str_replace",
    "write",
    ["/repo/a.py"],
    "str_replace /repo/a.py",
  ]);
  assert.deepEqual(
    programs(step({ tool: { name: "str_replace_editor", input: { command: "view", path: "/repo" } } })),
    [
      "view:read",
    ],
  );
  assert.deepEqual(programs(step({ tool: { name: "Read", input: { file_path: "/repo/a.py" } } })), ["read:read"]);
  assert.deepEqual(programs(step({ tool: { name: "Edit", input: { file_path: "/repo/a.py", old_string: "a" } } })), [
    "edit:write",
  ]);
  assert.deepEqual(programs(step({ tool: { name: "Grep", input: { pattern: "def parse" } } })), ["grep:read"]);
  // A `create` tool with no file argument is someone else's tool.
  assert.equal(shellActionOf(step({ tool: { name: "create", input: { title: "Ticket" } } })), undefined);
});

Deno.test("shellActionOf() follows SWE-agent's open file: `edit` writes it, and its body is not commands", () => {
  const openFile = {};
  shellActionOf(step({ kind: "action", content: "open src/app.py 40" }), openFile);
  const edit = shellActionOf(step({ kind: "action", content: "edit 41:42\n    rm -rf /\nend_of_edit" }), openFile)!;
  assert.deepEqual(edit.moves.map((m) => [m.program, m.writes]), [["edit", ["src/app.py"]]]);
});

Deno.test("looksLikeCommand() tells command lines from text actions and everyday words", () => {
  for (const text of ["ls", "grep -rn x .", "cat > f <<EOF", "find . -name '*.py'", "./run.sh", "open src/a.py"]) {
    assert.equal(looksLikeCommand(text), true, text);
  }
  for (
    const text of ["Search[Paramore]", "click[Buy Now]", "reset", "open drawer 1", "go to cabinet 2", "find the key"]
  ) {
    assert.equal(looksLikeCommand(text), false, text);
  }
});
