/**
 * The text extractor on real agent code: the 158 Voyager Minecraft skill trajectories
 * from `shared/data` (beside the repo in CI). Skipped, saying so, when it is absent.
 */
import assert from "node:assert/strict";
import type { StepBody } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { autoDocument } from "./document.ts";
import { textExtractor } from "./extractor.ts";

const events = new URL("../../../shared/data/events/voyager.events.jsonl", import.meta.url);
const present = (() => {
  try {
    return Deno.statSync(events).isFile;
  } catch {
    return false;
  }
})();
if (!present) {
  console.warn(`voyager_test: skipped, ${events.pathname} not found (shared/data sits beside the repo in CI)`);
}

/** Trajectories from the event stream: steps grouped by trajectory, ordered by index, duplicates dropped. */
async function loadTrajectories(): Promise<Trajectory[]> {
  const byId = new Map<string, Trajectory>();
  for (const line of (await Deno.readTextFile(events)).split("\n")) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as { type: string; data: StepBody & { trajectoryId: string } };
    if (event.type !== "atlas.trajectory.step") continue;
    const { trajectoryId, ...step } = event.data;
    const trajectory = byId.get(trajectoryId) ??
      { id: trajectoryId, task: null, outcome: null, score: null, steps: [] };
    if (!trajectory.steps.some((s) => s.index === step.index)) trajectory.steps.push(step);
    byId.set(trajectoryId, trajectory);
  }
  for (const trajectory of byId.values()) trajectory.steps.sort((a, b) => a.index - b.index);
  return [...byId.values()];
}

Deno.test({
  name: "textExtractor() finds Voyager's recurring skill code (mineBlock, inventory.count) across trajectories",
  ignore: !present,
  async fn() {
    const trajectories = await loadTrajectories();
    assert.equal(trajectories.length, 158);
    const started = performance.now();
    const concepts = await textExtractor().extract(trajectories);
    const ms = performance.now() - started;
    console.log(`voyager: ${concepts.length} concepts from ${trajectories.length} trajectories in ${ms.toFixed(0)} ms`);
    for (const c of concepts.slice(0, 5)) {
      console.log(`  ${c.trajectories.length} traj, ${c.frequency}x  ${c.name}: ${c.signature}`);
    }

    assert.ok(concepts.length >= 5);
    assert.ok(
      concepts.every((c) => c.trajectories.length >= 3 && c.examples.length > 0 && c.language === "javascript"),
    );
    const mine = concepts.find((c) => c.template === "await mineBlock(bot, $1, $2);");
    assert.ok(mine, "the mineBlock call is a concept");
    assert.ok(mine.trajectories.length >= 20);
    assert.equal(mine.name, "mineBlockPattern");
    assert.equal(mine.signature, "(block, count) => await mineBlock(bot, block, count)");
    assert.ok(concepts.some((c) => c.template.includes("bot.inventory.count(mcData.itemsByName.$")));
    // Generous for a 2-core CI machine; it takes a few hundred milliseconds.
    assert.ok(ms < 10_000, `took ${ms} ms`);
    assert.deepEqual(autoDocument(mine), { name: mine.name, signature: mine.signature, docs: mine.docs });
  },
});
