/**
 * The service runs with narrow permissions (`deno task start`): this keeps the list
 * of environment variables it may read in step with the configuration.
 *
 * @module
 */
import assert from "node:assert/strict";
import { environmentNames } from "../config.ts";

const tasks = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url))).tasks as Record<
  string,
  string
>;

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

for (const task of ["start", "dev"]) {
  Deno.test(`deno task ${task} may read exactly the configuration's variables and the libraries' own`, () => {
    const flag = tasks[task]!.split(/\s+/).find((arg) => arg.startsWith("--allow-env="));
    assert.ok(flag, `${task} lists its variables`);
    assert.deepEqual(
      flag.slice("--allow-env=".length).split(",").sort(),
      [...environmentNames, ...libraryVariables].sort(),
    );
    assert.ok(!/\s-A\s|--allow-all/.test(tasks[task]!), `${task} does not run with every permission`);
  });
}
