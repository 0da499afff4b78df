/**
 * The service runs with narrow permissions (`deno task start`, the `service` permission
 * set of deno.json): this keeps the environment variables it may read in step with the
 * configuration.
 *
 * @module
 */
import assert from "node:assert/strict";
import { runStartTask, serviceDataDir } from "./support/service.ts";
import { environmentNames } from "../config.ts";

const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url))) as {
  tasks: Record<string, string>;
  permissions: Record<string, Record<string, boolean | string[]>>;
};

/** The variables libraries read when they load: kafkajs, and libsql's native loader. */
const libraryVariables = [
  // The Anthropic SDK reads it in its constructor, whatever the options say.
  "ANTHROPIC_CUSTOM_HEADERS",
  "NODE_ENV",
  "KAFKAJS_LOG_LEVEL",
  "KAFKAJS_DEBUG_PROTOCOL_BUFFERS",
  "KAFKAJS_DEBUG_EXTENDED_PROTOCOL_BUFFERS",
  "LIBSQL_JS_DEV",
];

Deno.test("the service's permission set may read exactly the configuration's variables and the libraries' own", () => {
  const service = config.permissions.service!;
  assert.deepEqual([...(service.env as string[])].sort(), [...environmentNames, ...libraryVariables].sort());
  assert.deepEqual(service.write, ["./data"], "it writes its data folder alone");
  assert.deepEqual(service.run, ["sh"], "it runs trainers through sh alone");
  for (const kind of ["read", "ffi", "sys"]) assert.ok(Array.isArray(service[kind]), `${kind} is a list, not all`);
});

for (const task of ["start", "dev"]) {
  Deno.test(`deno task ${task} runs with the service's permission set and no other`, () => {
    assert.match(config.tasks[task]!, /^deno run (--watch )?-P=service main\.ts$/);
  });
}

Deno.test("a database path the service may not write stops it at start with E7500 naming the variable", async () => {
  const { code, text } = await runStartTask({ ATLAS_DB_URL: "file:/var/tmp/atlas-elsewhere/atlas.db", PORT: "0" });
  assert.equal(code, 2, text);
  assert.match(text, /E7500: ATLAS_DB_URL \(\/var\/tmp\/atlas-elsewhere\/\): outside what this process may write/);
  assert.match(text, /"service" permission set in deno\.json/);
  assert.doesNotMatch(text, /\bat .*\.ts:\d+/, "a message, not a stack trace");
});

Deno.test("a port in use stops the service at start with E7500 naming PORT, not a stack trace", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const dir = await serviceDataDir("port-taken-");
  try {
    const { code, text } = await runStartTask({
      PORT: String((taken.addr as Deno.NetAddr).port),
      ATLAS_DB_URL: `file:${dir}/atlas.db`,
      ATLAS_ARTIFACT_DIR: `${dir}/artifacts`,
      ATLAS_JOBS_DIR: `${dir}/jobs`,
    });
    assert.equal(code, 2, text);
    assert.match(text, /E7500: PORT \(\d+\): 127\.0\.0\.1:\d+ is in use/);
    assert.doesNotMatch(text, /\bat .*\.ts:\d+/, "a message, not a stack trace");
  } finally {
    taken.close();
    await Deno.remove(dir, { recursive: true });
  }
});
