import assert from "node:assert/strict";
import { planOf } from "./plan/mod.ts";
import { bash, call, step, trajectoryOf } from "./plan/testdata/steps.ts";
import { sweAgentRun } from "./plan/testdata/swe_agent_run.ts";
import { extractStrategy } from "./strategy.ts";

Deno.test("extractStrategy() titles a shell strategy with its phases and the task's key terms", () => {
  const trajectory = sweAgentRun();
  const strategy = extractStrategy(trajectory, planOf(trajectory));
  assert.equal(
    strategy.title,
    "Explore → reproduce → edit → verify → submit: separability_matrix, m.Linear1D, " +
      "astropy/modeling/separable.py, CompoundModels (swe-bench-astropy)",
  );
  assert.match(strategy.whenToUse, /^Swe-bench-astropy tasks naming separability_matrix, .+ like: Modeling's/);
  assert.match(strategy.plan[2]!, /^3\. edit ×5: open, edit, goto, sed -i, .+, e\.g\. edit 245:245 \(why: The right/);
  assert.deepEqual(strategy.tasks.length, 1);
});

Deno.test("extractStrategy() names a tool-calling strategy's tools, shortened, with what the task is about", () => {
  const trajectory = trajectoryOf([
    step("message", "Hi", { role: "user" }),
    step("message", "Your email?", { role: "assistant" }),
    step("message", "a@b.c", { role: "user" }),
    call("find_user_id_by_email", { email: "a@b.c" }),
    call("get_user_details", { user_id: "a" }),
    call("get_order_details", { order_id: "#W1" }),
    call("get_product_details", { product_id: "9" }),
    call("exchange_delivered_order_items", { order_id: "#W1", item_ids: ["1"] }),
  ], { description: "Exchange the Wireless Earbud with IPX7 for a cheaper one.", family: "retail-exchange" });
  const strategy = extractStrategy(trajectory, planOf(trajectory));
  assert.equal(
    strategy.title,
    "Find_user_id_by_email → get_user_details → get_order_details → … → exchange_delivered_order_items: " +
      "Wireless Earbud, IPX7, exchange, cheaper (retail-exchange)",
  );
  assert.equal(strategy.plan[0], "1. ask user, e.g. Your email?");
});

Deno.test("extractStrategy() keeps ReAct and code titles, and scopes a strategy without family by its domain", () => {
  const react = trajectoryOf([step("action", "Search[x]"), step("action", "Finish[SUPPORTS]")], {
    description: "X is a band.",
    family: "fact-verification",
  });
  assert.equal(extractStrategy(react, planOf(react)).title, "Search → Finish (fact-verification)");
  const unlabelled = trajectoryOf([
    bash("pytest -x tests/test_cli.py"),
    bash("sed -i 's/a/b/' cli.py"),
    bash("pytest -x"),
  ], {
    description: "Fix the failing unit test in cli.py",
  });
  const strategy = extractStrategy(unlabelled, planOf(unlabelled));
  assert.equal(strategy.family, null);
  assert.match(strategy.title, / \(coding\)$/);
  assert.match(strategy.whenToUse, /^Coding tasks naming cli\.py/);
});
