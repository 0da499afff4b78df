/**
 * Error patterns from real agent runs: ReAct on FEVER (Wikipedia search) and on
 * WebShop, as the event streams in `shared/data/events` carry them (interleaved, some
 * steps out of order, ~2% delivered twice). Skipped, saying so, without the data.
 */
import assert from "node:assert/strict";
import { trajectoryStepSchema } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { clusterErrors } from "./cluster.ts";
import { errorOccurrences, errorSignals } from "./detect.ts";

const events = new URL("../../../shared/data/events/", import.meta.url);
const files = ["fever.events.jsonl", "webshop.events.jsonl"];

function available(): boolean {
  try {
    return files.every((f) => Deno.statSync(new URL(f, events)).isFile);
  } catch {
    return false;
  }
}

/** Trajectories from started, step and completed events; a step delivered twice counts once. */
function load(file: string): Trajectory[] {
  const byId = new Map<string, Trajectory>();
  const get = (id: string) => {
    let t = byId.get(id);
    if (!t) byId.set(id, t = { id, task: null, outcome: null, score: null, steps: [] });
    return t;
  };
  const steps = new Map<string, Map<number, Trajectory["steps"][number]>>();
  for (const line of Deno.readTextFileSync(new URL(file, events)).split("\n")) {
    if (line.trim() === "") continue;
    const { type, data } = JSON.parse(line);
    const t = get(data.trajectoryId);
    if (type === "atlas.trajectory.started") t.task = data.task;
    else if (type === "atlas.trajectory.completed") [t.outcome, t.score] = [data.outcome, data.score ?? null];
    else if (type === "atlas.trajectory.step") {
      const { trajectoryId, ...step } = trajectoryStepSchema.parse(data);
      if (!steps.has(trajectoryId)) steps.set(trajectoryId, new Map());
      steps.get(trajectoryId)!.set(step.index, step);
    }
  }
  for (const [id, byIndex] of steps) get(id).steps = [...byIndex.values()].sort((a, b) => a.index - b.index);
  return [...byId.values()];
}

const known = /^(?:Could not find|Invalid action[:!]|No more results)/;

Deno.test({
  name: "clusterErrors() on real FEVER and WebShop runs finds the recurring failures",
  ignore: !available(),
  fn() {
    const trajectories = files.flatMap(load);
    const started = performance.now();
    const occurrences = trajectories.flatMap((t) => errorOccurrences(t));
    const patterns = clusterErrors(occurrences);
    const ms = performance.now() - started;

    // Only real errors are flagged: no page text, no "Episode finished", no "OK.".
    const flagged = trajectories.flatMap((t) => errorSignals(t).map((s) => s.text));
    assert.deepEqual(flagged.filter((text) => !known.test(text)), []);

    const byName = new Map(patterns.map((p) => [p.name, p]));
    const frequency = (name: string) => byName.get(name)?.frequency ?? 0;
    assert.ok(frequency("Invalid action (after click)") >= 300, "WebShop's invalid clicks");
    assert.ok(frequency("No more results (after Lookup)") >= 150, "FEVER's lookups that find nothing");
    assert.ok(frequency("Could not find (after Search)") >= 40, "FEVER's searches for a missing page");
    assert.equal(byName.get("Could not find (after Search)")?.family, "fact-verification");
    assert.equal(byName.get("Invalid action (after click)")?.family, "web-shopping");
    assert.equal(patterns[0]?.name, "Invalid action (after click)");

    // Every signature matches all its examples, and no other pattern's signature does.
    const signatures = patterns.map((p) => new RegExp(p.signature));
    patterns.forEach((p, i) => {
      for (const e of p.examples) assert.match(e.text, signatures[i]!, p.name);
    });
    for (const o of occurrences) {
      const matching = patterns.filter((_, i) => signatures[i]!.test(o.text));
      assert.ok(matching.length <= 1, `${o.text} matches ${matching.map((p) => p.name).join(", ")}`);
    }

    console.log(
      `${trajectories.length} trajectories, ${occurrences.length} failed steps, ${patterns.length} patterns ` +
        `in ${ms.toFixed(1)} ms (detect + cluster)`,
    );
    for (const p of patterns.slice(0, 5)) {
      console.log(`  ${p.frequency} × ${p.name} [${p.family}] in ${p.distinctTrajectories} runs`);
      console.log(`     signature: ${p.signature}`);
      console.log(`     fix (${p.fixSource ?? "none"}): ${p.suggestedFix ?? "-"}`);
    }
  },
});

if (!available()) {
  console.warn(
    `real_data_test: ${events.pathname} not readable (absent, or no --allow-read); the real-data test is skipped.`,
  );
}
