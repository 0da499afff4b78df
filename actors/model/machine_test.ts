import assert from "node:assert/strict";
import { createActor } from "xstate";
import { blockers, type ModelEvent, modelMachine, type ModelStage } from "./machine.ts";

const who = (now: number) => ({ now, by: "alice", reason: "test" });

function model(signedWith?: string) {
  const actor = createActor(modelMachine, { input: { id: "m.v1", now: 0, ...(signedWith && { signedWith }) } });
  actor.start();
  const send = (event: ModelEvent) => {
    actor.send(event);
    return actor.getSnapshot().value as ModelStage;
  };
  return { actor, send };
}

const promote = (to: "staging" | "production", now: number, verified = true): ModelEvent => ({
  type: "PROMOTE",
  to,
  verified,
  ...who(now),
});

Deno.test("a model starts in development and needs a passing validation for staging", () => {
  const { actor, send } = model();
  assert.equal(actor.getSnapshot().value, "development");
  assert.equal(send(promote("staging", 1)), "development");
  send({ type: "VALIDATED", validationId: "val-1", recommendation: "REJECT", ...who(2) });
  assert.equal(send(promote("staging", 3)), "development");
  send({ type: "VALIDATED", validationId: "val-2", recommendation: "DEPLOY", ...who(4) });
  assert.equal(send(promote("staging", 5, false)), "development", "an artifact that did not verify never moves up");
  assert.equal(send(promote("staging", 6)), "staging");
  assert.equal(actor.getSnapshot().context.stageSince, 6);
});

Deno.test("REVIEW goes to staging only with an approval given after the report", () => {
  const { send } = model();
  send({ type: "APPROVE", ...who(1) });
  send({ type: "VALIDATED", validationId: "val-1", recommendation: "REVIEW", ...who(2) });
  assert.equal(send(promote("staging", 3)), "development", "an approval older than the report does not count");
  send({ type: "APPROVE", ...who(4) });
  assert.equal(send(promote("staging", 5)), "staging");
});

Deno.test("production needs staging, a signature and an approval; never straight from development", () => {
  const unsigned = model();
  unsigned.send({ type: "VALIDATED", validationId: "v", recommendation: "DEPLOY", ...who(1) });
  assert.equal(unsigned.send(promote("production", 2)), "development");
  unsigned.send(promote("staging", 3));
  unsigned.send({ type: "APPROVE", ...who(4) });
  assert.equal(unsigned.send(promote("production", 5)), "staging", "unsigned");
  unsigned.send({ type: "SIGNED", keyId: "k1", ...who(6) });
  assert.equal(unsigned.send(promote("production", 7)), "production");

  const signed = model("k1");
  signed.send({ type: "VALIDATED", validationId: "v", recommendation: "DEPLOY", ...who(1) });
  signed.send(promote("staging", 2));
  assert.equal(signed.send(promote("production", 3)), "staging", "no approval");
  signed.send({ type: "APPROVE", ...who(4) });
  signed.send({ type: "VALIDATED", validationId: "v2", recommendation: "REJECT", ...who(5) });
  assert.equal(signed.send(promote("production", 6)), "staging", "the latest validation rejects it");
  signed.send({ type: "VALIDATED", validationId: "v3", recommendation: "DEPLOY", ...who(7) });
  assert.equal(signed.send(promote("production", 8, false)), "staging", "tampered");
  assert.equal(signed.send(promote("production", 9)), "production");
});

Deno.test("quarantine takes effect at once from any stage in service, even unverified; release needs verification", () => {
  for (const stage of ["development", "staging", "production"] as const) {
    const { actor, send } = model("k");
    send({ type: "VALIDATED", validationId: "v", recommendation: "DEPLOY", ...who(1) });
    send({ type: "APPROVE", ...who(2) });
    if (stage !== "development") send(promote("staging", 3));
    if (stage === "production") send(promote("production", 4));
    assert.equal(actor.getSnapshot().value, stage);
    assert.equal(send({ type: "QUARANTINE", ...who(10) }), "quarantined");
    assert.equal(send({ type: "RELEASE", verified: false, ...who(11) }), "quarantined");
    assert.equal(send({ type: "RELEASE", verified: true, ...who(12) }), "development");
  }
});

Deno.test("archived is the end", () => {
  const { send } = model();
  assert.equal(send({ type: "ARCHIVE", ...who(1) }), "archived");
  assert.equal(send({ type: "QUARANTINE", ...who(2) }), "archived");
  assert.equal(send({ type: "RELEASE", verified: true, ...who(3) }), "archived");
  assert.equal(send(promote("staging", 4)), "archived");
});

Deno.test("blockers name every reason a transition is refused", () => {
  const context = { id: "m", registeredAt: 0, validation: null, approval: null, signature: null, stageSince: 0 };
  assert.deepEqual(blockers("development", context, promote("production", 1, false)), [
    "the artifact did not verify",
    "only a staging version goes to production (this one is development)",
    "the artifact is not signed",
    "production needs an approval",
  ]);
  assert.deepEqual(blockers("production", context, { type: "QUARANTINE", ...who(1) }), []);
  assert.deepEqual(blockers("quarantined", context, { type: "QUARANTINE", ...who(1) }), [
    "the version is already quarantined",
  ]);
});
