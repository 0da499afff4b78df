import assert from "node:assert/strict";
import { judgeByRules, movesOf } from "./abstractability.ts";
import { planOf } from "./plan/mod.ts";
import { bash, trajectoryOf } from "./plan/testdata/steps.ts";
import { sweAgentRun } from "./plan/testdata/swe_agent_run.ts";

Deno.test("judgeByRules() judges a long shell run by its compressed plan: abstractable when it succeeded", () => {
  const trajectory = sweAgentRun();
  const plan = planOf(trajectory);
  const verdict = judgeByRules(trajectory, plan, []);
  assert.equal(verdict.abstractable, true);
  assert.match(
    verdict.reasoning,
    /its plan \(explore → reproduce → edit → verify → submit\) has 5 steps and \d+ moves/,
  );
  assert.equal(judgeByRules({ ...trajectory, outcome: "failure" }, plan, []).abstractable, false);
});

Deno.test("judgeByRules() counts a pipeline's programs as moves, and finds a lone command too simple", () => {
  const pipeline = trajectoryOf([bash("find /testbed -name '*.py' | xargs wc -l | sort -n")]);
  assert.equal(movesOf(planOf(pipeline)), 3);
  assert.equal(judgeByRules(pipeline, planOf(pipeline), []).abstractable, true);
  const lone = trajectoryOf([bash("ls -la /testbed")]);
  const verdict = judgeByRules(lone, planOf(lone), []);
  assert.equal(verdict.abstractable, false);
  assert.match(verdict.reasoning, /its plan has 1 step and 1 move, too simple to teach/);
});
