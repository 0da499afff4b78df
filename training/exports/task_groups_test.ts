import assert from "node:assert/strict";
import { byQuality, taskGroups } from "./task_groups.ts";
import { dataset, example, row, source } from "./test_examples.ts";

const ids = (groups: { id: string }[][]) => groups.map((g) => g.map((e) => e.id));

Deno.test("taskGroups() groups consecutive rows of one split and task, and a split ends a group", async () => {
  const groups = await Array.fromAsync(taskGroups(source(dataset)));
  assert.deepEqual(ids(groups), [["a", "b", "c"], ["d"], ["e", "f"], ["g"]]);
});

Deno.test("taskGroups() yields nothing for no rows", async () => {
  assert.deepEqual(await Array.fromAsync(taskGroups(source([]))), []);
});

Deno.test("taskGroups() yields a group as soon as the next one starts", async () => {
  let pulled = 0;
  async function* counted() {
    for (const r of dataset) {
      pulled++;
      yield r;
    }
  }
  const groups = taskGroups(counted());
  const first = await groups.next();
  assert.ok(!first.done);
  assert.deepEqual(first.value.map((e) => e.id), ["a", "b", "c"]);
  assert.equal(pulled, 4);
});

Deno.test("byQuality() ranks the higher score first and equal scores by id", () => {
  const ranked = [example("b", "t", 50), example("c", "t", 90), example("a", "t", 50)].toSorted(byQuality);
  assert.deepEqual(ranked.map((e) => e.id), ["c", "a", "b"]);
  assert.equal(byQuality(example("x", "t", 1), example("x", "t", 1)), 0);
  assert.equal(row("val", ranked[0]!).split, "val");
});
