/**
 * `POST /v1/events`: every content type of the contract, binary mode, repeats, and
 * each kind of bad input answering its code, with every rejected event kept as a
 * dead letter (`GET /v1/dead-letters`).
 *
 * @module
 */
import assert from "node:assert/strict";
import { AtlasError } from "../errors.ts";
import { createApp } from "../http/app.ts";
import { cloudEvent, postEvents, started, step } from "./support/events.ts";
import { httpRuntime } from "./support/http_runtime.ts";
import { waitFor } from "./support/wait.ts";

const errorOf = async (res: Response) => (await res.json()).error;

Deno.test("POST /v1/events takes each contract content type and binary mode, and counts repeats", async () => {
  const { app, runtime, close } = await httpRuntime();
  try {
    const one = started("t-1");
    const first = await postEvents(app, one, "application/cloudevents+json");
    assert.equal(first.status, 202);
    assert.deepEqual(await first.json(), { accepted: 1, duplicates: 0, rejected: [] });
    const again = await postEvents(app, one, "application/cloudevents+json; charset=utf-8");
    assert.deepEqual(await again.json(), { accepted: 0, duplicates: 1, rejected: [] });

    const single = await postEvents(app, step("t-1", 0, "thought", "search first"), "application/json");
    assert.deepEqual(await single.json(), { accepted: 1, duplicates: 0, rejected: [] });
    const array = [step("t-1", 1, "action", "Search[x]"), step("t-1", 2, "observation", "x is y")];
    const list = await postEvents(app, [...array, array[0]], "application/json");
    assert.deepEqual(await list.json(), { accepted: 2, duplicates: 1, rejected: [] });

    const binary = await postEvents(
      app,
      { trajectoryId: "t-1", index: 3, kind: "action", content: "Finish[SUPPORTS]" },
      "application/json",
      { "ce-specversion": "1.0", "ce-id": "b-1", "ce-source": "agent://binary", "ce-type": "atlas.trajectory.step" },
    );
    assert.equal(binary.status, 202);
    assert.deepEqual(await binary.json(), { accepted: 1, duplicates: 0, rejected: [] });

    await waitFor(async () => (await runtime.trajectories.get("t-1"))?.stepCount === 4, { message: "4 steps of t-1" });
  } finally {
    await close();
  }
});

Deno.test("POST /v1/events refuses bodies it cannot read: E7005 content type, E7001 JSON, E7006 batch", async () => {
  const { app, close } = await httpRuntime();
  try {
    for (const type of ["text/plain", "application/xml", ""]) {
      const res = await postEvents(app, started("t-x"), type);
      assert.equal(res.status, 415, type);
      assert.equal((await errorOf(res)).code, "E7005", type);
    }
    const binaryText = await postEvents(app, "hello", "text/plain", { "ce-specversion": "1.0" });
    assert.equal(binaryText.status, 415);

    for (const type of ["application/cloudevents+json", "application/cloudevents-batch+json", "application/json"]) {
      const res = await postEvents(app, '{"specversion": "1.0", ', type);
      assert.equal(res.status, 400, type);
      assert.equal((await errorOf(res)).code, "E7001", type);
    }
    const binaryJson = await postEvents(app, "{nope", "application/json", { "ce-specversion": "1.0" });
    assert.equal((await errorOf(binaryJson)).code, "E7001");

    for (const [body, type] of [[[], "application/cloudevents-batch+json"], [[], "application/json"]] as const) {
      const res = await postEvents(app, body, type);
      assert.equal(res.status, 400);
      assert.deepEqual(await errorOf(res), { code: "E7006", message: "the batch is empty" });
    }
    const notArray = await postEvents(app, started("t-x"), "application/cloudevents-batch+json");
    assert.equal((await errorOf(notArray)).code, "E7006");
  } finally {
    await close();
  }
});

Deno.test("an invalid event answers 400 with its code, and every rejected event becomes a dead letter", async () => {
  const { app, close } = await httpRuntime();
  try {
    const badData = cloudEvent("atlas.trajectory.step", { trajectoryId: "t-1", index: -1, kind: "thought" });
    const res = await postEvents(app, badData, "application/cloudevents+json");
    assert.equal(res.status, 400);
    const error = await errorOf(res);
    assert.equal(error.code, "E7003");
    assert.ok(error.details.some((d: { path: string }) => d.path === "data.index"));

    const notCloudEvent = await postEvents(app, { id: "1", type: "atlas.trajectory.step" }, "application/json");
    assert.equal((await errorOf(notCloudEvent)).code, "E7002");
    const unknown = cloudEvent("atlas.unheard.of", {});
    assert.equal((await errorOf(await postEvents(app, unknown, "application/cloudevents+json"))).code, "E7004");

    // A mixed batch: the valid events are taken, the others listed by position.
    const mixed = await postEvents(app, [started("t-m"), unknown, step("t-m", 0, "thought", "hm"), badData]);
    assert.equal(mixed.status, 202);
    const answer = await mixed.json();
    assert.equal(answer.accepted, 2);
    assert.equal(answer.duplicates, 0);
    assert.deepEqual(answer.rejected.map((r: { index: number; error: { code: string } }) => [r.index, r.error.code]), [
      [1, "E7004"],
      [3, "E7003"],
    ]);

    // A batch with nothing valid: 400, the first error's code, all of them listed.
    const allBad = await postEvents(app, [unknown, badData]);
    assert.equal(allBad.status, 400);
    const refused = await errorOf(allBad);
    assert.equal(refused.code, "E7004");
    assert.deepEqual(refused.details.rejected.map((r: { index: number }) => r.index), [0, 1]);

    const letters = await (await app.request("/v1/dead-letters")).json();
    assert.deepEqual(letters.items.map((l: { code: string }) => l.code), [
      "E7003",
      "E7004",
      "E7003",
      "E7004",
      "E7004",
      "E7002",
      "E7003",
    ]);
    const newest = letters.items[0];
    assert.deepEqual({ ...newest, id: 0, at: "" }, {
      id: 0,
      at: "",
      origin: "http",
      topic: null,
      partition: null,
      offset: null,
      key: null,
      value: JSON.stringify(badData),
      headers: null,
      code: "E7003",
      reason: refused.details.rejected[1].error.message,
    });
    assert.equal(letters.nextCursor, null);

    const page = await (await app.request("/v1/dead-letters?limit=4")).json();
    assert.equal(page.items.length, 4);
    const rest = await (await app.request(`/v1/dead-letters?limit=4&cursor=${page.nextCursor}`)).json();
    assert.deepEqual([...page.items, ...rest.items], letters.items);
    assert.equal(rest.nextCursor, null);
    assert.equal((await errorOf(await app.request("/v1/dead-letters?cursor=x"))).code, "E7011");
  } finally {
    await close();
  }
});

Deno.test("POST /v1/events answers 503 with Retry-After when the ingest path is down", async () => {
  const { runtime, close } = await httpRuntime();
  try {
    // What the Kafka ingest throws when the broker refuses the produce.
    const down = new AtlasError("E7404", "could not produce to atlas.traces: broker down", { retryable: true });
    const app = createApp({ ...runtime, ingest: () => Promise.reject(down) });
    const res = await postEvents(app, [started("t-1")]);
    assert.equal(res.status, 503);
    assert.equal(res.headers.get("Retry-After"), "1");
    assert.deepEqual(await errorOf(res), { code: "E7404", message: down.message });
  } finally {
    await close();
  }
});
