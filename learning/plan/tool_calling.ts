/**
 * Tool-calling agents (a customer-service agent, a data agent, anything traced
 * with OpenTelemetry): the plan is the tools in order, each with its salient
 * arguments: their names, and their values only where they are categorical: a mode
 * (`action=cancel`, part of the step's identity), an enumeration (`reason=no longer
 * needed`) or a flag; never the instance's ids, names or amounts. Calls of one tool in a row are one step with a count, repeated cycles
 * fold, and the plan is compressed to the cap. A SQL query is a call of `sql` with
 * its statement (`select`, `describe`) as its mode; code handed to a tool is that
 * tool's argument.
 *
 * In a conversation (the user speaks more than once), what the agent says to the
 * user is part of the work: the turns between two tool calls are one step, `ask
 * user` or `tell user`. Outside one, the agent's messages are its reasoning.
 * The signature is the tools alone, so the same calls make the same strategy
 * however the conversation around them went.
 *
 * @module
 */
import type { StepBody } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { compress, type Draft, foldCycles } from "./compress.ts";
import { excerpt } from "./excerpt.ts";
import { argumentsOf, inputOf, isAction } from "./step_input.ts";
import { verbOf } from "./text_actions.ts";
import { maxPlanSteps, type Plan, type PlanStep } from "./types.ts";

/** Arguments whose value says which operation the tool performs: part of the step's identity. */
const modeArguments = /^(action|command|mode|operation|op|method|type|kind|subcommand|verb|intent|statement)$/i;
/** Arguments whose value is one of a few (`reason`, `status`, `format`): shown, not part of the identity. */
const enumArguments =
  /(^|_)(reason|status|type|kind|category|format|level|priority|unit|sort|order_by|direction|scope|role|channel|currency|language|lang|style)$/i;
/** A categorical value: a boolean, or a few lowercase words without digits (`cancel`, `no longer needed`). */
const isCategorical = (v: unknown) =>
  typeof v === "boolean" || (typeof v === "string" && /^[a-z][a-z_-]*( [a-z_-]+){0,2}$/.test(v) && v.length <= 24);
/** A SQL statement, by its form (`update x set`, not a sentence that starts with "Update"). */
const sqlQuery =
  /^\s*(select\b[\s\S]*\bfrom\b|select\s+[\d'"(*]|insert\s+into\b|update\s+\S+\s+set\b|delete\s+from\b|(create|drop|alter)\s+(table|index|view|database|schema)\b|show\s+(tables|databases|columns|index|create|full|schemas)\b|(describe|desc)\s+[\w.`"]+\s*;?\s*$|explain\s+\w+|pragma\s+\w+|with\s+\w+\s+as\s*\()/i;

/** The plan of a tool-calling trajectory. */
export function toolCallingPlan(scope: string, trajectory: Trajectory): Plan {
  const conversation = trajectory.steps.filter((s) => s.kind === "message" && s.role === "user").length >= 2;
  const drafts: Draft[] = [];
  /** The agent's turns to the user: each a step, with the messages it sent in it. */
  const turns = new Map<Draft, string[]>();
  let reason: string | undefined;
  for (const step of trajectory.steps) {
    if (step.kind === "thought") reason = step.content;
    else if (step.kind === "message" && step.role === "assistant" && step.content.trim()) {
      const turn = turns.get(drafts.at(-1)!);
      if (!conversation) reason = step.content;
      else if (turn) turn.push(step.content);
      else {
        drafts.push(draft("talk", [], step.content, undefined));
        turns.set(drafts.at(-1)!, [step.content]);
      }
    } else if (isAction(step)) {
      const call = callOf(step);
      drafts.push(draft(call.key, [call.label], call.example, reason));
      reason = undefined;
    }
  }
  // A turn asks if any of its messages asks, and tells otherwise; its last question shows it best.
  for (const [d, messages] of turns) {
    const question = messages.findLast((m) => m.includes("?"));
    d.key = d.verb = question ? "ask user" : "tell user";
    d.example = excerpt(question ?? messages.at(-1)!);
  }
  const steps = compress(drafts, maxPlanSteps).map(toStep);
  const calls = drafts.filter((d) => !turns.has(d)).map((d) => ({ ...d, uses: new Map() }));
  const form = (calls.length ? foldCycles(calls) : drafts).map((d) => d.key).join(">");
  return { shape: "tool-calling", steps, signature: `${scope}|tools:${form}` };
}

interface Call {
  /** The tool and its mode: `get_order_details`, `sql statement=select`. */
  key: string;
  /** The tool with its salient arguments: `cancel_pending_order(order_id, reason=no longer needed)`. */
  label: string;
  example: string;
}

function callOf(step: StepBody): Call {
  const input = inputOf(step);
  const args = argumentsOf(step);
  const name = (step.tool?.name ?? step.code?.language ?? (sqlQuery.test(step.content) ? "sql" : verbOf(step)))
    .toLowerCase();
  const modes = Object.entries(args).filter(([k, v]) => modeArguments.test(k) && isCategorical(v)).map(([k, v]) =>
    `${k}=${v}`
  );
  const statement = sqlOf(step, input, args)?.trim().split(/\s+/)[0]?.toLowerCase();
  if (statement && !modes.some((m) => m.startsWith("statement="))) modes.push(`statement=${statement}`);
  const salient = Object.entries(args).filter(([k]) => !modes.some((m) => m.startsWith(`${k}=`)))
    .map(([k, v]) => typeof v === "boolean" || (enumArguments.test(k) && isCategorical(v)) ? `${k}=${v}` : k);
  // The call as the agent wrote it: its content, else its input as it came (JSON text kept as sent).
  const shown = step.content.trim();
  const raw = step.tool?.input;
  const example = shown.length > name.length
    ? shown
    : `${name}(${typeof raw === "string" ? raw : JSON.stringify(args)})`;
  return {
    key: [name, ...modes].join(" "),
    label: `${name}(${[...modes, ...salient].join(", ")})`,
    example: excerpt(example),
  };
}

/** The SQL a step runs, if it runs any: its code, its text input, a query argument, or its text. */
function sqlOf(step: StepBody, input: unknown, args: Record<string, unknown>): string | undefined {
  const candidates = [
    step.code?.source,
    typeof input === "string" ? input : undefined,
    ...Object.values(args).filter((v): v is string => typeof v === "string"),
    step.tool ? undefined : step.content,
  ];
  return candidates.find((c) => c !== undefined && sqlQuery.test(c));
}

function draft(key: string, uses: string[], example: string, rationale: string | undefined): Draft {
  return {
    key,
    verb: key,
    uses: new Map(uses.map((u) => [u, 1])),
    actions: 1,
    repeats: 1,
    example: excerpt(example),
    rationale: rationale === undefined ? undefined : excerpt(rationale),
  };
}

function toStep(d: Draft): PlanStep {
  return {
    verb: d.verb,
    example: d.example,
    ...(d.rationale !== undefined && { rationale: d.rationale }),
    ...(d.uses.size > 0 && { uses: [...d.uses.keys()] }),
    ...(d.repeats > 1 && { repeats: d.repeats }),
  };
}
