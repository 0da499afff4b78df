import assert from "node:assert/strict";
import type { StepBody } from "../../schemas/mod.ts";
import { fitOutcomeModel, type OutcomeModel } from "../outcome/model.ts";
import type { Trajectory } from "../trajectory.ts";
import { ablationUnits, counterfactualCredit } from "./counterfactual.ts";
import { simpleCredit } from "./simple.ts";
import { attributeWithReasons } from "./strategy.ts";
import { seededRandom } from "../seeded_random.ts";

const KEY = "Lookup[founder]";
const POISON = "Search[rumour mill]";
const noise = [
  "Search[Paramore]",
  "Search[Franklin]",
  "Lookup[album]",
  "Lookup[tour]",
  "Search[Riot]",
  "Lookup[label]",
];

/** ReAct steps: a thought, the action, its observation, for each action in order. */
function react(actions: string[]): StepBody[] {
  return actions.flatMap((action, k): StepBody[] => [
    { index: 3 * k, kind: "thought", content: "I should look further." },
    { index: 3 * k + 1, kind: "action", content: action },
    { index: 3 * k + 2, kind: "observation", content: "Some text about it." },
  ]);
}

const trajectory = (id: string, actions: string[], success: boolean): Trajectory => ({
  id,
  task: { description: "Paramore was founded in Franklin." },
  outcome: success ? "success" : "failure",
  score: null,
  steps: react(actions),
});

/** Runs that succeed exactly when they look up the founder and stay away from the rumour mill. */
function trainingSet(n: number, seed: number): Trajectory[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const actions = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => noise[Math.floor(rand() * noise.length)]!);
    const insert = (action: string) => actions.splice(Math.floor(rand() * (actions.length + 1)), 0, action);
    const key = rand() < 0.6, poison = rand() < 0.3;
    if (key) insert(KEY);
    if (poison) insert(POISON);
    actions.push(rand() < 0.5 ? "Finish[SUPPORTS]" : "Finish[REFUTES]");
    return trajectory(`train-${i}`, actions, key && !poison);
  });
}

const model = fitOutcomeModel(trainingSet(150, 42))!;
const indexOf = (t: Trajectory, content: string) => t.steps.find((s) => s.content === content)!.index;
const sum = (xs: { score: number }[]) => xs.reduce((a, c) => a + c.score, 0);

Deno.test("counterfactualCredit ranks the truly necessary step first in a success", async () => {
  const t = trajectory("new-1", ["Search[Paramore]", "Lookup[album]", KEY, "Search[Riot]", "Finish[SUPPORTS]"], true);
  const strategy = counterfactualCredit(() => model, simpleCredit);
  assert.equal(strategy.name, "counterfactual");
  const { credit, reasons, fallback } = await attributeWithReasons(strategy, t);
  assert.equal(fallback, undefined);
  assert.equal(credit[0]!.index, indexOf(t, KEY));
  assert.ok(credit[0]!.score > 0.5, `the necessary step dominates: ${JSON.stringify(credit)}`);
  assert.ok(Math.abs(sum(credit) - 1) < 1e-9);
  assert.ok(credit.every((c, i) => c.score > 0 && (i === 0 || c.score <= credit[i - 1]!.score)));
  assert.match(reasons[0]!.why, /^without it, predicted success falls from \d+% to \d+%$/);
  assert.deepEqual(await strategy.attribute(t), credit);
});

Deno.test("counterfactualCredit blames the step that caused a failure", async () => {
  const t = trajectory("new-2", ["Search[Franklin]", KEY, POISON, "Lookup[tour]", "Finish[REFUTES]"], false);
  const { credit, reasons } = await attributeWithReasons(counterfactualCredit(() => model, simpleCredit), t);
  assert.equal(credit[0]!.index, indexOf(t, POISON));
  assert.ok(Math.abs(sum(credit) - 1) < 1e-9);
  assert.match(reasons[0]!.why, /rises/);
  assert.ok(!credit.some((c) => c.index === indexOf(t, KEY)), "the step that helped earned none of the failure");
});

Deno.test("counterfactualCredit falls back, and says why, until a model is fitted", async () => {
  const store: { fitted?: OutcomeModel } = {};
  const strategy = counterfactualCredit(() => store.fitted, simpleCredit);
  const t = trajectory("new-3", ["Search[Paramore]", KEY, "Search[Riot]"], true);
  const before = await attributeWithReasons(strategy, t);
  assert.deepEqual(before.credit, await simpleCredit.attribute(t));
  assert.deepEqual(before.fallback, { strategy: "simple", reason: "no outcome model fitted yet" });
  store.fitted = model;
  const after = await attributeWithReasons(strategy, t);
  assert.equal(after.fallback, undefined);
  assert.equal(after.credit[0]!.index, indexOf(t, KEY));
});

Deno.test("counterfactualCredit falls back when no step moves the prediction", async () => {
  const flat: OutcomeModel = { ...model, predict: () => 0.7 };
  const t = trajectory("new-4", ["Search[Paramore]", KEY], true);
  const { credit, fallback } = await attributeWithReasons(counterfactualCredit(() => flat, simpleCredit), t);
  assert.deepEqual(credit, await simpleCredit.attribute(t));
  assert.deepEqual(fallback, { strategy: "simple", reason: "no step moves predicted success by 0.005 or more" });
});

Deno.test("counterfactualCredit falls back for a trajectory without outcome, and gives nothing without steps", async () => {
  const strategy = counterfactualCredit(() => model, simpleCredit);
  const open = { ...trajectory("new-5", [KEY], true), outcome: null };
  assert.equal((await attributeWithReasons(strategy, open)).fallback?.reason, "the trajectory has no outcome");
  assert.deepEqual(await attributeWithReasons(strategy, { ...open, steps: [] }), { credit: [], reasons: [] });
});

Deno.test("ablationUnits takes each decision out with the answers that follow it", () => {
  const steps: StepBody[] = [
    { index: 0, kind: "message", role: "user", content: "find it" },
    { index: 1, kind: "thought", content: "search" },
    { index: 2, kind: "tool_call", content: "", tool: { name: "search" } },
    { index: 3, kind: "tool_result", content: "a" },
    { index: 5, kind: "tool_result", content: "b" },
    { index: 6, kind: "message", role: "assistant", content: "done" },
  ];
  assert.deepEqual(ablationUnits(steps), [
    { index: 1, positions: [1] },
    { index: 2, positions: [2, 3, 4] },
    { index: 6, positions: [5] },
  ]);
});
