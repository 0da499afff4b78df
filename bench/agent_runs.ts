/**
 * Real runs (the contract's events in `../shared/data/events`) as the declarative agent
 * runs the OpenTelemetry harness traces: each action or tool call a tool call with the
 * observation or result that answered it, the thought before it as the model's text,
 * the last thing the agent said (or its last action) as its answer, and the outcome.
 *
 * @module
 */
import type { AgentRun, AgentToolCall } from "../tests/support/otel_agent.ts";

interface Step {
  index: number;
  kind: string;
  role?: string;
  content: string;
  tool?: { name: string; input?: unknown };
}

interface Gathered {
  task?: { description: string; id?: string; family?: string };
  steps: Step[];
  outcome?: string;
}

/** The runs of `datasets` (file stems in `folder`), in file order. */
export async function agentRunsOf(folder: URL, datasets: readonly string[]): Promise<AgentRun[]> {
  const runs: AgentRun[] = [];
  for (const name of datasets) {
    const byId = new Map<string, Gathered>();
    for (const line of (await Deno.readTextFile(new URL(`${name}.events.jsonl`, folder))).split("\n")) {
      if (!line.trim()) continue;
      const { type, data } = JSON.parse(line);
      const run = byId.get(data.trajectoryId) ?? { steps: [] };
      byId.set(data.trajectoryId, run);
      if (type === "atlas.trajectory.started") run.task = data.task;
      else if (type === "atlas.trajectory.step") run.steps.push(data);
      else if (type === "atlas.trajectory.completed") run.outcome = data.outcome;
    }
    for (const run of byId.values()) if (run.task) runs.push(agentRun(run));
  }
  return runs;
}

function agentRun(run: Gathered): AgentRun {
  const steps = [...new Map(run.steps.map((s) => [s.index, s])).values()].sort((a, b) => a.index - b.index);
  const turns: AgentRun["turns"] = [];
  let thought: string | undefined;
  let said: string | undefined;
  steps.forEach((step, i) => {
    if (step.kind === "thought" || (step.kind === "message" && step.role === "assistant")) {
      thought = step.content;
      said = step.content;
    }
    if (step.kind !== "action" && step.kind !== "tool_call") return;
    const answer = steps.slice(i + 1).find((s) => s.kind === "observation" || s.kind === "tool_result");
    const call: AgentToolCall = {
      tool: step.tool?.name ?? step.content.match(/^\w+/)?.[0] ?? "act",
      arguments: argumentsOf(step),
      result: answer?.content ?? "",
    };
    turns.push({ toolCalls: [call], ...(thought && { text: thought }) });
    thought = undefined;
  });
  turns.push({ answer: said ?? steps.at(-1)?.content ?? "done" });
  return {
    task: run.task!.description,
    turns,
    ...(run.task!.id && { taskId: run.task!.id }),
    ...(run.task!.family && { family: run.task!.family }),
    ...(run.outcome === "success" || run.outcome === "failure" ? { outcome: run.outcome } : {}),
  };
}

function argumentsOf(step: Step): Record<string, unknown> {
  const input = step.tool?.input;
  if (typeof input === "string") {
    try {
      const parsed = JSON.parse(input);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed;
    } catch {
      // Not JSON: a command line or a search string.
    }
    return { input };
  }
  if (input && typeof input === "object" && !Array.isArray(input)) return input as Record<string, unknown>;
  return { action: step.content };
}
