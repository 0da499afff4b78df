/**
 * Upstream events (CONTRACT section 4) made from the real ReAct runs of
 * `shared/data`: for each FEVER and WebShop run, the `planning.completed` (L05),
 * `execution.completed` (L02) and `evaluation.completed` (L06) an upstream stack would
 * have sent about it, so the training join is tested and measured on real inputs,
 * outputs and grades rather than invented ones. Event ids derive from the execution
 * id and the type, so generating again gives identical events (and a re-send is a
 * duplicate, as in production).
 *
 * @module
 */
import { stableId } from "../../learning/stable_id.ts";
import { actionVerb, distinctTools } from "../../training/extract/tools.ts";

const data = new URL("../../../shared/data/", import.meta.url);

/** A FEVER run as `react-fever/*.jsonl` logs it (fields used here). */
export interface FeverRun {
  task_id: number;
  claim: string;
  steps: { step: number; thought: string; action: string; observation: string }[];
  answer: string;
  gt_answer: string;
  reward: number;
  success: boolean;
}

/** A WebShop run as `react-webshop/*.jsonl` logs it (fields used here). */
export interface WebShopRun {
  task_id: string;
  instruction: string;
  steps: { action: string; observation: string }[];
  reward: number;
  success: boolean;
}

/** A Voyager skill: `voyager-skill-library/trial<n>_skills.json` is `{ name: { code, description } }`. */
export interface VoyagerSkill {
  trial: number;
  name: string;
  code: string;
  description: string;
}

/** The 500 FEVER and 500 WebShop runs, in file order. */
export async function readRuns(): Promise<{ fever: FeverRun[]; webshop: WebShopRun[] }> {
  const [fever, webshop] = await Promise.all([
    jsonLines<FeverRun>("react-fever/fever_react_500.jsonl"),
    jsonLines<WebShopRun>("react-webshop/webshop_react_500.jsonl"),
  ]);
  return { fever, webshop };
}

/** The 158 skills of Voyager's three trials. */
export async function readVoyagerSkills(): Promise<VoyagerSkill[]> {
  const trials = await Promise.all([1, 2, 3].map(async (trial) => {
    const text = await Deno.readTextFile(new URL(`voyager-skill-library/trial${trial}_skills.json`, data));
    const skills: Record<string, { code: string; description: string }> = JSON.parse(text);
    return Object.entries(skills).map(([name, skill]) => ({ trial, name, ...skill }));
  }));
  return trials.flat();
}

export type UpstreamType = "planning.completed" | "execution.completed" | "evaluation.completed";

export interface UpstreamEvent {
  specversion: "1.0";
  id: string;
  source: string;
  type: UpstreamType;
  datacontenttype: "application/json";
  data: Record<string, unknown>;
}

/** What the three events of one run say. */
export interface UpstreamRun {
  executionId: string;
  input: string;
  /** The run's transcript: actions and observations (and FEVER's answer). */
  output: string;
  /** What the agent set out to do, as L05 would have reported it. */
  plan: string;
  tools: string[];
  /** 0–100: the environment's reward × 100. */
  qualityScore: number;
  /** FEVER's reward is an exact match against the gold label (1); WebShop's a partial attribute match (0.9). */
  confidence: number;
}

export interface UpstreamOptions {
  /** Runs taken from each of FEVER and WebShop, first ones first. @default all (500 each) */
  limit?: number | undefined;
  /** The events' `source`. @default "agent://react-upstream" */
  source?: string | undefined;
  /** Put before every execution id (`<prefix>fever-3687`), to keep test runs apart. @default "" */
  idPrefix?: string | undefined;
}

/** The FEVER then the WebShop runs as upstream runs. */
export async function upstreamRuns(options: UpstreamOptions = {}): Promise<UpstreamRun[]> {
  const { fever, webshop } = await readRuns();
  const limit = options.limit ?? Infinity;
  const prefix = options.idPrefix ?? "";
  return [
    ...fever.slice(0, limit).map((run) => feverRun(run, prefix)),
    ...webshop.slice(0, limit).map((run) => webShopRun(run, prefix)),
  ];
}

