/**
 * End to end over HTTP with real traces: the 500 FEVER ReAct runs of
 * `shared/data/events` (interleaved, some steps out of order, about 2% sent twice),
 * posted in batches of 500, must end as `fever.expected.json` says.
 *
 * @module
 */
import assert from "node:assert/strict";
import { datasetLines, expectedOf } from "./support/datasets.ts";
import { postEvents } from "./support/events.ts";
import { httpRuntime } from "./support/http_runtime.ts";
import { waitFor } from "./support/wait.ts";

/** A trajectory as `GET /v1/trajectories` lists it (the fields checked here). */
interface Summary {
  id: string;
  state: string;
  stepCount: number;
  outcome: string;
  task: { family: string; description: string };
}

Deno.test("the FEVER runs posted over HTTP end completed, with the expected steps and outcomes", async () => {
  const lines = await datasetLines("fever");
  const expected = await expectedOf("fever");
  const { app, close } = await httpRuntime();
  try {
    const totals = { accepted: 0, duplicates: 0, rejected: 0 };
    for (let start = 0; start < lines.length; start += 500) {
      const res = await postEvents(app, `[${lines.slice(start, start + 500).join(",")}]`);
      assert.equal(res.status, 202);
      const body = await res.json();
      totals.accepted += body.accepted;
      totals.duplicates += body.duplicates;
      totals.rejected += body.rejected.length;
    }
    // 4832 events, 82 of them a repeat of an earlier (source, id).
    assert.deepEqual(totals, { accepted: 4750, duplicates: 82, rejected: 0 });

    const ids = Object.keys(expected);
    await waitFor(async () => {
      const stats = await (await app.request("/v1/stats")).json();
      return stats.trajectories.byState.completed === ids.length;
    }, { timeoutMs: 60_000, message: `${ids.length} completed trajectories` });

    const seen = new Map<string, Summary>();
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: { items: Summary[]; nextCursor: string | null } =
        await (await app.request(`/v1/trajectories?limit=200&cursor=${cursor}`)).json();
      for (const item of page.items) seen.set(item.id, item);
      cursor = page.nextCursor;
    }
    assert.equal(seen.size, ids.length);
    for (const [id, want] of Object.entries(expected)) {
      const got = seen.get(id);
      assert.ok(got, id);
      assert.deepEqual(
        { state: got.state, steps: got.stepCount, outcome: got.outcome, family: got.task.family },
        { state: "completed", steps: want.steps, outcome: want.outcome, family: want.family },
        id,
      );
      assert.equal(got.task.description, want.description, id);
    }

    const one = await (await app.request("/v1/trajectories/fever-3522")).json();
    assert.equal(one.steps.length, expected["fever-3522"]!.steps);
    assert.deepEqual(one.steps.map((s: { index: number }) => s.index), [...one.steps.keys()]);
    assert.equal(one.credit.length, 1);
  } finally {
    await close();
  }
});
