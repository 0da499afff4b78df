/**
 * Routing a micro-batch to its actors: each event becomes its trajectory's machine
 * event, in order; an actor is started for a trajectory's first event. What the
 * actors accepted (steps), refused as late, or changed (states) is gathered in the
 * batch's writes.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { PipelineMetrics } from "../metrics/pipeline_metrics.ts";
import type { AtlasEvent, EventOf } from "../schemas/mod.ts";
import type { Item } from "./batch_items.ts";
import { keepUpstream, type Writes } from "./batch_writes.ts";
import type { ActorSystem } from "./system.ts";
import type { TrajectoryContext, TrajectoryEvent, trajectoryMachine } from "./trajectory/machine.ts";
import { startsTrajectory, stepsOf, toMachineEvent, trajectoryOf } from "./trajectory/routing.ts";

export class BatchRouter {
  constructor(
    private readonly system: ActorSystem<typeof trajectoryMachine>,
    private readonly settings: { inactivityGapMs: number; closeGraceMs: number },
    private readonly metrics: PipelineMetrics,
    private readonly log: Logger,
  ) {}

  /**
   * Routes the batch in order. A trajectory's consecutive step events go to its actor
   * as one STEPS_RECEIVED: order per trajectory is all that matters, and one
   * transition per run instead of per step is most of the routing cost saved.
   */
  route(work: readonly Item[], at: number, writes: Writes): void {
    const runs = new Map<string, { partition: number; events: EventOf<"atlas.trajectory.step">[] }>();
    const flush = (trajectoryId: string) => {
      const run = runs.get(trajectoryId);
      if (!run) return;
      runs.delete(trajectoryId);
      const indexes = run.events.map((e) => e.data.index);
      this.#deliver(trajectoryId, run.partition, run.events, { type: "STEPS_RECEIVED", at, indexes }, at, writes);
    };
    const applied = new Map<string, number>();
    for (const item of work) {
      if (item.kind === "event") applied.set(item.event.type, (applied.get(item.event.type) ?? 0) + 1);
      if (item.kind === "event" && item.event.type === "atlas.trajectory.step") {
        const id = item.event.data.trajectoryId;
        const run = runs.get(id) ?? { partition: item.position.partition, events: [] };
        run.events.push(item.event);
        runs.set(id, run);
        continue;
      }
      const id = item.kind === "event"
        ? trajectoryOf(item.event)
        : "trajectoryId" in item
        ? item.trajectoryId
        : undefined;
      if (id !== undefined) flush(id);
      this.#routeOne(item, at, writes);
    }
    for (const id of [...runs.keys()]) flush(id);
    for (const [type, n] of applied) this.metrics.applied.inc(n, { type });
  }

  #routeOne(item: Item, at: number, writes: Writes): void {
    switch (item.kind) {
      case "event": {
        const { event } = item;
        keepUpstream(event, writes);
        const trajectoryId = trajectoryOf(event);
        const machineEvent = toMachineEvent(event, at);
        if (trajectoryId === undefined || machineEvent === undefined) return;
        this.#deliver(trajectoryId, item.position.partition, [event], machineEvent, at, writes);
        break;
      }
      case "timeout":
        this.#send(item.trajectoryId, { type: "DEADLINE_REACHED", at }, at, writes);
        break;
      case "analysis":
        this.#send(
          item.trajectoryId,
          item.result.ok
            ? { type: "ANALYSIS_SUCCEEDED", at, ...item.result.value }
            : { type: "ANALYSIS_FAILED", at, error: item.result.error },
          at,
          writes,
        );
    }
  }

  /**
   * Sends one machine event standing for `events` (one event, or a run of steps),
   * starting the actor if they may; keeps their steps, or keeps them as late.
   */
  #deliver(
    trajectoryId: string,
    partition: number,
    events: readonly AtlasEvent[],
    machineEvent: TrajectoryEvent,
    at: number,
    writes: Writes,
  ): void {
    if (!this.system.has(trajectoryId)) {
      if (!startsTrajectory(events[0]!)) return;
      this.#spawn(trajectoryId, partition, at, writes);
    }
    const before = this.system.snapshot(trajectoryId)!.context.lateEvents;
    const after = this.#send(trajectoryId, machineEvent, at, writes);
    if (!after) return;
    const late = after.lateEvents > before;
    if (late) this.metrics.lateEvents.inc(after.lateEvents - before);
    for (const event of events) {
      const { source, id } = event;
      if (late) writes.late.push({ trajectoryId, type: event.type, source, id, data: event.data });
      else {
        for (const step of stepsOf(event)) {
          writes.steps.push({ trajectoryId, step, body: JSON.stringify(step), source, id });
        }
      }
    }
  }

  /**
   * Starts a trajectory again whose snapshot could not be read: a new actor that holds
   * the stored steps' indexes; what only the snapshot knew (the task, an outcome) is lost.
   */
  rebuild(trajectoryId: string, partition: number, indexes: readonly number[], at: number, writes: Writes): void {
    this.#spawn(trajectoryId, partition, at, writes);
    if (indexes.length) this.#send(trajectoryId, { type: "STEPS_RECEIVED", at, indexes: [...indexes] }, at, writes);
  }

  #spawn(trajectoryId: string, partition: number, at: number, writes: Writes): void {
    this.system.spawn(trajectoryId, partition, {
      trajectoryId,
      partition,
      at,
      inactivityGapMs: this.settings.inactivityGapMs,
      closeGraceMs: this.settings.closeGraceMs,
    });
    writes.changes.push({ trajectoryId, from: null, to: "open", outcome: null, stepCount: 0, at });
  }

  /** Sends to an actor in memory, recording a state change; undefined when there is none. */
  #send(trajectoryId: string, event: TrajectoryEvent, at: number, writes: Writes): TrajectoryContext | undefined {
    const before = this.system.snapshot(trajectoryId);
    if (!before) {
      this.log.debug("event for an unknown trajectory ignored", { trajectoryId, type: event.type });
      return undefined;
    }
    const after = this.system.send(trajectoryId, event);
    if (after.value !== before.value) {
      writes.changes.push({
        trajectoryId,
        from: String(before.value),
        to: String(after.value),
        outcome: after.context.outcome,
        stepCount: after.context.steps.length,
        at,
      });
    }
    return after.context;
  }
}
