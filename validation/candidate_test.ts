import assert from "node:assert/strict";
import { trainingExample } from "../training/example_fixture.ts";
import { goldenSuite } from "./candidate.ts";

Deno.test("goldenSuite() turns test examples into cases and appends the pinned ones", () => {
  const suite = goldenSuite(
    [
      trainingExample({ id: "exec:1", input: "2+2?", output: "4", domain: "math" }),
      trainingExample({ id: "exec:2", input: "Capital of France?", output: "Paris", domain: "geography" }),
    ],
    [{ id: "pin:1", input: "3+3?", expected: "6", domain: "math", minScore: 1 }],
  );
  assert.deepEqual(suite, [
    { id: "exec:1", input: "2+2?", expected: "4", domain: "math" },
    { id: "exec:2", input: "Capital of France?", expected: "Paris", domain: "geography" },
    { id: "pin:1", input: "3+3?", expected: "6", domain: "math", minScore: 1, pinned: true },
  ]);
});

Deno.test("goldenSuite() lets a pinned case replace the test example with its id", () => {
  const suite = goldenSuite(
    [trainingExample({ id: "exec:1", input: "2+2?", output: "4" })],
    [{ id: "exec:1", input: "2+2?", expected: "4", domain: "math", pinned: false }],
  );
  assert.deepEqual(suite, [{ id: "exec:1", input: "2+2?", expected: "4", domain: "math", pinned: true }]);
});
