import assert from "node:assert/strict";
import type { Consumer } from "kafkajs";
import { AtlasError } from "../errors.ts";
import { silentLogger } from "../log.ts";
import { waitFor } from "../tests/support/wait.ts";
import { configurationError, ConsumerSupervisor } from "./consumer_supervisor.ts";

/** A consumer as the supervisor sees it: something to disconnect. */
function fakeConsumer(disconnects: { n: number }): Consumer {
  return { disconnect: () => Promise.resolve(void disconnects.n++) } as unknown as Consumer;
}

Deno.test("ConsumerSupervisor replaces a session that failed, with back-off, until one runs; it says why while down", async () => {
  const disconnects = { n: 0 };
  let attempts = 0;
  let crash: ((error: Error) => void) | undefined;
  let ended = 0;
  let restarts = 0;
  const supervisor = new ConsumerSupervisor({
    name: "test consumer",
    session: (end) => {
      attempts++;
      if (attempts <= 2) return Promise.reject(new Error(`connect ECONNREFUSED (attempt ${attempts})`));
      crash = end;
      return Promise.resolve(fakeConsumer(disconnects));
    },
    sessionEnded: () => ended++,
    fatal: () => assert.fail("not a configuration error"),
    restarted: () => restarts++,
    log: silentLogger,
    backoff: { initialMs: 1, maxMs: 5 },
  });
  assert.deepEqual(supervisor.health, { up: false, reason: "starting", restarts: 0 });
  supervisor.start();
  await waitFor(() => attempts === 3, { message: "a third session" });
  assert.equal(supervisor.health.restarts, 2);
  assert.match(supervisor.health.reason!, /ECONNREFUSED \(attempt 2\)/);
  supervisor.up();
  assert.deepEqual(supervisor.health, { up: true, reason: null, restarts: 2 });

  crash!(new Error("The group coordinator is not available"));
  await waitFor(() => attempts === 4, { message: "the crashed session replaced" });
  assert.equal(disconnects.n, 1, "the crashed consumer was disconnected");
  assert.equal(ended, 3);
  assert.equal(restarts, 3);
  await supervisor.stop();
  assert.equal(disconnects.n, 2, "stop disconnects the running one");
});

Deno.test("ConsumerSupervisor stops on a configuration error and hands it over, naming what to fix", async () => {
  const refused = Object.assign(new Error("Not authorized to access topics"), { type: "TOPIC_AUTHORIZATION_FAILED" });
  const fatal: AtlasError[] = [];
  const supervisor = new ConsumerSupervisor({
    name: "kafka source (topic t)",
    session: () => Promise.reject(refused),
    sessionEnded: () => {},
    fatal: (error) => fatal.push(error),
    restarted: () => assert.fail("no restart"),
    log: silentLogger,
    backoff: { initialMs: 1, maxMs: 1 },
  });
  supervisor.start();
  await waitFor(() => fatal.length === 1);
  assert.equal(fatal[0]!.code, "E7500");
  assert.match(fatal[0]!.message, /TOPIC_AUTHORIZATION_FAILED.*ACLs/);
  assert.equal(supervisor.health.up, false);
  await supervisor.stop();
});

Deno.test("configurationError() tells what no retry mends from what a restart may", () => {
  const sasl = Object.assign(new Error("SASL PLAIN authentication failed"), { name: "KafkaJSSASLAuthenticationError" });
  assert.match(configurationError("c", sasl)!.message, /refused the credentials/);
  assert.ok(configurationError("c", Object.assign(new Error("x"), { type: "GROUP_AUTHORIZATION_FAILED" })));
  assert.equal(configurationError("c", new Error("Connection error: connect ECONNREFUSED")), undefined);
  assert.equal(configurationError("c", Object.assign(new Error("x"), { type: "NOT_COORDINATOR" })), undefined);
  assert.ok(configurationError("c", sasl) instanceof AtlasError);
});

Deno.test("ConsumerSupervisor.stop() during a back-off returns at once", async () => {
  let attempts = 0;
  const supervisor = new ConsumerSupervisor({
    name: "test consumer",
    session: () => (attempts++, Promise.reject(new Error("down"))),
    sessionEnded: () => {},
    fatal: () => {},
    restarted: () => {},
    log: silentLogger,
    backoff: { initialMs: 60_000, maxMs: 60_000 },
  });
  supervisor.start();
  await waitFor(() => attempts === 1 && supervisor.health.restarts === 1);
  await supervisor.stop();
  assert.equal(attempts, 1);
});
