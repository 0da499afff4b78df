import assert from "node:assert/strict";
import { ManualClock } from "../clock.ts";
import { ActorSystem } from "./system.ts";
import { type TrajectoryInput, trajectoryMachine } from "./trajectory/machine.ts";

const input = (trajectoryId: string, partition = 0, at = 0): TrajectoryInput => ({
  trajectoryId,
  partition,
  at,
  inactivityGapMs: 60_000,
  closeGraceMs: 1_000,
});

function setup() {
  const clock = new ManualClock(1_000);
  const system = new ActorSystem(trajectoryMachine, clock);
  return { clock, system };
}

/** Every key still in memory, from a list of candidates. */
const live = (system: ActorSystem<typeof trajectoryMachine>, keys: string[]) => keys.filter((k) => system.has(k));

let writes = 0;
/** Takes the dirty actors for a write and saves it, as the applier does once the write committed. */
function persist(system: { takeDirty(write: number): unknown; saved(write: number): void }) {
  const write = ++writes;
  system.takeDirty(write);
  system.saved(write);
}

Deno.test("ActorSystem.spawn() starts an actor from its input and marks it dirty", () => {
  const { system } = setup();
  const snapshot = system.spawn("t-1", 2, input("t-1", 2));
  assert.equal(snapshot.value, "open");
  assert.equal(system.size, 1);
  assert.ok(system.has("t-1"));
  const dirty = system.takeDirty(0);
  assert.equal(dirty.length, 1);
  assert.equal(dirty[0]!.key, "t-1");
  assert.equal(dirty[0]!.partition, 2);
  assert.equal(dirty[0]!.snapshot.context.trajectoryId, "t-1");
  assert.deepEqual(system.takeDirty(0).map((d) => d.key), [], "takeDirty(0) clears the set");
});

Deno.test("ActorSystem.send() updates the actor, returns its snapshot and marks it dirty", () => {
  const { system } = setup();
  system.spawn("t-1", 0, input("t-1"));
  persist(system);
  const after = system.send("t-1", { type: "STEPS_RECEIVED", at: 5, indexes: [0] });
  assert.deepEqual(after.context.steps, [0]);
  assert.deepEqual(system.snapshot("t-1")?.context.steps, [0]);
  const dirty = system.takeDirty(0);
  assert.deepEqual(dirty.map((d) => d.key), ["t-1"]);
  const persisted = dirty[0]!.persisted as { value: string; context: { steps: number[] } };
  assert.equal(persisted.value, "open");
  assert.deepEqual(persisted.context.steps, [0]);
});

Deno.test("ActorSystem.send() throws for a key with no live actor", () => {
  const { system } = setup();
  assert.throws(() => system.send("nobody", { type: "STEPS_RECEIVED", at: 1, indexes: [0] }), /nobody/);
  assert.equal(system.snapshot("nobody"), undefined);
});

Deno.test("ActorSystem.rehydrate() restores a persisted snapshot and is not dirty", () => {
  const first = setup();
  first.system.spawn("t-1", 4, input("t-1", 4));
  first.system.send("t-1", { type: "STEPS_RECEIVED", at: 10, indexes: [1] });
  first.system.send("t-1", { type: "COMPLETED", at: 20, outcome: "success" });
  const [dirty] = first.system.takeDirty(0);
  const persisted = JSON.parse(JSON.stringify(dirty!.persisted));

  const { system } = setup();
  const snapshot = system.rehydrate("t-1", 4, persisted);
  assert.equal(snapshot.value, "closed");
  assert.deepEqual(snapshot.context.steps, [1]);
  assert.deepEqual(system.takeDirty(0).map((d) => d.key), [], "a rehydrated actor has nothing new to persist");

  system.send("t-1", { type: "DEADLINE_REACHED", at: 20 + 1_000 });
  const after = system.takeDirty(0);
  assert.equal(after.length, 1);
  assert.equal(after[0]!.snapshot.value, "analyzing");
  assert.equal(after[0]!.partition, 4);
});

