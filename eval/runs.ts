/**
 * A file of contract events as runs: each trajectory's raw events, in file order, for
 * the replay, and the trajectory they add up to (task, steps by index, outcome), for
 * the held-out questions, the agent shape and the plan check. Every trajectory event
 * type counts: `started`/`step`/`completed`, and a whole `atlas.trajectory` with no
 * `started` before it. Events are checked with the service's own `decodeEvent`, so a
 * line the service would reject is counted here instead of replayed.
 *
 * @module
 */
import type { Trajectory } from "../learning/trajectory.ts";
import { type AtlasEvent, decodeEvent, type StepBody } from "../schemas/mod.ts";

export interface Run {
  /** The dataset (the events file's name) it came from. */
  dataset: string;
  /** Its task family, or null when the producer named none. */
  family: string | null;
  trajectory: Trajectory;
  /** Its raw events, in the order the file has them. */
  events: unknown[];
  /** A `completed` or whole event arrived: the service will close and learn it. */
  ended: boolean;
}

export interface FileRuns {
  runs: Run[];
  /** Lines that are not JSON or not a valid event. */
  invalid: number;
  /** Valid events about no trajectory (upstream layers' events, retries). */
  unrelated: number;
}

interface Building {
  run: Run;
  steps: Map<number, StepBody>;
}

/** The runs of one events file, in order of first appearance. */
export function runsOf(dataset: string, lines: Iterable<string>): FileRuns {
  const byId = new Map<string, Building>();
  let invalid = 0;
  let unrelated = 0;
  for (const line of lines) {
    if (!line.trim()) continue;
    const raw = parseLine(line);
    const decoded = raw === undefined ? undefined : decodeEvent(raw);
    if (!decoded?.ok) {
      invalid++;
      continue;
    }
    const id = trajectoryIdOf(decoded.event);
    if (id === undefined) {
      unrelated++;
      continue;
    }
    const building = byId.get(id) ?? newRun(dataset, id);
    byId.set(id, building);
    building.run.events.push(raw);
    apply(building, decoded.event);
  }
  const runs = [...byId.values()].map(({ run, steps }) => {
    run.trajectory.steps = [...steps.values()].sort((a, b) => a.index - b.index);
    return run;
  });
  return { runs, invalid, unrelated };
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** The trajectory an event is about; evaluations ride along with their trajectory. */
function trajectoryIdOf(event: AtlasEvent): string | undefined {
  switch (event.type) {
    case "atlas.trajectory.started":
    case "atlas.trajectory.step":
    case "atlas.trajectory.completed":
    case "atlas.trajectory":
    case "atlas.evaluation.completed":
      return event.data.trajectoryId;
    default:
      return undefined;
  }
}

function newRun(dataset: string, id: string): Building {
  return {
    run: {
      dataset,
      family: null,
      trajectory: { id, task: null, outcome: null, score: null, steps: [] },
      events: [],
      ended: false,
    },
    steps: new Map(),
  };
}

/** Folds one event in; the first word on a fact wins, as a duplicate changes nothing in the service. */
function apply({ run, steps }: Building, event: AtlasEvent): void {
  const t = run.trajectory;
  switch (event.type) {
    case "atlas.trajectory.started":
      t.task ??= event.data.task;
      break;
    case "atlas.trajectory.step": {
      const { trajectoryId: _, ...step } = event.data;
      if (!steps.has(step.index)) steps.set(step.index, step);
      break;
    }
    case "atlas.trajectory.completed":
      if (!run.ended) {
        t.outcome = event.data.outcome;
        t.score = event.data.score ?? null;
      }
      run.ended = true;
      break;
    case "atlas.trajectory":
      t.task ??= event.data.task;
      for (const step of event.data.steps) if (!steps.has(step.index)) steps.set(step.index, step);
      if (!run.ended) {
        t.outcome = event.data.outcome;
        t.score = event.data.score ?? null;
      }
      run.ended = true;
      break;
    default:
      break;
  }
  run.family = t.task?.family ?? null;
}
