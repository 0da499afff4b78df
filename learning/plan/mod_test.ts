import assert from "node:assert/strict";
import { describeStep, planOf } from "./mod.ts";
import { bash, call, step, trajectoryOf } from "./testdata/steps.ts";

Deno.test("describeStep() lists a phase's programs, a tool step's arguments, a verb alone, with any count", () => {
  assert.equal(
    describeStep({ verb: "edit", example: "sed -i x f", uses: ["sed -i", "str_replace"], repeats: 3 }, "shell"),
    "edit ×3: sed -i, str_replace",
  );
  assert.equal(
    describeStep({ verb: "get_order", example: "x", uses: ["get_order(order_id)"], repeats: 2 }, "tool-calling"),
    "get_order(order_id) ×2",
  );
  assert.equal(describeStep({ verb: "ask user", example: "Your email?" }, "tool-calling"), "ask user");
  assert.equal(describeStep({ verb: "search", example: "Search[x]" }, "text-actions"), "search");
});

Deno.test("planOf() reads each kind of agent with its own reader, scoped by family", () => {
  const shapes = [
    trajectoryOf([bash("grep -rn x src"), bash("pytest -q")]),
    trajectoryOf([call("lookup_order", { id: 1 })]),
    trajectoryOf([step("action", "Search[x]"), step("action", "Finish[y]")]),
    trajectoryOf([step("action", "function f() {\n  // do it\n}")]),
  ].map((t) => [planOf(t).shape, planOf(t).signature.split("|")[0]]);
  assert.deepEqual(shapes, [["shell", "f"], ["tool-calling", "f"], ["text-actions", "f"], ["code", "f"]]);
  assert.deepEqual(planOf(trajectoryOf([])).steps, []);
});
