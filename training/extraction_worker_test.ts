/**
 * The join over a real libSQL file: parts stored the way a micro-batch stores them
 * (the triggers keep the joins), decided by the worker under a manual clock. Parts
 * arrive in any order, late, twice, or never.
 *
 * @module
 */
import assert from "node:assert/strict";
import { ManualClock } from "../clock.ts";
import { silentLogger } from "../log.ts";
import { Registry } from "../metrics/registry.ts";
import { type Database, openDatabase } from "../store/database.ts";
import { DeadLetters } from "../store/dead_letters.ts";
import { TrainingExamples } from "../store/training_examples.ts";
import { TrainingJoins } from "../store/training_joins.ts";
import { Trajectories } from "../store/trajectories.ts";
import { upstreamStatements, type UpstreamWrite } from "../store/upstream.ts";
import type { StepBody } from "../schemas/mod.ts";
import { ExtractionWorker } from "./extraction_worker.ts";

const waitMs = 60_000;

interface Harness {
  db: Database;
  clock: ManualClock;
  worker: ExtractionWorker;
  examples: TrainingExamples;
  joins: TrainingJoins;
  deadLetters: DeadLetters;
  send(type: string, executionId: string, data: Record<string, unknown>, id?: string): Promise<void>;
  close(): Promise<void>;
}

