/**
 * Spans → the contract's events. One trace is one trajectory (its id the trace id);
 * its agent span (`invoke_agent`, or the outermost GenAI span) starts it with its task
 * and closes it with its outcome; chat and tool spans give its steps; evaluation events
 * annotate it. Pure: the same spans always give the same events, with ids derived
 * from span ids and message contents, so a re-sent span changes nothing downstream.
 *
 * Each request is mapped on its own. Spans arrive out of order and across requests:
 * steps carry their time as index, and the trajectory closes when its root (or its
 * outermost agent span) has ended, after the pipeline's close grace.
 *
 * @module
 */
import type { Span } from "./span.ts";
import { roleOf, type SpanRole } from "./span_role.ts";
import { agentSteps, chatSteps, type SpanStep, toolSteps } from "./span_steps.ts";
import { evaluationOf, outcomeOf, taskOf } from "./trace_facts.ts";

/** The CloudEvents source of every event made from spans. */
export const otlpSource = "otlp";

/** A CloudEvent made from spans, not yet validated. */
export interface SpanEvent {
  specversion: "1.0";
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: "application/json";
  data: Record<string, unknown>;
}

export interface MappedSpans {
  events: SpanEvent[];
  /** Spans that gave the trajectory something. */
  mapped: number;
  /** Spans with no GenAI meaning, or none a trajectory can use (embeddings, ...). */
  ignored: number;
}

const contentRoles = new Set<SpanRole>(["agent", "chat", "tool"]);

/** The events of a request's spans, in an order that keeps each message's earliest sighting first. */
export function traceEvents(spans: readonly Span[]): MappedSpans {
  const byTrace = new Map<string, { span: Span; role: SpanRole }[]>();
  for (const span of spans) {
    const list = byTrace.get(span.traceId) ?? [];
    list.push({ span, role: roleOf(span) });
    byTrace.set(span.traceId, list);
  }
  const result: MappedSpans = { events: [], mapped: 0, ignored: 0 };
  for (const [traceId, list] of byTrace) {
    if (!list.some((s) => contentRoles.has(s.role))) {
      result.ignored += list.length;
      continue;
    }
    const events = trajectoryEvents(traceId, list);
    result.events.push(...events.events);
    result.mapped += events.mapped;
    result.ignored += list.length - events.mapped;
  }
  return result;
}

function trajectoryEvents(trajectoryId: string, list: { span: Span; role: SpanRole }[]) {
  // Earliest end first: a message is first seen on the earliest span that carries it.
  list.sort((a, b) => a.span.end - b.span.end || a.span.start - b.span.start);
  const genAi = new Set(list.filter((s) => s.role !== "none").map((s) => s.span.spanId));
  const agents = list.filter((s) => s.role === "agent").map((s) => s.span);
  // The run: an agent span not inside another GenAI span of this request.
  const outer = agents.filter((a) => !a.parentSpanId || !genAi.has(a.parentSpanId))
    .sort((a, b) => a.start - b.start)[0];
  const root = list.find((s) => s.span.parentSpanId === null)?.span;

  const events: SpanEvent[] = [];
  const seen = new Set<string>();
  const emit = (key: string, type: string, micros: number, data: Record<string, unknown>) => {
    if (seen.has(key)) return;
    seen.add(key);
    events.push({
      specversion: "1.0",
      id: `${trajectoryId}/${key}`,
      source: otlpSource,
      type,
      time: new Date(Math.floor(micros / 1000)).toISOString(),
      datacontenttype: "application/json",
      data: { trajectoryId, ...data },
    });
  };

  const task = taskOf(list.map((s) => s.span), outer ?? root);
  if (task) emit(`started/${task.from}`, "atlas.trajectory.started", task.at, task.data);

  const toolNames = new Map<string, string>();
  const taken = new Set<number>();
  let inputSeen = 0;
  let mapped = 0;
  for (const { span, role } of list) {
    let steps: SpanStep[] = [];
    if (role === "chat") {
      const chat = chatSteps(span, inputSeen, toolNames);
      inputSeen = Math.max(inputSeen, chat.inputLength);
      steps = chat.steps;
    } else if (role === "tool") steps = toolSteps(span);
    else if (role === "agent") steps = agentSteps(span, toolNames);
    if (role === "agent" || role === "chat" || role === "tool") mapped++;
    for (const { key, at, step } of steps) {
      if (seen.has(key)) continue;
      emit(key, "atlas.trajectory.step", at, { ...step, index: freeIndex(at, taken) });
    }
    const evaluation = evaluationOf(span);
    if (evaluation) emit(`evaluation/${span.spanId}`, "atlas.evaluation.completed", span.end, evaluation);
  }

  // Closed by the trace's root when this request has it, else by the run's agent span.
  const closer = root ?? outer;
  if (closer) {
    const outcome = outcomeOf(outer ?? closer, closer);
    emit("completed", "atlas.trajectory.completed", closer.end, outcome);
    if (closer === root && root && roleOf(root) === "none") mapped++;
  }
  return { events, mapped };
}

/** `at`, or the next index no step of this request holds: two steps never share one. */
function freeIndex(at: number, taken: Set<number>): number {
  let index = Math.max(0, Math.floor(at));
  while (taken.has(index)) index++;
  taken.add(index);
  return index;
}
