/**
 * `planOf` over every real run in `../shared/data/events` (beside the repo; the
 * tests skip without it): every success of every dataset has a plan of 1 to 12
 * steps, each dataset reads as its kind of agent, and the ReAct and Voyager plans
 * sign as they did before plans knew other agents.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { StepBody, Task } from "../../schemas/mod.ts";
import { succeeded } from "../abstractability.ts";
import type { Trajectory } from "../trajectory.ts";
import { type AgentShape, planOf } from "./mod.ts";

const events = new URL("../../../shared/data/events/", import.meta.url);
const present = await Deno.stat(events).then(() => true, () => false);
if (!present) console.warn("real_runs_test: skipped, shared/data/events not found (it sits beside the repo in CI)");

const datasets: Record<string, AgentShape> = {
  fever: "text-actions",
  webshop: "text-actions",
  "webshop-whole": "text-actions",
  voyager: "code",
  tau2: "tool-calling",
  intercode: "shell",
};

/** The trajectories of an events file, steps deduplicated and in index order. */
async function trajectories(name: string): Promise<Trajectory[]> {
  const byId = new Map<string, Trajectory>();
  const seen = new Set<string>();
  for (const line of (await Deno.readTextFile(new URL(`${name}.events.jsonl`, events))).split("\n")) {
    if (!line.trim()) continue;
    const { type, source, id, data } = JSON.parse(line);
    if (seen.has(`${source}|${id}`)) continue;
    seen.add(`${source}|${id}`);
    const fresh: Trajectory = { id: data.trajectoryId, task: null, outcome: null, score: null, steps: [] };
    const t = byId.get(data.trajectoryId) ?? fresh;
    byId.set(t.id, t);
    if (type === "atlas.trajectory.started" || type === "atlas.trajectory") t.task = data.task as Task;
    if (type === "atlas.trajectory.step") t.steps.push(data as StepBody);
    if (type === "atlas.trajectory") t.steps = data.steps;
    if (type === "atlas.trajectory.completed" || type === "atlas.trajectory") {
      [t.outcome, t.score] = [data.outcome, data.score ?? null];
    }
  }
  for (const t of byId.values()) t.steps.sort((a, b) => a.index - b.index);
  return [...byId.values()];
}

for (const [name, shape] of Object.entries(datasets)) {
  Deno.test({
    name: `planOf() gives every success of ${name} a plan of 1 to 12 steps, read as ${shape}`,
    ignore: !present,
    fn: async () => {
      const solved = (await trajectories(name)).filter(succeeded);
      assert.ok(solved.length > 0);
      for (const t of solved) {
        const plan = planOf(t);
        assert.equal(plan.shape, shape, t.id);
        assert.ok(plan.steps.length >= 1 && plan.steps.length <= 12, `${t.id}: ${plan.steps.length} steps`);
        assert.ok(plan.steps.every((s) => s.example.trim()), `${t.id}: a step without an example`);
      }
    },
  });
}

Deno.test({
  name: "planOf() signs FEVER, WebShop and Voyager runs as before",
  ignore: !present,
  fn: async () => {
    const signatures = async (name: string) =>
      new Set((await trajectories(name)).filter(succeeded).map((t) => planOf(t).signature));
    assert.deepEqual(
      await signatures("fever"),
      new Set(
        ["search>finish", "lookup>finish", "search>lookup>finish", "lookup>search>finish"].map((p) =>
          `fact-verification|${p}`
        ),
      ),
    );
    assert.deepEqual(
      await signatures("webshop"),
      new Set(
        ["reset>search>click", "reset>search>think>click", "reset>search>click>think>click"].map((p) =>
          `web-shopping|${p}`
        ),
      ),
    );
    for (const t of (await trajectories("voyager")).filter(succeeded)) {
      assert.equal(planOf(t).signature, `minecraft-skill|code:${t.task!.id}`);
    }
  },
});