Deno.test("ActorSystem.passivate() removes only actors idle since the given time and not dirty", () => {
  const { clock, system } = setup(); // now 1_000
  system.spawn("old", 0, input("old"));
  persist(system);
  system.spawn("old-dirty", 0, input("old-dirty")); // touched at 1_000, not yet persisted
  clock.advance(10_000); // now 11_000
  system.spawn("recent", 0, input("recent"));
  clock.advance(50_000);

  const removed = system.passivate(11_000);
  assert.equal(removed, 1);
  assert.deepEqual(live(system, ["old", "old-dirty", "recent"]), ["old-dirty", "recent"]);

  persist(system);
  assert.equal(system.passivate(11_000), 1, "once persisted, the idle actor can go");
  assert.deepEqual(live(system, ["old", "old-dirty", "recent"]), ["recent"]);
  assert.equal(system.passivate(11_000), 0, "an actor touched at idleSince stays");
});

Deno.test("ActorSystem.send() refreshes an actor's idle time", () => {
  const { clock, system } = setup(); // now 1_000
  system.spawn("t-1", 0, input("t-1"));
  persist(system);
  clock.set(11_000);
  system.send("t-1", { type: "STEPS_RECEIVED", at: 11_000, indexes: [0] });
  persist(system);
  clock.set(20_000);
  assert.equal(system.passivate(5_000), 0);
  assert.ok(system.has("t-1"));
  assert.equal(system.passivate(11_001), 1);
  assert.equal(system.has("t-1"), false);
});

Deno.test("ActorSystem.dropPartitions() removes the actors of those partitions, dirty or not", () => {
  const { system } = setup();
  system.spawn("a", 0, input("a", 0));
  system.spawn("b", 1, input("b", 1));
  system.spawn("c", 2, input("c", 2));
  const dropped = system.dropPartitions(new Set([0, 2]));
  assert.equal(dropped, 2);
  assert.equal(system.size, 1);
  assert.deepEqual(live(system, ["a", "b", "c"]), ["b"]);
  const dirty = system.takeDirty(0);
  assert.deepEqual(dirty.map((d) => d.key), ["b"], "a dropped actor is no longer reported dirty");
});

Deno.test("ActorSystem.dropPartitions() forgets the unpersisted changes of the actors it drops", () => {
  const { system } = setup();
  const other = setup().system;
  other.spawn("a", 0, input("a", 0));
  const persisted = JSON.parse(JSON.stringify(other.takeDirty(0)[0]!.persisted));

  system.spawn("a", 0, input("a", 0)); // dirty
  system.dropPartitions(new Set([0]));
  // Partition 0 comes back: its actor returns clean from its snapshot, not dirty from before the drop.
  system.rehydrate("a", 0, persisted);
  assert.deepEqual(system.takeDirty(0).map((d) => d.key), []);
  system.rehydrate("a", 0, persisted);
  system.dropPartitions(new Set([0]));
  system.rehydrate("a", 0, persisted);
  system.evict("a");
  assert.equal(system.has("a"), false);
});

Deno.test("ActorSystem.evict() refuses an actor with unpersisted changes and removes a clean one", () => {
  const { system } = setup();
  system.spawn("t-1", 0, input("t-1"));
  assert.throws(() => system.evict("t-1"), /unpersisted/);
  assert.ok(system.has("t-1"));
  persist(system);
  system.evict("t-1");
  assert.equal(system.has("t-1"), false);
  assert.equal(system.size, 0);
});

Deno.test("ActorSystem keeps an actor taken for a write in memory until that write is saved", () => {
  const { clock, system } = setup();
  system.spawn("t-1", 0, input("t-1"));
  system.takeDirty(1);
  assert.equal(system.isSaved("t-1"), false, "taken, not yet committed");
  assert.throws(() => system.evict("t-1"), /unpersisted/);
  clock.advance(100_000);
  assert.equal(system.passivate(clock.now()), 0, "an unsaved actor is not passivated");

  system.send("t-1", { type: "STEPS_RECEIVED", at: clock.now(), indexes: [0] });
  system.takeDirty(2);
  system.saved(1);
  assert.equal(system.isSaved("t-1"), false, "write 1 saved, but write 2 holds newer changes");
  system.saved(2);
  assert.equal(system.isSaved("t-1"), true);
  system.evict("t-1");
  assert.equal(system.has("t-1"), false);
});
