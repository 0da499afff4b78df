/**
 * A fleet's worth of traffic from the real runs: the FEVER and WebShop event streams
 * (interleaved, out of order, with their repeats) cloned under new trajectory and
 * event ids until there are enough step events.
 *
 * @module
 */
import type { OutgoingMessage } from "../streams/kafka_producer.ts";

const folder = new URL("../../shared/data/events/", import.meta.url);

async function lines(name: string): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(new URL(`${name}.events.jsonl`, folder));
  return text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/** Messages keyed by trajectory holding at least `minSteps` step events, and the counts. */
export async function realFleet(minSteps: number): Promise<{
  messages: OutgoingMessage[];
  steps: number;
  trajectories: number;
}> {
  const runs = [...await lines("fever"), ...await lines("webshop")] as {
    id: string;
    type: string;
    data: { trajectoryId: string };
  }[];
  const stepsPerCopy = runs.filter((e) => e.type === "atlas.trajectory.step").length;
  const trajectoriesPerCopy = new Set(runs.map((e) => e.data.trajectoryId)).size;
  const copies = Math.ceil(minSteps / stepsPerCopy);
  const messages: OutgoingMessage[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const event of runs) {
      const trajectoryId = `${event.data.trajectoryId}~${copy}`;
      const clone = { ...event, id: `${event.id}~${copy}`, data: { ...event.data, trajectoryId } };
      messages.push({ key: trajectoryId, value: JSON.stringify(clone) });
    }
  }
  return { messages, steps: copies * stepsPerCopy, trajectories: copies * trajectoriesPerCopy };
}

/** `count` short trajectories (started, two steps, completed): for memory over many finished ones. */
export function shortTrajectories(count: number, offset = 0): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  for (let n = offset; n < offset + count; n++) {
    const trajectoryId = `short-${n}`;
    const event = (i: number, type: string, data: Record<string, unknown>) => ({
      key: trajectoryId,
      value: JSON.stringify({
        specversion: "1.0",
        id: `${trajectoryId}-${i}`,
        source: "bench://fleet",
        type,
        data: { trajectoryId, ...data },
      }),
    });
    messages.push(
      event(0, "atlas.trajectory.started", { task: { description: `task ${n % 97}`, family: "bench" } }),
      event(1, "atlas.trajectory.step", { index: 0, kind: "action", content: `search[item ${n}]` }),
      event(2, "atlas.trajectory.step", { index: 1, kind: "observation", content: `found item ${n}` }),
      event(3, "atlas.trajectory.completed", { outcome: n % 3 ? "success" : "failure" }),
    );
  }
  return messages;
}
