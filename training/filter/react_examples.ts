/**
 * For tests: the ReAct FEVER and WebShop runs of `shared/data` (beside the repo) as
 * training examples, built the way the extractor would: the claim or instruction as
 * input, the steps as "Thought / Action / Observation" lines as output, the reward as
 * quality, tokens estimated as characters / 4.
 *
 * @module
 */
import { exampleSchemaVersion, type TrainingExample } from "../example.ts";

const data = new URL("../../../shared/data/", import.meta.url);
const files = {
  fever: new URL("react-fever/fever_react_500.jsonl", data),
  webshop: new URL("react-webshop/webshop_react_500.jsonl", data),
};

interface Run {
  task_id: string | number;
  claim?: string;
  instruction?: string;
  steps: { thought?: string; action: string; observation: string }[];
  reward: number;
}

/** Whether the runs are there (they sit beside the repo in CI, not inside it). */
export function reactRunsPresent(): boolean {
  try {
    return Object.values(files).every((file) => Deno.statSync(file).isFile);
  } catch {
    return false;
  }
}

/** The 500 FEVER and 500 WebShop runs as training examples, FEVER first. */
export async function loadReactExamples(): Promise<TrainingExample[]> {
  const read = async (file: URL) =>
    (await Deno.readTextFile(file)).split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line) as Run);
  return [
    ...(await read(files.fever)).map((run) => toExample(run, "fever", "fact-verification", run.claim ?? "")),
    ...(await read(files.webshop)).map((run) => toExample(run, "webshop", "web-shopping", run.instruction ?? "")),
  ];
}

const failedObservation = /^\s*(Invalid action|Could not find|No more results)/;

function toExample(run: Run, family: string, domain: string, input: string): TrainingExample {
  const output = run.steps.map((step) =>
    [
      ...(step.thought === undefined ? [] : [`Thought: ${step.thought}`]),
      `Action: ${step.action}`,
      `Observation: ${step.observation}`,
    ].join("\n")
  ).join("\n");
  const tokens = { input: Math.ceil(input.length / 4), output: Math.ceil(output.length / 4) };
  const steps = run.steps.length;
  const score = Math.min(1, steps / 10);
  const id = `exec:${family}-${run.task_id}`;
  return {
    id,
    source: "trajectory",
    taskKey: `${family}:${run.task_id}`,
    input,
    output,
    plan: null,
    qualityScore: run.reward * 100,
    confidence: 1,
    domain,
    difficulty: {
      score,
      level: score < 0.34 ? "easy" : score < 0.67 ? "medium" : "hard",
      steps,
      tools: new Set(run.steps.map((step) => step.action.split("[")[0])).size,
      tokens: tokens.input + tokens.output,
      errors: run.steps.filter((step) => failedObservation.test(step.observation)).length,
    },
    tokens,
    lineage: { key: id, events: [], missing: [] },
    schemaVersion: exampleSchemaVersion,
    extractedAt: 0,
  };
}
