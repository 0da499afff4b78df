/**
 * What a trace says about its run as a whole: the task, the agent, the outcome and any
 * evaluation. The GenAI conventions name the agent, model and messages; they have no
 * attribute for a task's label or a run's outcome, so those come from `atlas.*`
 * attributes when a producer sets them, and otherwise from what the spans show:
 *
 * | fact | read from, first that holds |
 * | --- | --- |
 * | task description | `atlas.task.description`; the run's first user message; `input.value`; the first chat's first user message |
 * | task id, family, domain | `atlas.task.id`, `atlas.task.family`, `atlas.task.domain` (span, then resource) |
 * | outcome | `atlas.outcome`; the run span's status ERROR → `failure`; else `success` |
 * | score | `atlas.score` (0–1) |
 * | evaluation | `gen_ai.evaluation.result` events: `gen_ai.evaluation.score.value` (0–1 or 0–100) or `.score.label` |
 *
 * @module
 */
import { outcomes } from "../../schemas/mod.ts";
import { textOf, truncate } from "../../schemas/messages/message_steps.ts";
import { parsedJson } from "../../schemas/messages/genai_messages.ts";
import type { Attributes, Span } from "./span.ts";
import { spanMessages } from "./span_messages.ts";
import { number, roleOf, text } from "./span_role.ts";
import { errorText } from "./span_steps.ts";

/** Longest task description kept: tasks are matched and embedded, not stored as logs. */
const maxTask = 4_000;

/** A task from `run` (the agent or root span), else from the earliest chat span that shows one. */
export function taskOf(spans: readonly Span[], run: Span | undefined) {
  const chats = spans.filter((s) => roleOf(s) === "chat").sort((a, b) => a.start - b.start);
  const source = run ?? chats[0];
  if (!source) return undefined;
  const description = text(source.attributes, "atlas.task.description") ?? firstUserText(source) ??
    inputValue(source) ?? chats.map(firstUserText).find(Boolean) ?? (run && run.name);
  if (!description) return undefined;
  const label = (name: string) => text(source.attributes, name) ?? text(source.resource, name);
  const id = label("atlas.task.id");
  const family = label("atlas.task.family");
  const domain = label("atlas.task.domain");
  const agentName = text(source.attributes, "gen_ai.agent.name", "traceloop.entity.name") ??
    text(source.resource, "service.name");
  const model = [source, ...chats].map((s) => text(s.attributes, "gen_ai.request.model", "gen_ai.response.model"))
    .find(Boolean);
  const conversation = text(source.attributes, "gen_ai.conversation.id", "session.id");
  return {
    from: run ? run.spanId : "chat",
    at: source.start,
    data: {
      task: {
        description: truncate(description.trim(), maxTask),
        ...(id && { id }),
        ...(family && { family }),
        ...(domain && { domain }),
      },
      agent: { ...(agentName && { name: agentName }), ...(model && { model }) },
      metadata: {
        otel: {
          service: text(source.resource, "service.name") ?? null,
          scope: source.scope.name || null,
          ...(conversation && { conversationId: conversation }),
        },
      },
    },
  };
}

function firstUserText(span: Span): string | undefined {
  const user = spanMessages(span).input.find((m) => m.role === "user");
  const text = user?.parts.flatMap((p) => (p.type === "text" ? [p.content] : [])).join("\n").trim();
  return text || undefined;
}

/** OpenInference and OpenLLMetry keep a run's input as text or JSON (`{"input": ...}`, `{"args": [...]}`). */
function inputValue(span: Span): string | undefined {
  const raw = parsedJson(span.attributes["input.value"] ?? span.attributes["traceloop.entity.input"]);
  if (raw === undefined) return undefined;
  if (typeof raw === "string") return raw.trim() || undefined;
  const object = raw as Record<string, unknown>;
  const inner = object.input ?? object.query ?? object.question ?? object.task ?? object.prompt;
  return textOf(inner ?? raw).trim() || undefined;
}

/** The run's outcome: said by `atlas.outcome`, else its status. */
export function outcomeOf(run: Span, closer: Span) {
  const said = [run, closer].map((s) => text(s.attributes, "atlas.outcome") ?? text(s.resource, "atlas.outcome"))
    .find((o): o is (typeof outcomes)[number] => (outcomes as readonly string[]).includes(o ?? ""));
  const score = number(run.attributes, "atlas.score");
  const failed = run.status.code === 2 || closer.status.code === 2;
  return {
    outcome: said ?? (failed ? "failure" : "success"),
    ...(score !== undefined && score >= 0 && score <= 1 && { score }),
    reason: failed
      ? errorText(run.status.code === 2 ? run : closer)
      : said
      ? "said by atlas.outcome"
      : "the run's span ended without an error",
  };
}

/** The span's `gen_ai.evaluation.result` events as one evaluation: their mean, each by name. */
export function evaluationOf(span: Span) {
  const dimensions: Record<string, number> = {};
  for (const event of span.events) {
    if (event.name !== "gen_ai.evaluation.result") continue;
    const score = scoreOf(event.attributes);
    if (score === undefined) continue;
    dimensions[text(event.attributes, "gen_ai.evaluation.name") ?? "evaluation"] = score;
  }
  const scores = Object.values(dimensions);
  if (scores.length === 0) return undefined;
  return {
    qualityScore: scores.reduce((a, b) => a + b, 0) / scores.length,
    confidence: 1,
    evaluator: Object.keys(dimensions).join(", "),
    dimensions,
  };
}

const passing = new Set(["pass", "passed", "true", "correct", "success", "yes", "relevant"]);
const failing = new Set(["fail", "failed", "false", "incorrect", "failure", "no", "irrelevant"]);

/** 0–100: a 0–1 value scaled, a 0–100 value as it is, else a pass/fail label. */
function scoreOf(a: Attributes): number | undefined {
  const value = number(a, "gen_ai.evaluation.score.value");
  if (value !== undefined && value >= 0 && value <= 100) return value <= 1 ? value * 100 : value;
  const label = text(a, "gen_ai.evaluation.score.label")?.toLowerCase();
  return label && passing.has(label) ? 100 : label && failing.has(label) ? 0 : undefined;
}
