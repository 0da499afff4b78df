import assert from "node:assert/strict";
import { defaultSeed, parseOptions } from "./options.ts";

const none = () => undefined;

Deno.test("parseOptions() reads a folder, a seed and a JSON file, over ATLAS_EVAL_DATA", () => {
  assert.deepEqual(parseOptions(["runs/", "--seed=7", "--json=out.json"], none), {
    folder: "runs/",
    seed: 7,
    json: "out.json",
  });
  const fromEnv = parseOptions(["--json"], (name) => (name === "ATLAS_EVAL_DATA" ? "/data/events" : undefined));
  assert.deepEqual(fromEnv, { folder: "/data/events", seed: defaultSeed, json: "data/eval.json" });
  assert.match(parseOptions([], none).folder, /\/shared\/data\/events$/);
});

Deno.test("parseOptions() refuses an unknown flag and a seed that is not an integer", () => {
  assert.throws(() => parseOptions(["--fast"], none), /unknown option --fast/);
  assert.throws(() => parseOptions(["--seed=x"], none), /--seed must be an integer/);
});