/**
 * Per run, in the order the layers finish: `planning.completed`, `execution.completed`,
 * `evaluation.completed`; FEVER's runs first, then WebShop's (3,000 events for all).
 */
export async function upstreamEventsFromRuns(options: UpstreamOptions = {}): Promise<UpstreamEvent[]> {
  const source = options.source ?? "agent://react-upstream";
  return (await upstreamRuns(options)).flatMap((run) => eventsOf(run, source));
}

/** One run's three events, in the order the layers finish. */
export function eventsOf(run: UpstreamRun, source = "agent://react-upstream"): UpstreamEvent[] {
  const { executionId, input, output } = run;
  const event = (type: UpstreamType, data: Record<string, unknown>): UpstreamEvent => ({
    specversion: "1.0",
    id: stableId("ev", executionId, type),
    source,
    type,
    datacontenttype: "application/json",
    data,
  });
  return [
    event("planning.completed", { executionId, input, output: run.plan }),
    event("execution.completed", { executionId, input, output, tools: run.tools }),
    event("evaluation.completed", {
      executionId,
      input,
      output,
      quality_score: run.qualityScore,
      confidence: run.confidence,
      evaluator: "env",
    }),
  ];
}

function feverRun(run: FeverRun, prefix: string): UpstreamRun {
  const transcript = run.steps.flatMap((s) => exchange(s.action, s.observation));
  return {
    executionId: `${prefix}fever-${run.task_id}`,
    input: run.claim,
    output: [...transcript, ...(run.answer ? [`Answer: ${run.answer}`] : [])].join("\n"),
    plan: run.steps[0]?.thought || verbPlan(run.steps.map((s) => s.action)),
    tools: distinctTools(run.steps.map((s) => actionVerb(s.action))),
    qualityScore: percent(run.reward),
    confidence: 1,
  };
}

function webShopRun(run: WebShopRun, prefix: string): UpstreamRun {
  const thoughts = run.steps.flatMap((s) => /^think\[([\s\S]*?)\]?$/.exec(s.action)?.[1] ?? []);
  return {
    executionId: `${prefix}webshop-${run.task_id}`,
    input: run.instruction,
    output: run.steps.flatMap((s) => exchange(s.action, s.observation)).join("\n"),
    plan: thoughts.length ? thoughts.join("\n") : verbPlan(run.steps.map((s) => s.action)),
    tools: distinctTools(run.steps.map((s) => actionVerb(s.action))),
    qualityScore: percent(run.reward),
    confidence: 0.9,
  };
}

/**
 * One action and what came back. The environment's closing grade ("Episode finished,
 * reward = 1", "Your score (min 0.0, max 1.0): 0.5") is left out: it is L06's quality
 * score, and in the output a model learns from it would teach the model to grade itself.
 */
function exchange(action: string, observation: string): string[] {
  const grade = /^\s*(Episode finished, reward =|Your score \(min)/.test(observation);
  return [`Action: ${action}`, ...(grade ? [] : [`Observation: ${observation}`])];
}

/** A plan from the action verbs alone, repeats collapsed: `Plan: search → click`. */
function verbPlan(actions: readonly string[]): string {
  const verbs = actions.map((a) => actionVerb(a) ?? a.trim().split(/\s+/)[0] ?? "").filter((v) => v);
  return `Plan: ${verbs.filter((v, i) => v !== verbs[i - 1]).join(" → ")}`;
}

/** reward × 100 without float noise (0.666667 → 66.6667). */
const percent = (reward: number) => Math.round(reward * 1_000_000) / 10_000;

async function jsonLines<T>(path: string): Promise<T[]> {
  const text = await Deno.readTextFile(new URL(path, data));
  return text.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line) as T);
}
