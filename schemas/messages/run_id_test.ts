import assert from "node:assert/strict";
import { canonicalJson, runId } from "./run_id.ts";
import { rejection } from "../../tests/support/rejection.ts";

const messages = [
  { role: "user", content: "Please cancel order #W123, it was a mistake." },
  { role: "assistant", content: "Done: order #W123 is cancelled." },
];

Deno.test("runId() keeps the run's id, and hashes the messages, keys sorted, when there is none", () => {
  assert.equal(runId("tau2-1", messages), "tau2-1");
  assert.equal(runId(42, messages), "42");
  const hashed = runId(undefined, messages);
  assert.match(hashed, /^run-[0-9a-f]{32}$/);
  const reordered = messages.map(({ role, content }) => ({ content, role }));
  assert.equal(runId(null, reordered), hashed);
  assert.notEqual(runId(undefined, messages.slice(1)), hashed);
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), '{"a":[{"c":3,"d":2}],"b":1}');
  assert.equal(
    rejection(() => runId("x".repeat(257), messages)).message,
    "id must be a string of 1 to 256 characters or a number",
  );
  assert.equal(rejection(() => runId({}, messages)).code, "E7034");
});
