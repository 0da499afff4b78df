/**
 * The nemesis suite's stream: the real runs of every agent shape in `../shared/data`
 * (FEVER, WebShop, Voyager, tau2, InterCode), cloned under new trajectory and event
 * ids until there are enough events, interleaved as a fleet sends them: 64 agents at
 * work at a time, each trajectory's events in its own order and close together (its
 * late steps within the close grace), with 1% of the events sent twice as a retrying
 * producer does; and what each trajectory must end up as.
 *
 * @module
 */
import { seededRandom } from "../learning/seeded_random.ts";
import type { OutgoingMessage } from "../streams/kafka_producer.ts";

const folder = new URL("../../shared/data/events/", import.meta.url);
/** `webshop-whole` repeats WebShop's runs as whole trajectories: the same trajectories twice. */
const datasets = ["fever", "webshop", "voyager", "tau2", "intercode"];
/** Agents producing at once. */
const agents = 64;

export interface Expectation {
  steps: number;
  outcome: string;
}

export interface ChaosStream {
  messages: OutgoingMessage[];
  /** Per trajectory id: its steps and outcome. */
  expected: Map<string, Expectation>;
  /** Distinct events, by (source, id). */
  events: number;
  /** Messages that repeat an event: the runs' own repeats and the producer's. */
  repeats: number;
}

interface RawEvent {
  id: string;
  source: string;
  data: { trajectoryId: string };
}

/** At least `minEvents` events, shuffled with `seed`. */
export async function chaosStream(minEvents: number, seed: number): Promise<ChaosStream> {
  const runs = new Map<string, string[]>();
  const expectedOnce = new Map<string, Expectation>();
  for (const name of datasets) {
    const lines = (await Deno.readTextFile(new URL(`${name}.events.jsonl`, folder))).split("\n").filter(Boolean);
    for (const line of lines) {
      const id = (JSON.parse(line) as RawEvent).data.trajectoryId;
      runs.set(id, [...(runs.get(id) ?? []), line]);
    }
    const expected = JSON.parse(await Deno.readTextFile(new URL(`${name}.expected.json`, folder)));
    for (const [id, e] of Object.entries(expected as Record<string, Expectation>)) {
      expectedOnce.set(id, { steps: e.steps, outcome: e.outcome });
    }
  }
  const perCopy = [...runs.values()].reduce((n, lines) => n + lines.length, 0);
  const copies = Math.ceil(minEvents / perCopy);
  const random = seededRandom(seed);
  const queues: string[][] = [];
  const expected = new Map<string, Expectation>();
  for (let copy = 0; copy < copies; copy++) {
    for (const [id, lines] of runs) {
      const clone = `${id}~${copy}`;
      const want = expectedOnce.get(id);
      if (want) expected.set(clone, want);
      queues.push(lines.map((line) => {
        const event = JSON.parse(line) as RawEvent;
        return JSON.stringify({ ...event, id: `${event.id}~${copy}`, data: { ...event.data, trajectoryId: clone } });
      }));
    }
  }
  // Trajectories start in a shuffled order; the next event comes from one of the agents at work.
  for (let i = queues.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [queues[i], queues[j]] = [queues[j]!, queues[i]!];
  }
  const messages: OutgoingMessage[] = [];
  const waiting = queues.reverse();
  const working: { lines: string[]; next: number }[] = [];
  while (working.length || waiting.length) {
    while (working.length < agents && waiting.length) working.push({ lines: waiting.pop()!, next: 0 });
    const pick = Math.floor(random() * working.length);
    const agent = working[pick]!;
    const value = agent.lines[agent.next++]!;
    const key = (JSON.parse(value) as RawEvent).data.trajectoryId;
    messages.push({ key, value });
    if (random() < 0.01) messages.push({ key, value });
    if (agent.next === agent.lines.length) working.splice(pick, 1);
  }
  // The runs themselves hold repeats (agents that re-send): distinct is by (source, id).
  const distinct = new Set(messages.map(({ value }) => {
    const { source, id } = JSON.parse(value) as RawEvent;
    return `${source} ${id}`;
  }));
  return { messages, expected, events: distinct.size, repeats: messages.length - distinct.size };
}
