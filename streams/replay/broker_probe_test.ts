import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { probeBrokers } from "./broker_probe.ts";

/** A port nothing listens on. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  listener.close();
  return listener.addr.port;
}

Deno.test("probeBrokers() is satisfied by any broker that accepts a connection", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  await probeBrokers([`127.0.0.1:${closedPort()}`, `127.0.0.1:${listener.addr.port}`]);
});

Deno.test("probeBrokers() fails at once with E7401 when none listens", async () => {
  const [a, b] = [closedPort(), closedPort()];
  await assert.rejects(probeBrokers([`127.0.0.1:${a}`, `[::1]:${b}`]), (error) => {
    assert.ok(error instanceof AtlasError);
    assert.equal(error.code, "E7401");
    assert.match(error.message, new RegExp(`^cannot reach kafka 127\\.0\\.0\\.1:${a}: .+; \\[::1\\]:${b}: .+`));
    return true;
  });
});
