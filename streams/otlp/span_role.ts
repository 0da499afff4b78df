/**
 * What a span is to an agent run, read from the GenAI semantic conventions (current
 * and ≤ v1.36), and from the two conventions most agent frameworks still emit beside
 * them (OpenLLMetry's `traceloop.span.kind`, OpenInference's `openinference.span.kind`):
 *
 * - `agent`: the run itself (`invoke_agent`): the trajectory, its task and outcome;
 * - `chat`: a model call (`chat`, `text_completion`, `generate_content`): its messages;
 * - `tool`: a tool execution (`execute_tool`): a call and its result;
 * - `other`: GenAI work with no step of its own (embeddings, retrieval, agent creation);
 * - `none`: no GenAI meaning (HTTP, database, ...): counted and ignored.
 *
 * Without an operation attribute, a span naming a tool (`gen_ai.tool.name`) is a tool
 * execution and Pydantic AI's `agent run` span the run.
 *
 * @module
 */
import type { Attributes, Span } from "./span.ts";

export type SpanRole = "agent" | "chat" | "tool" | "other" | "none";

const chatOperations = new Set(["chat", "text_completion", "generate_content", "completion"]);

/** The span's role, by the first convention that says. */
export function roleOf(span: Span): SpanRole {
  const a = span.attributes;
  const operation = text(a, "gen_ai.operation.name") ?? operationFromName(span.name);
  if (operation === "invoke_agent") return "agent";
  if (operation === "execute_tool") return "tool";
  if (operation && chatOperations.has(operation)) return "chat";
  const traceloop = text(a, "traceloop.span.kind");
  if (traceloop === "agent" || traceloop === "workflow") return "agent";
  if (traceloop === "tool") return "tool";
  const openinference = text(a, "openinference.span.kind")?.toUpperCase();
  if (openinference === "AGENT") return "agent";
  if (openinference === "LLM") return "chat";
  if (openinference === "TOOL") return "tool";
  const request = text(a, "llm.request.type");
  if (request && chatOperations.has(request)) return "chat";
  // Frameworks that name the run and its tools before the operation attribute (Pydantic AI's
  // default `agent run` and `running tool` spans).
  if (!operation && text(a, "gen_ai.tool.name")) return "tool";
  if (!operation && (span.name === "agent run" || text(a, "agent_name"))) return "agent";
  if (operation || openinference || traceloop || hasGenAiAttribute(a)) return "other";
  return "none";
}

/** `invoke_agent Planner` → `invoke_agent`: the conventions' span names lead with the operation. */
function operationFromName(name: string): string | undefined {
  const head = name.split(" ", 1)[0];
  return head === "invoke_agent" || head === "execute_tool" ? head : undefined;
}

const hasGenAiAttribute = (a: Attributes) => Object.keys(a).some((key) => key.startsWith("gen_ai."));

/** The first of `names` that holds a non-empty string. */
export function text(a: Attributes, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = a[name];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/** The first of `names` that holds a finite number (or a numeric string). */
export function number(a: Attributes, ...names: string[]): number | undefined {
  for (const name of names) {
    const value = a[name];
    const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (typeof n === "number" && Number.isFinite(n)) return n;
  }
  return undefined;
}
