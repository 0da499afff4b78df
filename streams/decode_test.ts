import assert from "node:assert/strict";
import { AtlasError } from "../errors.ts";
import { decodeRecord } from "./decode.ts";
import type { SourceRecord } from "./source.ts";

const position = { topic: "atlas.traces", partition: 2, offset: 41 };
const record = (value: string, headers: SourceRecord["headers"] = {}): SourceRecord => ({
  position,
  key: "t-1",
  value,
  headers,
  timestamp: 1_700_000_000_000,
});
const data = { trajectoryId: "t-1", index: 0, kind: "thought", content: "hmm" };
const event = { specversion: "1.0", id: "e-1", source: "agent://test", type: "atlas.trajectory.step", data };

/** The error of an `invalid` item, after checking it keeps the record. */
function invalidError(item: ReturnType<typeof decodeRecord>, input: SourceRecord): AtlasError {
  assert.equal(item.kind, "invalid");
  const invalid = item as Extract<typeof item, { kind: "invalid" }>;
  assert.equal(invalid.record, input, "the record is kept for the dead letters");
  assert.ok(invalid.error instanceof AtlasError);
  return invalid.error;
}

Deno.test("decodeRecord() turns a valid structured record into an event item at its position", () => {
  const item = decodeRecord(record(JSON.stringify(event)));
  assert.equal(item.kind, "event");
  const decoded = item as Extract<typeof item, { kind: "event" }>;
  assert.deepEqual(decoded.position, position);
  assert.equal(decoded.event.type, "atlas.trajectory.step");
  assert.equal(decoded.event.id, "e-1");
  assert.deepEqual(decoded.event.data, data);
});

Deno.test("decodeRecord() reads a binary-mode record from its ce_ headers", () => {
  const item = decodeRecord(record(JSON.stringify(data), {
    ce_specversion: "1.0",
    ce_id: "e-2",
    ce_source: "agent://test",
    ce_type: "atlas.trajectory.step",
  }));
  assert.equal(item.kind, "event");
  assert.equal((item as Extract<typeof item, { kind: "event" }>).event.id, "e-2");
});

Deno.test("decodeRecord() makes bad JSON an invalid item with E7001", () => {
  const input = record('{"specversion": ');
  const error = invalidError(decodeRecord(input), input);
  assert.equal(error.code, "E7001");
  assert.match(error.message, /not valid JSON/);
});

Deno.test("decodeRecord() makes an unknown type an invalid item with E7004", () => {
  const input = record(JSON.stringify({ ...event, type: "com.example.unknown" }));
  assert.equal(invalidError(decodeRecord(input), input).code, "E7004");
});

Deno.test("decodeRecord() makes a bad envelope E7002 and bad data E7003", () => {
  const noSource = record(JSON.stringify({ ...event, source: undefined }));
  assert.equal(invalidError(decodeRecord(noSource), noSource).code, "E7002");
  const badData = record(JSON.stringify({ ...event, data: { ...data, index: -3 } }));
  assert.equal(invalidError(decodeRecord(badData), badData).code, "E7003");
});

Deno.test("decodeRecord() never throws, whatever the value", () => {
  for (const value of ["", "null", "[]", "42", '"text"', "{}", "\u0000"]) {
    const input = record(value);
    assert.doesNotThrow(() => decodeRecord(input), `value ${JSON.stringify(value)}`);
    assert.equal(decodeRecord(input).kind, "invalid", `value ${JSON.stringify(value)}`);
  }
});
