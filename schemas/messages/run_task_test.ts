import assert from "node:assert/strict";
import { maxDerivedTask, runTask, shorten } from "./run_task.ts";
import { rejection } from "../../tests/support/rejection.ts";

Deno.test("runTask() takes a string or a task object, else the first user text, shortened at a word", () => {
  assert.deepEqual(runTask("  Cancel an order ", []), { description: "Cancel an order" });
  assert.deepEqual(runTask({ description: "Cancel", id: 49, family: "retail-cancel" }, []), {
    description: "Cancel",
    id: "49",
    family: "retail-cancel",
  });
  const user = { role: "user" as const, parts: [{ type: "text" as const, content: "Please\n\n cancel   #W1" }] };
  const toolOnly = { role: "user" as const, parts: [] };
  assert.deepEqual(runTask(undefined, [toolOnly, user]), { description: "Please cancel #W1" });
  const long = `${"word ".repeat(200)}end`;
  const task = runTask(undefined, [{ role: "user", parts: [{ type: "text", content: long }] }]).description;
  assert.ok(task.length <= maxDerivedTask + 1 && task.endsWith("word…"), task);
  assert.equal(shorten("x".repeat(600)).length, maxDerivedTask + 1);
  assert.match(rejection(() => runTask({ title: "no description" }, [])).message, /^task must be/);
  assert.match(rejection(() => runTask(undefined, [])).message, /no task and no user message/);
});
