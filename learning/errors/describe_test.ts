import assert from "node:assert/strict";
import type { ErrorOccurrence } from "./cluster.ts";
import { patternName, patternRoot, pickExamples, trajectoryFix } from "./describe.ts";
import { tokenise } from "./tokens.ts";

const occ = (trajectoryId: string, extra: Partial<ErrorOccurrence> = {}): ErrorOccurrence => ({
  trajectoryId,
  family: "fact-verification",
  index: 2,
  text: "Could not find [X].",
  template: "Could not find [<arg>].",
  ...extra,
});

Deno.test("patternRoot() is the shared beginning, up to where arguments start", () => {
  const root = (...templates: string[]) => patternRoot(templates.map(tokenise));
  assert.equal(root("Could not find [<arg>]. Similar: <list>", "Could not find Mary-Kate Olsen."), "Could not find");
  assert.equal(root("Invalid action: Finish[<arg>]", "Invalid action: login"), "Invalid action:");
  assert.equal(root("No more results."), "No more results.");
  assert.equal(root("<num> errors"), "");
  assert.equal(root("a b c d e f g h"), "a b c d e f");
});

Deno.test("patternName() names the error and the action it usually answered", () => {
  const searches = [occ("t1", { action: "Search[A]" }), occ("t2", { action: "Search[B]" }), occ("t3")];
  assert.equal(patternName("Could not find", "Could not find [<arg>].", searches), "Could not find (after Search)");
  const mixed = [
    occ("t1", { action: "Finish[X]" }),
    occ("t2", { action: "Lookup[Y]" }),
    occ("t3", { action: "login" }),
  ];
  assert.equal(patternName("Invalid action:", "Invalid action: <arg>", mixed), "Invalid action");
  assert.equal(patternName("", "<num> errors in <path>", []), "<num> errors in <path>");
});

Deno.test("trajectoryFix() is the most common recovery, shown by template and its most common form", () => {
  const fix = trajectoryFix([
    occ("t1", { recovery: "click[Buy Now]" }),
    occ("t2", { recovery: "click[Back to Search]" }),
    occ("t3", { recovery: "click[Buy Now]" }),
    occ("t4", { recovery: "search[red shoes]" }),
    occ("t5", { recovery: null }),
    occ("t6"),
  ]);
  assert.equal(
    fix,
    "Runs that got past this error went on with click[<arg>] (e.g. click[Buy Now]): 3 of 4 recoveries.",
  );
  assert.equal(
    trajectoryFix([occ("t1", { recovery: "reset" })]),
    "Runs that got past this error went on with reset: 1 of 1 recoveries.",
  );
  assert.equal(trajectoryFix([occ("t1"), occ("t2", { recovery: null })]), null);
});

Deno.test("trajectoryFix() says when runs got past by retrying the failed action", () => {
  const retried = [occ("t1", { action: "Search[Mirny]", recovery: "Search[Mirny (film)]" })];
  assert.equal(
    trajectoryFix(retried),
    "Runs that got past this error went on with Search[<arg>] (e.g. Search[Mirny (film)]), " +
      "the failed action with another argument: 1 of 1 recoveries.",
  );
  const again = [occ("t1", { action: "fetch(x)", recovery: "fetch(x)" })];
  assert.match(trajectoryFix(again)!, /went on with fetch\(x\), the failed action again: 1 of 1/);
});

Deno.test("pickExamples() shows each template first, and new trajectories before repeats", () => {
  const byTemplate = [
    [occ("t1", { index: 2 }), occ("t1", { index: 5 }), occ("t2", { index: 2 })],
    [occ("t3", { text: "Could not find Y.", template: "Could not find Y.", action: "Search[Y]" })],
  ];
  const examples = pickExamples(byTemplate, 3);
  assert.deepEqual(examples.map((e) => [e.trajectoryId, e.index]), [["t1", 2], ["t3", 2], ["t2", 2]]);
  assert.equal(examples[1]!.action, "Search[Y]");
  assert.equal("action" in examples[0]!, false);
  assert.equal(pickExamples(byTemplate, 10).length, 4);
});
