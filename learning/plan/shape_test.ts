import assert from "node:assert/strict";
import { actionForm, agentShape } from "./shape.ts";
import { bash, call, step, trajectoryOf } from "./testdata/steps.ts";

Deno.test("agentShape() tells the four kinds of agent apart from their steps alone", () => {
  const code = "async function mineWood(bot) {\n  await mineBlock(bot, 'oak_log', 3);\n}";
  assert.equal(
    agentShape(trajectoryOf([step("action", code, { code: { language: "javascript", source: code } })])),
    "code",
  );
  assert.equal(
    agentShape(trajectoryOf([bash("ls"), bash("cat a"), step("action", "submit x", { tool: { name: "submit" } })])),
    "shell",
  );
  assert.equal(agentShape(trajectoryOf([call("get_order_details", '{"order_id": "#W1"}')])), "tool-calling");
  assert.equal(
    agentShape(trajectoryOf([step("action", "Search[x]", { tool: { name: "Search", input: "x" } })])),
    "text-actions",
  );
  assert.equal(agentShape(trajectoryOf([step("action", "reset"), step("action", "click[Buy Now]")])), "text-actions");
});

Deno.test("agentShape() goes with most actions, ties to shell, and reads a run with no action by its messages", () => {
  const claudeCode = [
    call("Read", { file_path: "a.py" }),
    call("TodoWrite", { todos: [] }),
    call("Bash", { command: "pytest" }),
  ];
  assert.equal(agentShape(trajectoryOf(claudeCode)), "shell");
  const support = [call("get_user", { id: 1 }), call("refund", { id: 1 }), call("run_command", { command: "ls" })];
  assert.equal(agentShape(trajectoryOf(support)), "tool-calling");
  assert.equal(agentShape(trajectoryOf([step("message", "hi", { role: "user" })])), "tool-calling");
  assert.equal(agentShape(trajectoryOf([])), "text-actions");
});

Deno.test("actionForm() lets hand-ins abstain and takes plain command lines for shell", () => {
  assert.equal(actionForm(step("action", "submit picoCTF{x}", { tool: { name: "submit" } })), "hand-in");
  assert.equal(actionForm(call("finish", {})), "hand-in");
  assert.equal(actionForm(step("action", "grep -rn TODO src")), "shell");
  assert.equal(actionForm(step("action", "open drawer 1")), "text");
});
