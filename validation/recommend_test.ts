import assert from "node:assert/strict";
import { recommend, type StageVerdict } from "./recommend.ts";
import type { StageName } from "./stage.ts";

const names: StageName[] = ["regression", "benchmark", "safety", "diversity", "latency"];

function verdicts(failed: StageName[]): StageVerdict[] {
  return names.map((stage) => {
    const fails = failed.includes(stage);
    return { stage, passed: !fails, errors: fails ? [`${stage} went wrong`] : [] };
  });
}

Deno.test("recommend() deploys when every stage passed", () => {
  assert.deepEqual(recommend(verdicts([])), { recommendation: "DEPLOY", reasons: ["every stage passed"] });
});

Deno.test("recommend() rejects when regression or safety failed, whatever else did", () => {
  assert.equal(recommend(verdicts(["regression"])).recommendation, "REJECT");
  assert.equal(recommend(verdicts(["safety"])).recommendation, "REJECT");
  assert.deepEqual(recommend(verdicts(["safety", "latency"])), {
    recommendation: "REJECT",
    reasons: ["safety: safety went wrong", "latency: latency went wrong"],
  });
});

Deno.test("recommend() sends to review when only benchmark, diversity or latency failed", () => {
  for (const stage of ["benchmark", "diversity", "latency"] as const) {
    assert.deepEqual(recommend(verdicts([stage])), {
      recommendation: "REVIEW",
      reasons: [`${stage}: ${stage} went wrong`],
    });
  }
});

Deno.test("recommend() names a failed stage that gave no errors", () => {
  assert.deepEqual(recommend([{ stage: "latency", passed: false, errors: [] }]).reasons, ["latency: failed"]);
});
