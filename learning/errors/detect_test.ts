import assert from "node:assert/strict";
import type { Outcome, StepBody } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { errorOccurrences, errorSignals } from "./detect.ts";

const s = (index: number, kind: StepBody["kind"], content: string, extra: Partial<StepBody> = {}): StepBody => ({
  index,
  kind,
  content,
  ...extra,
});
const run = (steps: StepBody[], outcome: Outcome = "success", score: number | null = 1): Trajectory => ({
  id: "fever-1",
  task: { description: "The Beach is a film.", family: "fact-verification" },
  outcome,
  score,
  steps,
});

const fever = [
  s(0, "thought", "I could not find it yet; I should search The Beach."),
  s(1, "action", "Search[The Beach]"),
  s(2, "observation", "Could not find [The Beach]. Similar: ['The Beach Boys', 'The Beach (film)']."),
  s(3, "action", "Search[The Beach (film)]"),
  s(4, "observation", "Could not find [The Beach (film)]. Similar: ['The Beach (2000 film)']."),
  s(5, "action", "Search[The Beach (2000 film)]"),
  s(6, "observation", "Pages for logged out editors learn more. The Beach is a 2000 film."),
  s(7, "action", "Finish[SUPPORTS]"),
  s(8, "observation", "Episode finished, reward = 1"),
];

Deno.test("errorSignals() finds failed answers, the action each answered and the step that got past them", () => {
  const signals = errorSignals(run(fever));
  assert.deepEqual(signals.map((x) => [x.index, x.actionIndex, x.recovery?.index]), [[2, 1, 5], [4, 3, 5]]);
  assert.deepEqual(signals[0], {
    index: 2,
    actionIndex: 1,
    text: "Could not find [The Beach]. Similar: ['The Beach Boys', 'The Beach (film)'].",
    template: "Could not find [<arg>]. Similar: <list>",
    strength: "hard",
    marker: "could-not",
    recovery: { index: 5, content: "Search[The Beach (2000 film)]" },
  });
});

Deno.test("errorSignals() takes a recovery as a fix only when the run went well", () => {
  assert.equal(errorSignals(run(fever, "failure", 0))[0]!.recovery, undefined);
  assert.equal(errorSignals(run(fever, "aborted", null))[0]!.recovery, undefined);
  assert.equal(errorSignals(run(fever, "partial", 0.5))[0]!.recovery?.index, 5);
  assert.equal(errorSignals(run(fever, "partial", 0.4))[0]!.recovery, undefined);
  assert.equal(errorSignals(run(fever, "partial", 0.4), { recoveryMinScore: 0.3 })[0]!.recovery?.index, 5);
});

Deno.test("errorSignals() reads explicit errors on any step and believes status ok over the text", () => {
  const steps = [
    s(0, "tool_call", "", { tool: { name: "read", input: { path: "/a" } } }),
    s(1, "tool_result", "", { error: { message: "ENOENT: no such file '/a'" } }),
    s(2, "tool_call", "write(/b)", { status: "error", error: "disk full" }),
    s(3, "tool_call", "grep(x)"),
    s(4, "tool_result", "Error: nothing to grep, but the tool says it is fine", { status: "ok" }),
    s(5, "thought", "Error: I am confused"),
  ];
  const signals = errorSignals(run(steps));
  assert.deepEqual(signals.map((x) => [x.index, x.actionIndex, x.marker, x.text]), [
    [1, 0, "explicit", "ENOENT: no such file '/a'"],
    [2, 2, "explicit", "disk full"],
  ]);
  assert.equal(signals[0]!.recovery?.content, "grep(x)");
});

Deno.test("errorSignals() reports an action that failed and whose answer failed once, at the answer", () => {
  const steps = [s(0, "tool_call", "fetch(x)", { status: "error" }), s(1, "tool_result", "Error: 503")];
  assert.deepEqual(errorSignals(run(steps)).map((x) => [x.index, x.actionIndex]), [[1, 0]]);
});

Deno.test("errorSignals() pairs parallel tool results by tool name and ignores answers to thoughts", () => {
  const steps = [
    s(0, "tool_call", "search(a)", { tool: { name: "search" } }),
    s(1, "tool_call", "open(b)", { tool: { name: "open" } }),
    s(2, "tool_result", "Error: no such page", { tool: { name: "open" } }),
    s(3, "tool_result", "3 hits", { tool: { name: "search" } }),
    s(4, "thought", "Let me think."),
    s(5, "observation", "Invalid action!"),
  ];
  assert.deepEqual(errorSignals(run(steps)).map((x) => [x.index, x.actionIndex]), [[2, 1], [5, undefined]]);
});

Deno.test("errorSignals() keeps soft signals unless asked not to, and a soft answer is no recovery", () => {
  const steps = [
    s(0, "action", "Lookup[genre]"),
    s(1, "observation", "No more results."),
    s(2, "action", "Lookup[film]"),
    s(3, "observation", "No more results."),
    s(4, "action", "Finish[SUPPORTS]"),
    s(5, "observation", "Episode finished, reward = 1"),
  ];
  const signals = errorSignals(run(steps));
  assert.deepEqual(signals.map((x) => [x.index, x.strength, x.recovery?.index]), [[1, "soft", 4], [3, "soft", 4]]);
  assert.deepEqual(errorSignals(run(steps), { soft: false }), []);
});

Deno.test("errorSignals() cuts long error text", () => {
  const steps = [s(0, "action", "run"), s(1, "observation", `Error: ${"x".repeat(1000)}`)];
  assert.equal(errorSignals(run(steps), { maxTextChars: 50 })[0]!.text.length, 50);
  assert.equal(errorSignals(run(steps))[0]!.text.length, 400);
});

Deno.test("errorOccurrences() gives clustering the family, the action and the recovery", () => {
  assert.deepEqual(errorOccurrences(run(fever))[0], {
    trajectoryId: "fever-1",
    family: "fact-verification",
    index: 2,
    text: "Could not find [The Beach]. Similar: ['The Beach Boys', 'The Beach (film)'].",
    template: "Could not find [<arg>]. Similar: <list>",
    recovery: "Search[The Beach (2000 film)]",
    action: "Search[The Beach]",
  });
  const noTask = { ...run([s(0, "observation", "Invalid action!")], "failure", 0), task: null };
  assert.deepEqual(errorOccurrences(noTask).map((o) => [o.family, o.action, o.recovery]), [[null, null, null]]);
});
