import assert from "node:assert/strict";
import { anyValue, differences, expectation, shellCommands } from "./shell_commands.ts";

Deno.test("shellCommands() joins quoted, continued and looped lines into commands, each with the answer shown", () => {
  const block = [
    "# a heading",
    "curl -s localhost:8080/healthz   # a trailing note",
    '# {"status":"ok"}',
    "curl -s -X POST x -d '{",
    '  "a": 1}\'',
    "curl -s x \\",
    "  -H 'a: b' |",
    "  jq .",
    "for f in a b; do",
    "  echo $f",
    "done",
    "cat > f <<'EOF'",
    "not a command",
    "EOF",
    "curl -s y",
    '# 409 {"error":{"code":"E7013"}}',
    "curl -sN z",
    "# event: dataset, job, done",
  ].join("\n");
  const commands = shellCommands(block, 10);
  assert.deepEqual(commands.map((c) => c.line), [11, 13, 15, 18, 21, 24, 26]);
  assert.deepEqual(commands[0]!.expect, { kind: "json", value: { status: "ok" } });
  assert.equal(commands[1]!.text, "curl -s -X POST x -d '{\n  \"a\": 1}'");
  assert.equal(commands[1]!.expect, undefined);
  assert.equal(commands[3]!.text.split("\n").length, 3);
  assert.deepEqual(commands[5]!.expect, { kind: "json", status: 409, value: { error: { code: "E7013" } } });
  assert.deepEqual(commands[6]!.expect, { kind: "events", names: ["dataset", "job", "done"] });
});

Deno.test("shellCommands() refuses a block whose last command never ends", () => {
  assert.throws(() => shellCommands("curl -d '{", 1), /line 1: the command does not end/);
});

Deno.test("expectation() reads a status, JSON with ellipses, or nothing from prose", () => {
  assert.deepEqual(expectation("202"), { kind: "status", status: 202 });
  assert.deepEqual(expectation('{"items":[...],"n":...}'), { kind: "json", value: { items: [anyValue], n: anyValue } });
  assert.equal(expectation("404 E7015 if unknown"), undefined);
  assert.equal(expectation("Knowledge for a new task"), undefined);
  assert.throws(() => expectation("{not json}"), /not JSON/);
});

Deno.test("differences() checks only what the README shows: named fields, prefixes, open arrays", () => {
  const shown = { id: "s-...", items: [{ a: 1 }, anyValue], n: anyValue };
  assert.deepEqual(differences(shown, { id: "s-12", items: [{ a: 1, b: 2 }, {}, {}], n: 5, extra: true }), []);
  assert.deepEqual(differences(shown, { id: "x-12", items: [], n: 1 }), [
    '$.id: expected a string starting "s-", got "x-12"',
    "$.items: expected at least 1 items, got 0",
  ]);
  assert.deepEqual(differences([1, 2], [1]), ["$: expected 2 items, got 1"]);
  assert.deepEqual(differences({ a: { b: "x" } }, { a: { b: "y" } }), ['$.a.b: expected "x", got "y"']);
});
