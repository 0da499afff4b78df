/**
 * The classifier on the real runs of `../shared/data/events`, each trajectory's input
 * built as the training extractor builds it (`decideTrajectory` in `training/join.ts`):
 * the task as text, the names of the tools its steps used, its family and declared
 * domain as hints.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Task } from "../../schemas/mod.ts";
import { classifyDomain, type DomainInput } from "./domain.ts";

const events = new URL("../../../shared/data/events/", import.meta.url);

interface Labelled {
  family: string;
  input: DomainInput;
}

/** Each trajectory of an events file (streamed or whole) as the extractor would classify it. */
async function extractorInputs(file: string): Promise<Labelled[]> {
  const byId = new Map<string, { task?: Task; tools: string[] }>();
  for (const line of (await Deno.readTextFile(new URL(file, events))).split("\n")) {
    if (!line.trim()) continue;
    const { type, data } = JSON.parse(line);
    const entry = byId.get(data.trajectoryId) ?? { tools: [] };
    byId.set(data.trajectoryId, entry);
    if (type === "atlas.trajectory.started" || type === "atlas.trajectory") entry.task ??= data.task;
    const steps = type === "atlas.trajectory" ? data.steps : type === "atlas.trajectory.step" ? [data] : [];
    for (const step of steps) if (step.tool) entry.tools.push(step.tool.name);
  }
  return [...byId.values()].flatMap(({ task, tools }) =>
    task
      ? [{
        family: task.family ?? "",
        input: { text: task.description, tools, family: task.family, declared: task.domain },
      }]
      : []
  );
}

/** `{ "family → domain": count }`, the confusion counts of one file. */
async function confusion(file: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { family, input } of await extractorInputs(file)) {
    const key = `${family} → ${classifyDomain(input)}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The counts of `confusion` summed by domain over the families that match `family`. */
function byDomain(counts: Record<string, number>, family: RegExp): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const [key, n] of Object.entries(counts)) {
    const [f, domain] = key.split(" → ") as [string, string];
    if (family.test(f)) sums[domain] = (sums[domain] ?? 0) + n;
  }
  return sums;
}

Deno.test("classifyDomain() files every real tau2 run, retail and telecom, under customer-service", async () => {
  assert.deepEqual(byDomain(await confusion("tau2.events.jsonl"), /./), { "customer-service": 80 });
});

Deno.test("classifyDomain() files InterCode's bash tasks under shell and its capture-the-flag tasks under security", async () => {
  const counts = await confusion("intercode.events.jsonl");
  assert.deepEqual(byDomain(counts, /^shell-bash/), { shell: 200 });
  const ctf = byDomain(counts, /^ctf$/);
  // The rest are tasks whose text says nothing of security ("Can you make sense of
  // this file?"), done in bash: the label is a hint, not an order.
  assert.ok((ctf.security ?? 0) >= 0.9 * 93, JSON.stringify(ctf));
  assert.equal(ctf.general, undefined);
});

Deno.test("classifyDomain() files the real FEVER, WebShop and Voyager runs from their events: 500, 500 and 158", async () => {
  assert.deepEqual(byDomain(await confusion("fever.events.jsonl"), /./), { "question-answering": 500 });
  assert.deepEqual(byDomain(await confusion("webshop.events.jsonl"), /./), { "web-navigation": 500 });
  assert.deepEqual(byDomain(await confusion("webshop-whole.events.jsonl"), /./), { "web-navigation": 500 });
  assert.deepEqual(byDomain(await confusion("voyager.events.jsonl"), /./), { embodied: 158 });
});
