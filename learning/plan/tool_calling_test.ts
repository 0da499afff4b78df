import assert from "node:assert/strict";
import { describeStep, planOf } from "./mod.ts";
import { call, step, trajectoryOf } from "./testdata/steps.ts";

const described = (plan: ReturnType<typeof planOf>) => plan.steps.map((s) => describeStep(s, plan.shape));

Deno.test("planOf() makes a customer-service conversation tools with their arguments, and the turns between", () => {
  const plan = planOf(trajectoryOf([
    step("message", "Hi! How can I help you today?", { role: "assistant" }),
    step("message", "I want to cancel my order.", { role: "user" }),
    step("message", "Sure. Could you give me your email?", { role: "assistant" }),
    step("message", "mia@example.com", { role: "user" }),
    call(
      "find_user_id_by_email",
      '{"email": "mia@example.com"}',
      'find_user_id_by_email({"email": "mia@example.com"})',
    ),
    step("tool_result", "mia_garcia_42", { role: "tool" }),
    call("get_order_details", '{"order_id": "#W1"}'),
    call("get_order_details", '{"order_id": "#W2"}'),
    step("message", "Order #W2 is pending. Shall I cancel it?", { role: "assistant" }),
    step("message", "Yes.", { role: "user" }),
    call("cancel_pending_order", '{"order_id": "#W2", "reason": "no longer needed"}'),
    step("message", "Done: the order is cancelled.", { role: "assistant" }),
  ], { description: "Cancel an order", family: "retail-cancel" }));
  assert.equal(plan.shape, "tool-calling");
  assert.deepEqual(described(plan), [
    "ask user",
    "find_user_id_by_email(email)",
    "get_order_details(order_id) ×2",
    "ask user",
    "cancel_pending_order(order_id, reason=no longer needed)",
    "tell user",
  ]);
  assert.equal(plan.steps[0]!.example, "Sure. Could you give me your email?");
  assert.equal(plan.steps[1]!.example, 'find_user_id_by_email({"email": "mia@example.com"})');
  assert.equal(plan.steps[2]!.example, 'get_order_details({"order_id": "#W1"})');
  // The tools alone sign it, however the conversation went.
  assert.equal(plan.signature, "retail-cancel|tools:find_user_id_by_email>get_order_details>cancel_pending_order");
});

Deno.test("planOf() reads an OpenTelemetry run: its thoughts and messages are reasons, SQL has a statement", () => {
  const plan = planOf(trajectoryOf([
    step("message", "How many orders shipped late last month?", { role: "user" }),
    step("thought", "First see which tables there are."),
    call("list_tables", {}),
    step("tool_result", "orders, shipments"),
    call("describe_table", { table: "shipments" }),
    step("message", "Now count the late ones.", { role: "assistant" }),
    call("run_sql", { query: "SELECT count(*) FROM shipments WHERE late" }),
    call("run_sql", { query: "SELECT region, count(*) FROM shipments GROUP BY region" }),
    step("message", "412 orders shipped late.", { role: "assistant" }),
  ], { description: "Late shipments last month" }));
  assert.deepEqual(described(plan), [
    "list_tables()",
    "describe_table(table)",
    "run_sql(statement=select, query) ×2",
  ]);
  assert.deepEqual(plan.steps.map((s) => s.rationale), [
    "First see which tables there are.",
    undefined,
    "Now count the late ones.",
  ]);
  assert.match(plan.signature, /^domain:[\w-]+\|tools:list_tables>describe_table>run_sql statement=select$/);
});

Deno.test("planOf() keeps a mode argument in the step and folds repeated cycles of calls", () => {
  const plan = planOf(trajectoryOf([
    call("files", { action: "list", dir: "/data" }),
    call("files", { action: "read", path: "/data/a.csv" }),
    call("plot", { kind: "bar", column: "sales" }),
    call("files", { action: "read", path: "/data/b.csv" }),
    call("plot", { kind: "bar", column: "sales" }),
    { ...step("action", "SHOW TABLES"), code: { language: "sql", source: "SHOW TABLES" } },
  ]));
  assert.deepEqual(described(plan), [
    "files(action=list, dir)",
    "files(action=read, path) ×2",
    "plot(kind=bar, column) ×2",
    "sql(statement=show)",
  ]);
});

Deno.test("planOf() compresses a long run of distinct tools to 12 steps without losing one", () => {
  const calls = Array.from({ length: 20 }, (_, i) => call(`tool_${i % 15}`, { id: `x${i}` }));
  const plan = planOf(trajectoryOf(calls));
  assert.ok(plan.steps.length <= 12);
  const used = new Set(plan.steps.flatMap((s) => s.uses ?? []));
  for (let i = 0; i < 15; i++) assert.ok(used.has(`tool_${i}(id)`), `tool_${i}`);
});
