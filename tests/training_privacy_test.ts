/**
 * Personal data and secrets in training data: the real tau2 customer-service runs
 * (names, emails, phone numbers, order ids of simulated customers) plus planted
 * secrets go in as upstream events and come out of every export format, under each
 * dataset privacy policy, with nothing detected surviving where it must not.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import { findSensitive } from "../privacy/sensitive.ts";
import type { DatasetVersion } from "../training/dataset_version.ts";
import { exportFormats } from "../training/exports/formats.ts";
import { ingest, post } from "./support/api.ts";
import { httpRuntime } from "./support/http_runtime.ts";
import { eventsOf, type UpstreamRun } from "./support/upstream_events.ts";
import { waitFor } from "./support/wait.ts";

const planted = [
  "sk-ant-api03-Q8kVx2LpR7mN4tY9wB3cZ6hJ1fD5gS0aE-Xk2Lp9Mn4Rt7",
  "AKIAIOSFODNN7EXAMPLE",
  "ghp_7Hx2Kq9Lm4Np8Rt3Vw6Yz1Bc5Df0Gj2Hk4Mn6",
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjdXN0b21lci00MiJ9.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
  "Zq4Xw8Er2Ty6Ui0Op3As7Df1Gh5Jk9Lz2Xc",
  "hunter2hunter2",
];
const plantedPii = ["jane.doe@acme-corp.example", "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00"];

/** The tau2 runs as upstream runs: the task as input, what was said and done as output. */
async function tau2Runs(): Promise<UpstreamRun[]> {
  const text = await Deno.readTextFile(new URL("../../shared/data/events/tau2.events.jsonl", import.meta.url));
  const runs = new Map<string, { input: string; steps: string[] }>();
  for (const line of text.split("\n").filter(Boolean)) {
    const { type, data } = JSON.parse(line);
    const run = runs.get(data.trajectoryId) ?? { input: "", steps: [] };
    if (type === "atlas.trajectory.started") run.input = data.task.description;
    if (type === "atlas.trajectory.step") run.steps.push(`${data.kind}: ${data.content}`);
    runs.set(data.trajectoryId, run);
  }
  return [...runs].slice(0, 60).map(([id, run], i) => ({
    executionId: `privacy-${id}`,
    input: run.input,
    // Every fifth run also holds a secret and payment details, as careless tool output does.
    output: run.steps.join("\n") +
      (i % 5 === 0
        ? `\nobservation: config ANTHROPIC_API_KEY=${planted[0]} aws ${planted[1]} gh ${planted[2]}\n` +
          `Authorization: Bearer ${planted[3]}\nsession token: ${planted[4]} password="${planted[5]}"\n` +
          `billing ${plantedPii[0]} card ${plantedPii[1]} iban ${plantedPii[2]}`
        : ""),
    plan: "look up the customer, then act on the order",
    tools: [],
    qualityScore: 90,
    confidence: 0.9,
  }));
}

async function exportText(app: Hono, name: string, format: string): Promise<string> {
  const response = await app.request(`/v1/datasets/${name}/versions/latest/export?format=${format}`);
  assert.equal(response.status, 200, `${name} ${format}: ${await response.clone().text()}`);
  return await response.text();
}

Deno.test("no detected secret reaches any export; personal data only under keep; counted by kind", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    const runs = await tau2Runs();
    // What the detectors find in the raw runs: the real customers' data, and what was planted.
    const personal = new Set(
      runs.flatMap((r) => findSensitive(`${r.input}\n${r.output}`).filter((h) => h.category === "pii"))
        .map((h) => h.match),
    );
    for (const value of plantedPii) assert.ok(personal.has(value), `${value} is detected`);
    assert.ok(personal.size >= 10, `the real runs hold personal data (${personal.size} values)`);
    await ingest(app, runs.flatMap((run) => eventsOf(run)));
    await waitFor(async () => (await runtime.trainingData.joins.counts()).pending === runs.length);
    assert.equal((await runtime.trainingData.extraction.drain()).emitted, runs.length);

    const everything = { minQuality: 0, minConfidence: 0, anomaly: { enabled: false } };
    const versions: Record<string, DatasetVersion> = {};
    for (const privacy of ["redact", "drop", "keep"]) {
      const created = await post(app, "/v1/datasets", { name: privacy, filter: { ...everything, privacy } });
      assert.equal(created.status, 201, await created.clone().text());
      versions[privacy] = (await created.json()).version;
      for (const format of exportFormats) {
        const text = await exportText(app, privacy, format);
        for (const secret of planted) assert.ok(!text.includes(secret), `${privacy}/${format} holds a secret`);
        const leaked = [...personal].filter((value) => text.includes(value));
        if (privacy !== "keep") assert.deepEqual(leaked, [], `${privacy}/${format} holds personal data`);
      }
    }

    const redacted = versions.redact!;
    assert.equal(redacted.counts.total, runs.length);
    assert.ok(redacted.filtering.privacy.examples >= 12, JSON.stringify(redacted.filtering.privacy));
    const placeholders = redacted.statistics.all.privacy.placeholders;
    for (const type of ["EMAIL", "SECRET", "CARD", "IBAN"]) {
      assert.ok(placeholders[type]! > 0, `${type}: ${JSON.stringify(placeholders)}`);
    }
    const sample = await exportText(app, "redact", "prompt-completion");
    assert.match(sample, /<EMAIL_1>/);

    const dropped = versions.drop!;
    assert.equal(dropped.filtering.rejected["sensitive-data"], dropped.filtering.privacy.dropped);
    assert.equal(dropped.counts.total, runs.length - dropped.filtering.privacy.dropped);
    assert.ok(dropped.filtering.privacy.dropped >= 12);

    const kept = versions.keep!;
    assert.equal(kept.counts.total, runs.length);
    assert.ok(
      (await exportText(app, "keep", "prompt-completion")).includes(plantedPii[0]!),
      "keep keeps personal data",
    );
    assert.ok(Object.keys(kept.filtering.privacy.kept).includes("email"));
  } finally {
    await close();
  }
});
