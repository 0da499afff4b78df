import assert from "node:assert/strict";
import { decodeLine } from "./decode_line.ts";

const event = (fields: Record<string, unknown>) =>
  JSON.stringify({ specversion: "1.0", id: "e-1", source: "agent://t", ...fields });

Deno.test("decodeLine() keeps a valid event as written, keyed by its trajectory", () => {
  const text = event({ type: "atlas.trajectory.completed", data: { trajectoryId: "t-9", outcome: "success" } });
  assert.deepEqual(decodeLine(text, 3), { ok: true, event: { line: 3, text, key: "t-9" } });
});

Deno.test("decodeLine() says why a line is not an event, with its line number", () => {
  const rejection = (text: string) => {
    const decoded = decodeLine(text, 7);
    assert.equal(decoded.ok, false);
    return decoded.ok ? undefined : decoded.rejection;
  };
  const notJson = rejection("{not json");
  assert.equal(notJson?.line, 7);
  assert.equal(notJson?.code, "E7001");
  assert.match(notJson?.message ?? "", /^not valid JSON: /);
  assert.equal(rejection(JSON.stringify({ id: "x" }))?.code, "E7002");
  assert.equal(rejection(event({ type: "atlas.unknown", data: {} }))?.code, "E7004");
  assert.equal(rejection(event({ type: "atlas.trajectory.completed", data: { trajectoryId: "t" } }))?.code, "E7003");
});