async function harness(): Promise<Harness> {
  const dir = await Deno.makeTempDir({ prefix: "atlas-join-" });
  const db = await openDatabase(`file:${dir}/atlas.db`);
  const clock = new ManualClock(1_000_000);
  const examples = new TrainingExamples(db);
  const joins = new TrainingJoins(db);
  const deadLetters = new DeadLetters(db);
  const trajectories = new Trajectories(db);
  const worker = new ExtractionWorker({
    db,
    joins,
    examples,
    deadLetters,
    loadTrajectory: (id) => trajectories.load(id),
    clock,
    log: silentLogger,
    settings: { waitMs, outcomeConfidence: 0.5, batchSize: 2, intervalMs: 1_000 },
    metrics: { decided: new Registry().counter("decided", "decided") },
  });
  let n = 0;
  return {
    db,
    clock,
    worker,
    examples,
    joins,
    deadLetters,
    async send(type, executionId, data, id = `e-${++n}`) {
      const write: UpstreamWrite = { source: "test", id, type, executionId, data: { executionId, ...data } };
      await db.write(upstreamStatements({ evaluations: [], upstream: [write] }, clock.now()));
    },
    async close() {
      await worker.stop();
      db.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

const execution = { input: "Is Paramore from Tennessee?", output: "Search[Paramore] → Franklin, Tennessee. SUPPORTS" };
const planning = { input: execution.input, output: "Search the band, then read where it formed." };
const evaluation = { input: execution.input, output: execution.output, quality_score: 92, confidence: 0.9 };

Deno.test("a join with every part emits at once, whatever the order the parts came in", async () => {
  const h = await harness();
  try {
    await h.send("evaluation.completed", "x-1", evaluation);
    h.clock.advance(10);
    await h.send("planning.completed", "x-1", planning);
    assert.equal((await h.worker.drain()).decided, 0, "two of three parts: it waits");
    h.clock.advance(10);
    await h.send("execution.completed", "x-1", execution);
    const round = await h.worker.drain();
    assert.equal(round.emitted, 1);
    const example = await h.examples.get("exec:x-1");
    assert.ok(example);
    assert.equal(example.input, execution.input);
    assert.equal(example.output, execution.output);
    assert.equal(example.plan, planning.output);
    assert.equal(example.qualityScore, 92);
    assert.equal(example.confidence, 0.9);
    assert.deepEqual(example.lineage.missing, []);
    assert.deepEqual(example.lineage.events.map((e) => e.type), [
      "evaluation.completed",
      "planning.completed",
      "execution.completed",
    ]);
    assert.equal(example.source, "upstream");
    assert.ok(example.tokens.input > 0 && example.tokens.output > 0);
  } finally {
    await h.close();
  }
});

Deno.test("a join missing a part waits its time, then emits what it has and names what is missing", async () => {
  const h = await harness();
  try {
    await h.send("execution.completed", "x-2", execution);
    await h.send("evaluation.completed", "x-2", evaluation);
    h.clock.advance(waitMs - 1);
    assert.equal((await h.worker.drain()).decided, 0, "not yet");
    h.clock.advance(1);
    assert.equal((await h.worker.drain()).emitted, 1);
    const example = await h.examples.get("exec:x-2");
    assert.deepEqual(example?.lineage.missing, ["planning.completed"]);
    assert.equal(example?.plan, null);
  } finally {
    await h.close();
  }
});

Deno.test("a join that never gets its evaluation is dead-lettered with the reason, once", async () => {
  const h = await harness();
  try {
    await h.send("execution.completed", "x-3", execution);
    await h.send("planning.completed", "x-3", planning);
    h.clock.advance(waitMs);
    const round = await h.worker.drain();
    assert.deepEqual({ dead: round.dead, emitted: round.emitted }, { dead: 1, emitted: 0 });
    assert.equal(await h.examples.get("exec:x-3"), undefined);
    const letters = await h.deadLetters.list(10);
    assert.equal(letters.length, 1);
    assert.equal(letters[0]!.code, "E7020");
    assert.equal(letters[0]!.origin, "extraction");
    assert.equal(letters[0]!.key, "exec:x-3");
    assert.match(letters[0]!.reason, /no evaluation\.completed within 60 s/);
    assert.equal((await h.worker.drain()).decided, 0, "decided once");
    const [join] = await h.joins.list({ status: "dead", limit: 10 });
    assert.equal(join?.code, "E7020");
  } finally {
    await h.close();
  }
});

Deno.test("a late part re-opens an emitted join and the example takes it in; a repeat changes nothing", async () => {
  const h = await harness();
  try {
    await h.send("execution.completed", "x-4", execution);
    await h.send("evaluation.completed", "x-4", evaluation);
    h.clock.advance(waitMs);
    await h.worker.drain();
    const before = await h.examples.get("exec:x-4");
    assert.deepEqual(before?.lineage.missing, ["planning.completed"]);

    h.clock.advance(5_000);
    await h.send("planning.completed", "x-4", planning, "late-plan");
    assert.equal((await h.worker.drain()).emitted, 1);
    const after = await h.examples.get("exec:x-4");
    assert.equal(after?.plan, planning.output);
    assert.deepEqual(after?.lineage.missing, []);

    // The same event again (same source and id) is not stored again; nothing is decided.
    await h.send("planning.completed", "x-4", planning, "late-plan");
    assert.equal((await h.worker.drain()).decided, 0);
    // A re-evaluation is a new event: the last one counts, both are in the lineage.
    await h.send("evaluation.completed", "x-4", { ...evaluation, quality_score: 40 });
    await h.worker.drain();
    const reevaluated = await h.examples.get("exec:x-4");
    assert.equal(reevaluated?.qualityScore, 40);
    assert.equal(reevaluated?.lineage.events.filter((e) => e.type === "evaluation.completed").length, 2);
    assert.equal(await h.examples.watermark(), 3, "three versions of the example, three changes");
  } finally {
    await h.close();
  }
});

Deno.test("a part arriving while its join is decided keeps the join pending", async () => {
  const h = await harness();
  try {
    await h.send("execution.completed", "x-5", execution);
    await h.send("evaluation.completed", "x-5", evaluation);
    h.clock.advance(waitMs);
    const [ready] = await h.joins.ready(h.clock.now(), waitMs, 10);
    await h.send("planning.completed", "x-5", planning);
    await h.db.write(h.joins.decide([{ ...ready!, status: "emitted", code: null, reason: null }], h.clock.now()));
    const [join] = await h.joins.list({ limit: 10 });
    assert.equal(join?.pending, true);
  } finally {
    await h.close();
  }
});

Deno.test("micro-batches: more ready joins than a batch holds are all decided by one drain", async () => {
  const h = await harness();
  try {
    for (let i = 0; i < 5; i++) {
      await h.send("execution.completed", `m-${i}`, execution);
      await h.send("planning.completed", `m-${i}`, planning);
      await h.send("evaluation.completed", `m-${i}`, { ...evaluation, input: `${execution.input} ${i}` });
    }
    const round = await h.worker.drain();
    assert.deepEqual({ decided: round.decided, emitted: round.emitted }, { decided: 5, emitted: 5 });
    assert.equal((await h.examples.counts()).total, 5);
  } finally {
    await h.close();
  }
});

const steps: StepBody[] = [
  { index: 0, kind: "thought", content: "I need to search Paramore." },
  { index: 1, kind: "action", content: "Search[Paramore]", tool: { name: "Search", input: "Paramore" } },
  { index: 2, kind: "observation", content: "Paramore is an American rock band from Franklin, Tennessee." },
  { index: 3, kind: "action", content: "Finish[REFUTES]", tool: { name: "Finish", input: "REFUTES" } },
];

async function closeTrajectory(h: Harness, id: string, outcome: string, state = "completed"): Promise<void> {
  const trajectories = new Trajectories(h.db);
  const snapshot = {
    context: {
      task: { description: "Paramore is not from Tennessee.", id: "3687", family: "fact-verification" },
      outcome,
      score: null,
    },
  };
  const row = {
    id,
    state: "analyzing",
    outcome,
    family: "fact-verification",
    stepCount: steps.length,
    lateEvents: 0,
    partition: 0,
    deadline: null,
    snapshot,
  };
  const stepWrites = steps.map((step) => ({
    trajectoryId: id,
    step,
    body: JSON.stringify(step),
    source: "agent",
    id: `${id}-s${step.index}`,
  }));
  await h.db.write(trajectories.statements({ trajectories: [row], steps: stepWrites, late: [] }, h.clock.now()));
  await h.db.write(trajectories.statements({ trajectories: [{ ...row, state }], steps: [], late: [] }, h.clock.now()));
}

async function evaluate(h: Harness, trajectoryId: string, qualityScore: number, id: string): Promise<void> {
  await h.db.write(upstreamStatements({
    evaluations: [{ source: "judge", id, trajectoryId, qualityScore, confidence: 0.8, data: {} }],
    upstream: [],
  }, h.clock.now()));
}

Deno.test("a closed trajectory joins its atlas.evaluation.completed, before or after it closed", async () => {
  const h = await harness();
  try {
    await evaluate(h, "fever-1", 88, "ev-1");
    assert.equal((await h.worker.drain()).decided, 0, "evaluated, not closed: waits");
    await closeTrajectory(h, "fever-1", "success");
    await closeTrajectory(h, "fever-2", "failure");
    await evaluate(h, "fever-2", 12, "ev-2");
    assert.equal((await h.worker.drain()).emitted, 2);
    const first = await h.examples.get("traj:fever-1");
    assert.equal(first?.qualityScore, 88);
    assert.equal(first?.confidence, 0.8);
    assert.equal(first?.source, "trajectory");
    assert.equal(first?.input, "Paramore is not from Tennessee.");
    assert.match(first!.output, /Search\[Paramore\]/);
    assert.equal(first?.taskKey, "task:fact-verification|3687");
    assert.equal(first?.lineage.events.length, steps.length + 1);
    assert.equal((await h.examples.get("traj:fever-2"))?.qualityScore, 12);
  } finally {
    await h.close();
  }
});

Deno.test("an L06 event for a trajectory's id annotates the trajectory instead of making an example of its own", async () => {
  const h = await harness();
  try {
    await closeTrajectory(h, "fever-9", "success");
    await h.send("evaluation.completed", "fever-9", evaluation);
    assert.equal((await h.worker.drain()).emitted, 1);
    h.clock.advance(waitMs);
    assert.equal((await h.worker.drain()).skipped, 1, "its execution join, once it has waited");
    assert.equal((await h.examples.get("traj:fever-9"))?.qualityScore, 92);
    assert.equal(await h.examples.get("exec:fever-9"), undefined);
  } finally {
    await h.close();
  }
});

Deno.test("without an evaluation a trajectory falls back to its own outcome, an aborted one is dead-lettered", async () => {
  const h = await harness();
  try {
    await closeTrajectory(h, "fever-5", "success");
    await closeTrajectory(h, "fever-6", "aborted", "aborted");
    assert.equal((await h.worker.drain()).decided, 0);
    h.clock.advance(waitMs);
    const round = await h.worker.drain();
    assert.deepEqual({ emitted: round.emitted, dead: round.dead }, { emitted: 1, dead: 1 });
    const own = await h.examples.get("traj:fever-5");
    assert.deepEqual([own?.qualityScore, own?.confidence], [100, 0.5]);
    assert.deepEqual(own?.lineage.missing, ["atlas.evaluation.completed"]);
    const [letter] = await h.deadLetters.list(1);
    assert.equal(letter?.code, "E7022");
  } finally {
    await h.close();
  }
});
