/**
 * `errorSignals`: the failed steps of one trajectory, each with the action it answered
 * and, in a run that went well, the step that got past it.
 *
 * A step failed when it says so (`status: "error"` or an `error`), or when it is an
 * answer (observation, tool result, tool message) whose text carries an error marker
 * (see markers.ts). `status: "ok"` is believed over the text.
 *
 * An answer belongs to the action before it: actions queue up, each answer takes the
 * oldest waiting one (the first with its tool's name, when it has one), and a thought
 * or message in between empties the queue, because an answer after a thought answers
 * the thought (WebShop's `OK.`). An action that failed and whose answer failed too is
 * one failure, reported at the answer, which says what went wrong.
 *
 * The recovery is the first later action that did not fail and whose answer did not
 * fail either (soft failures count: a lookup that found nothing got past nothing). It is
 * only kept when the run ended well, `success` or `partial` with a score of at least
 * `recoveryMinScore`: in a failed run, what came next did not fix anything.
 *
 * @module
 */
import type { StepBody } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import type { ErrorOccurrence } from "./cluster.ts";
import { errorMarker, type Strength } from "./markers.ts";
import { normaliseError } from "./normalise.ts";

/** One failed step. */
export interface ErrorSignal {
  /** The failing step. */
  index: number;
  /** The action it answered; the step itself when the action failed on its own. */
  actionIndex?: number;
  /** The error text, trimmed and cut to `maxTextChars`. */
  text: string;
  /** `normaliseError(text)`. */
  template: string;
  strength: Strength;
  /** `explicit` when the step said it failed, else the name of the marker its text carries. */
  marker: string;
  /** The action that got past the error, in a run that went well. */
  recovery?: { index: number; content: string };
}

export interface DetectOptions {
  /** Include soft signals (an action that ran and found nothing). @default true */
  soft?: boolean;
  /** Characters of error text kept. @default 400 */
  maxTextChars?: number;
  /** The least score of a `partial` run whose recoveries count as fixes. @default 0.5 */
  recoveryMinScore?: number;
}

interface Failure {
  text: string;
  strength: Strength;
  marker: string;
}

const isAction = (s: StepBody) => s.kind === "action" || s.kind === "tool_call";
const isAnswer = (s: StepBody) =>
  s.kind === "observation" || s.kind === "tool_result" || (s.kind === "message" && s.role === "tool");

/** The failed steps of a trajectory, in step order. */
export function errorSignals(trajectory: Trajectory, options: DetectOptions = {}): ErrorSignal[] {
  const { steps, outcome, score } = trajectory;
  const max = options.maxTextChars ?? 400;
  const failures = steps.map(failureOf);
  const { actionOf, answerOf } = pairAnswers(steps);
  const succeeded = (p: number) => {
    const answer = answerOf.get(p);
    return isAction(steps[p]!) && !failures[p] && (answer === undefined || !failures[answer]);
  };
  const recovers = outcome === "success" ||
    (outcome === "partial" && (score ?? 0) >= (options.recoveryMinScore ?? 0.5));
  // nextSuccess[p]: the first action at position >= p that got through, computed backwards.
  const nextSuccess = new Array<number | undefined>(steps.length + 1);
  for (let p = steps.length - 1; p >= 0; p--) nextSuccess[p] = succeeded(p) ? p : nextSuccess[p + 1];

  const reported = (f: Failure | null | undefined): f is Failure =>
    !!f && !(f.strength === "soft" && options.soft === false);
  const signals: ErrorSignal[] = [];
  failures.forEach((failure, p) => {
    if (!reported(failure)) return;
    const answer = answerOf.get(p);
    if (answer !== undefined && reported(failures[answer])) return; // one failure, told by the answer
    const step = steps[p]!;
    const text = cut(failure.text, max);
    const signal: ErrorSignal = {
      index: step.index,
      text,
      template: normaliseError(text),
      strength: failure.strength,
      marker: failure.marker,
    };
    const action = isAction(step) ? p : actionOf.get(p);
    if (action !== undefined) signal.actionIndex = steps[action]!.index;
    const fix = recovers ? nextSuccess[p + 1] : undefined;
    if (fix !== undefined) signal.recovery = { index: steps[fix]!.index, content: actionText(steps[fix]!) };
    signals.push(signal);
  });
  return signals;
}

/** The trajectory's failed steps as clustering input. */
export function errorOccurrences(trajectory: Trajectory, options: DetectOptions = {}): ErrorOccurrence[] {
  const byIndex = new Map(trajectory.steps.map((s) => [s.index, s]));
  return errorSignals(trajectory, options).map((s) => {
    const action = s.actionIndex === undefined ? undefined : byIndex.get(s.actionIndex);
    return {
      trajectoryId: trajectory.id,
      family: trajectory.task?.family ?? null,
      index: s.index,
      text: s.text,
      template: s.template,
      recovery: s.recovery?.content ?? null,
      action: action ? actionText(action) : null,
    };
  });
}

function failureOf(step: StepBody): Failure | null {
  if (step.status === "error" || step.error !== undefined) {
    const said = typeof step.error === "string" ? step.error : step.error?.message;
    const text = said?.trim() || step.content.trim() || `${step.kind} failed`;
    return { text, strength: "hard", marker: "explicit" };
  }
  if (step.status === "ok" || !isAnswer(step)) return null;
  const output = step.tool?.output;
  const text = step.content.trim() || (typeof output === "string" ? output.trim() : "");
  const marker = errorMarker(text);
  return marker ? { text, strength: marker.strength, marker: marker.name } : null;
}

/** Which action each answer answers, and back, by position in `steps`. */
function pairAnswers(steps: readonly StepBody[]) {
  const actionOf = new Map<number, number>();
  const answerOf = new Map<number, number>();
  let waiting: number[] = [];
  steps.forEach((step, p) => {
    if (isAction(step)) waiting.push(p);
    else if (isAnswer(step)) {
      const name = step.tool?.name;
      const k = Math.max(0, name === undefined ? 0 : waiting.findIndex((q) => steps[q]!.tool?.name === name));
      const [action] = waiting.splice(k, 1);
      if (action !== undefined) {
        actionOf.set(p, action);
        answerOf.set(action, p);
      }
    } else waiting = [];
  });
  return { actionOf, answerOf };
}

/** What an action did, as text: its content, or its tool call when it has none. */
export function actionText(step: StepBody): string {
  const content = step.content.trim();
  if (content || !step.tool) return content;
  return `${step.tool.name}(${JSON.stringify(step.tool.input ?? null)})`;
}

/** At most `max` characters, never splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return text.slice(0, end).trimEnd();
}
