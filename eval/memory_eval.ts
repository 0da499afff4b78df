/**
 * `deno task eval [folder] [--seed=N] [--json[=file]]`: does memory improve with
 * accumulated experience, for each agent shape of the fleet?
 *
 * Every `*.events.jsonl` of the folder (`../shared/data/events` unless told; also
 * `ATLAS_EVAL_DATA`) is a dataset; a file repeating another's trajectories is skipped
 * and said so. All runs are shuffled together (seeded) and replayed through the
 * service's own API in process (embedded log, a fresh libSQL file), as one fleet.
 * Each family holds out 20% of its runs (≥ 1 from 3 runs, ≤ 30), from the end of the
 * shuffled order. After each checkpoint every held-out task asks
 * `GET /v1/strategies?q=<task>&k=3`: a hit when a strategy of its own family is in the
 * top 3.
 *
 * The baseline answers with the 3 most recent trajectories, without reading the
 * question, asked at every moment of the stretch since the previous checkpoint and
 * averaged (a single window per checkpoint is a coin toss): the agent's own 3 most
 * recent runs when its dataset has several families, the fleet's when it has one
 * (its own would be 100% by construction there). Both are printed.
 *
 * Per dataset: the curve, the mean after the first point, the final point and the
 * goal: hit@3 ≥ 0.6 and ≥ 1.5× the baseline at the end, the curve rising (it ends
 * above where it started, within 5% of its best or one question if that is more) and above the
 * baseline on average; and the plan check: every successful run's `planOf` is
 * non-empty and at most 12 steps. When 1.5× a baseline is over 100% (a one-family
 * dataset that is a large share of the fleet) no memory can meet the goal, and the
 * eval says so rather than changing the baseline. Runs in heuristic mode unless
 * ANTHROPIC_API_KEY is set. Exits 1 when a dataset misses the goal or a plan check
 * fails, 2 when the folder holds no usable dataset.
 *
 * @module
 */
import { datasetShape } from "./agent_shape.ts";
import { type Checkpoint, checkpointsFor, curveOf, goalScope } from "./curves.ts";
import { readDatasets } from "./datasets.ts";
import { defaultGoal, hit, judge, verdict } from "./hit_rate.ts";
import { parseOptions } from "./options.ts";
import { checkPlans } from "./plan_check.ts";
import { datasetLines, type DatasetResult, summaryTable } from "./report.ts";
import type { Run } from "./runs.ts";
import { startService } from "./service.ts";
import { split } from "./split.ts";

const topK = 3;
const options = parseOptions(Deno.args, (name) => Deno.env.get(name));
const started = performance.now();

const { datasets, leftOut } = await readDatasets(options.folder);
if (datasets.length === 0) {
  console.error(`no *.events.jsonl with finished trajectories in ${options.folder}`);
  Deno.exit(2);
}
for (const l of leftOut) console.log(`left out of ${l.file}: ${l.count} ${l.reason}`);
const { stream, heldOut } = split(datasets.flatMap((d) => d.runs), options.seed);

const service = await startService(`./data/eval-${Date.now()}`);
const checkpoints: Checkpoint[] = [];
console.log(
  `${datasets.length} datasets (${datasets.map((d) => d.name).join(", ")}): ${stream.length} trajectories replayed, ` +
    `${heldOut.length} held out; seed ${options.seed}; mode: ${service.mode}`,
);
let seen = 0;
for (const checkpoint of checkpointsFor(stream.length)) {
  await service.replay(stream.slice(seen, checkpoint));
  seen = checkpoint;
  await service.waitLearned(seen);
  const answers = [];
  for (const question of heldOut) {
    const families = await service.strategies(question.trajectory.task!.description, topK);
    answers.push({ question, hit: hit(question.family!, families) });
  }
  checkpoints.push({ seen, answers });
  console.log(`seen ${String(seen).padStart(5)}: ${answers.filter((a) => a.hit).length} of ${answers.length} hits`);
}
const memory = await service.memory();
await service.stop();

const results = datasets.map((d): DatasetResult => {
  const families = new Set(d.runs.flatMap((r) => (r.family === null ? [] : [r.family]))).size;
  const scope = goalScope(families);
  const curve = curveOf(d.name, scope, stream, checkpoints);
  const asked = heldOut.filter((r: Run) => r.dataset === d.name).length;
  const result = verdict(curve, Math.max(0.05, asked ? 1 / asked : 0));
  const judgement = judge(curve, defaultGoal);
  const plans = checkPlans(d.runs.map((r) => r.trajectory));
  return {
    name: d.name,
    shape: datasetShape(d.runs.map((r) => r.trajectory)),
    families,
    runs: d.runs.length,
    heldOut: asked,
    replayed: d.runs.length - asked,
    scope,
    curve,
    verdict: result,
    judgement,
    plans,
    passed: asked > 0 && judgement.met && result.holds && plans.ok,
  };
});

for (const r of results) console.log(`\n${datasetLines(r, defaultGoal).join("\n")}`);
console.log(`\nmemory: ${JSON.stringify(memory)}\n`);
console.log(summaryTable(results));
const failed = results.filter((r) => !r.passed).map((r) => r.name);
console.log(
  `\n${failed.length ? `NOT met for ${failed.join(", ")}` : "met for every dataset"} ` +
    `(${((performance.now() - started) / 1000).toFixed(0)} s)`,
);
if (options.json) {
  const json = { folder: options.folder, seed: options.seed, goal: defaultGoal, leftOut, memory, datasets: results };
  try {
    await Deno.writeTextFile(options.json, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`results written to ${options.json}`);
  } catch (error) {
    // `deno task eval` may write under ./data only.
    console.error(`could not write ${options.json}: ${(error as Error).message} (write under ./data)`);
    Deno.exit(1);
  }
}
Deno.exit(failed.length ? 1 : 0);
