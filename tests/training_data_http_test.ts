/**
 * The training-data road over the API, on the embedded log and a real libSQL file:
 * upstream events made from the real FEVER and WebShop runs go in through
 * `POST /v1/events`, become examples, then dataset versions (initial, patch, minor),
 * and every export format streams lines its schema accepts.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import type { DatasetVersion } from "../training/dataset_version.ts";
import { exporters, exportFormats } from "../training/exports/formats.ts";
import type { TrainingExample } from "../training/example.ts";
import { ingest, post } from "./support/api.ts";
import { httpRuntime } from "./support/http_runtime.ts";
import { upstreamEventsFromRuns } from "./support/upstream_events.ts";
import { waitFor } from "./support/wait.ts";

async function exportLines(app: Hono, path: string): Promise<unknown[]> {
  const response = await app.request(path);
  assert.equal(response.status, 200, await response.clone().text());
  assert.match(response.headers.get("content-type") ?? "", /application\/x-ndjson/);
  const text = await response.text();
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

Deno.test("upstream events become examples, versioned datasets, and exports in every format", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    const events = await upstreamEventsFromRuns({ limit: 40 });
    await ingest(app, events);
    const { joins, extraction } = runtime.trainingData;
    await waitFor(async () => (await joins.counts()).pending === 80, { message: "80 joins" });
    assert.equal((await extraction.drain()).emitted, 80);

    const page = await (await app.request("/v1/examples?limit=500")).json();
    assert.equal(page.items.length, 80);
    const fever = await (await app.request(`/v1/examples/exec:${events[0]!.data.executionId}`))
      .json() as TrainingExample;
    assert.equal(fever.source, "upstream");
    assert.equal(fever.domain, "question-answering");
    assert.deepEqual(fever.lineage.events.map((e) => e.type), [
      "execution.completed",
      "planning.completed",
      "evaluation.completed",
    ]);
    const web = await (await app.request("/v1/examples?domain=web-navigation&limit=500")).json();
    assert.equal(web.items.length, 40);

    // The first version: every example through the default filter (quality ≥ 70, confidence ≥ 0.6).
    const created = await post(app, "/v1/datasets", { name: "react", description: "FEVER and WebShop" });
    assert.equal(created.status, 201, await created.clone().text());
    const first = (await created.json()).version as DatasetVersion;
    assert.equal(first.version, "1.0.0");
    assert.equal(first.change, "initial");
    const passing = page.items.filter((e: TrainingExample) => e.qualityScore >= 70 && e.confidence >= 0.6).length;
    assert.equal(first.filtering.candidates, 80);
    assert.ok(
      first.counts.total <= passing && first.counts.total >= passing - 5,
      `${first.counts.total} of ${passing}`,
    );
    assert.equal(first.filtering.rejected["low-quality"], 80 - passing);
    assert.equal(first.counts.train + first.counts.val + first.counts.test, first.counts.total);
    assert.ok(Math.abs(first.counts.train - 0.8 * first.counts.total) < 1);
    assert.equal(first.lineage.sources.upstream, first.counts.total);
    assert.equal(first.lineage.sources.events["evaluation.completed"], first.counts.total);
    assert.match(first.contentHash, /^[0-9a-f]{64}$/);

    const read = await (await app.request("/v1/datasets/react/versions/1.0.0")).json() as DatasetVersion;
    assert.deepEqual(read, first);
    assert.equal(read.statistics.all.count, first.counts.total);
    assert.equal(read.statistics.train.count, first.counts.train);
    const rejections = await (await app.request("/v1/datasets/react/versions/1.0.0/rejections?reason=low-quality"))
      .json();
    assert.equal(rejections.items.length, 80 - passing);
    assert.match(rejections.items[0].detail, /< 70/);

    // Every format, every line valid against its schema; the split filter keeps to its split.
    for (const format of exportFormats) {
      const lines = await exportLines(app, `/v1/datasets/react/versions/1.0.0/export?format=${format}`);
      for (const line of lines) exporters[format].line.parse(line);
      if (format === "chat" || format === "anthropic" || format === "prompt-completion") {
        assert.equal(lines.length, first.counts.total, format);
      }
    }
    const train = await exportLines(app, "/v1/datasets/react/versions/latest/export?format=chat&split=train");
    assert.equal(train.length, first.counts.train);

    // Nothing new: no new version.
    const same = await post(app, "/v1/datasets", { name: "react" });
    assert.equal(same.status, 200);
    assert.equal((await same.json()).version.version, "1.0.0");

    // New runs: a patch; members keep their splits and the hash moves.
    const seen = new Set(events.map((e) => e.id));
    await ingest(app, (await upstreamEventsFromRuns({ limit: 60 })).filter((e) => !seen.has(e.id)));
    await waitFor(async () => (await joins.counts()).pending === 40, { message: "40 more joins" });
    await extraction.drain();
    const patch = (await (await post(app, "/v1/datasets", { name: "react" })).json()).version as DatasetVersion;
    assert.equal(patch.version, "1.0.1");
    assert.equal(patch.change, "patch");
    assert.equal(patch.parent, "1.0.0");
    assert.ok(patch.counts.added > 0 && patch.counts.removed === 0);
    assert.equal(patch.counts.total, first.counts.total + patch.counts.added);
    assert.notEqual(patch.contentHash, first.contentHash);
    const splitsOf = async (version: string) => {
      const page = await (await app.request(`/v1/examples?dataset=react&version=${version}&limit=500`)).json();
      return new Map<string, string>(page.items.map((e: { id: string; split: string }) => [e.id, e.split]));
    };
    const [before, after] = [await splitsOf("1.0.0"), await splitsOf("1.0.1")];
    assert.equal(before.size, first.counts.total);
    assert.equal(after.size, patch.counts.total);
    for (const [id, split] of before) assert.equal(after.get(id), split, `${id} kept its split`);
    for (const split of ["train", "val", "test"] as const) {
      const count = [...after.values()].filter((s) => s === split).length;
      const ratio = split === "train" ? 0.8 : 0.1;
      assert.ok(Math.abs(count - ratio * patch.counts.total) < 1, `${split}: ${count} of ${patch.counts.total}`);
    }

    // A filter change: a minor version, every example filtered again.
    const minor = (await (await post(app, "/v1/datasets", { name: "react", filter: { minQuality: 95 } })).json())
      .version as DatasetVersion;
    assert.equal(minor.version, "1.1.0");
    assert.equal(minor.change, "minor");
    assert.match(minor.reason, /filter changed \(minQuality\)/);
    assert.ok(minor.counts.total < patch.counts.total);
    assert.equal(minor.filter.minQuality, 95);

    const listed = await (await app.request("/v1/datasets")).json();
    assert.deepEqual(
      listed.items.map((d: { name: string; latest: { version: string } }) => [d.name, d.latest.version]),
      [
        ["react", "1.1.0"],
      ],
    );
    const versions = (await (await app.request("/v1/datasets/react")).json()).versions;
    assert.deepEqual(versions.map((v: { version: string }) => v.version), ["1.0.0", "1.0.1", "1.1.0"]);

    const stats = await (await app.request("/v1/stats")).json();
    assert.equal(stats.trainingData.examples.total, 120);
    assert.equal(stats.trainingData.joins.emitted, 120);
    assert.deepEqual(stats.trainingData.datasets, { datasets: 1, versions: 3 });
  } finally {
    await close();
  }
});

Deno.test("dataset and example requests that are wrong answer with their code", async () => {
  const { app, close } = await httpRuntime();
  try {
    const expect = async (response: Response | Promise<Response>, status: number, code: string) => {
      const r = await response;
      const body = await r.json();
      assert.equal(r.status, status, JSON.stringify(body));
      assert.equal(body.error.code, code);
    };
    await expect(post(app, "/v1/datasets", { name: "bad name!" }), 400, "E7102");
    await expect(post(app, "/v1/datasets", { name: "d", filter: { minQuality: 170 } }), 400, "E7100");
    await expect(post(app, "/v1/datasets", { name: "d", filter: { nope: 1 } }), 400, "E7100");
    await expect(post(app, "/v1/datasets", { name: "d", split: { train: 0.9, val: 0.2, test: 0.1 } }), 400, "E7101");
    await expect(post(app, "/v1/datasets", { name: "d", extra: true }), 400, "E7102");
    await expect(app.request("/v1/datasets", { method: "POST", body: "{" }), 400, "E7001");
    await expect(app.request("/v1/datasets/none"), 404, "E7103");
    const empty = await post(app, "/v1/datasets", { name: "empty" });
    assert.equal(empty.status, 201);
    assert.equal((await empty.json()).version.counts.total, 0);
    await expect(app.request("/v1/datasets/empty/versions/9.9.9"), 404, "E7104");
    await expect(app.request("/v1/datasets/empty/versions/1.0.0/export?format=csv"), 400, "E7105");
    await expect(app.request("/v1/datasets/empty/versions/1.0.0/export?split=all"), 400, "E7011");
    await expect(
      post(app, "/v1/datasets", { name: "empty", split: { train: 0.7, val: 0.2, test: 0.1 } }),
      400,
      "E7102",
    );
    await expect(app.request("/v1/examples/exec:none"), 404, "E7023");
    await expect(app.request("/v1/examples?minQuality=101"), 400, "E7011");
  } finally {
    await close();
  }
});
