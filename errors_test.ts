import assert from "node:assert/strict";
import { AtlasError, catalogue, ensureError, type ErrorCode, toErrorBody } from "./errors.ts";

/** CONTRACT section 6. */
const ranges = [
  [7000, 7099, "event intake"],
  [7100, 7199, "example filtering"],
  [7200, 7299, "model registry"],
  [7300, 7399, "RLHF"],
  [7400, 7499, "monitoring and reliability"],
  [7500, 7599, "configuration and authentication"],
  [7600, 7699, "distillation"],
  [7700, 7799, "cost and resources"],
  [7800, 7899, "observability"],
  [7900, 7999, "system and integration"],
] as const;

const areaOf = (code: string) => {
  const n = Number(code.slice(1));
  return ranges.find(([lo, hi]) => n >= lo && n <= hi)?.[2];
};

Deno.test("catalogue codes are E7xxx, each in a CONTRACT section 6 range, with an HTTP status", () => {
  const codes = Object.keys(catalogue) as ErrorCode[];
  assert.ok(codes.length > 0);
  for (const code of codes) {
    assert.match(code, /^E7\d{3}$/);
    assert.ok(areaOf(code), `${code} is in a range`);
    const { status, title } = catalogue[code];
    assert.ok(Number.isInteger(status) && status >= 400 && status <= 599, `${code}: status ${status}`);
    assert.ok(title.length > 0);
  }
});

Deno.test("catalogue codes sit in the range of their area", () => {
  for (const code of ["E7001", "E7002", "E7003", "E7004"] as const) assert.equal(areaOf(code), "event intake");
  for (const code of ["E7400", "E7401", "E7404"] as const) assert.equal(areaOf(code), "monitoring and reliability");
  assert.equal(areaOf("E7500"), "configuration and authentication");
  assert.equal(areaOf("E7501"), "configuration and authentication");
  assert.equal(areaOf("E7700"), "cost and resources");
  assert.equal(catalogue.E7700.status, 413, "an oversized body answers 413 (CONTRACT section 2)");
  for (const code of ["E7001", "E7002", "E7003", "E7004"] as const) assert.equal(catalogue[code].status, 400);
  assert.equal(catalogue.E7501.status, 401);
});

Deno.test("AtlasError carries its code, status, details, cause and the catalogue title by default", () => {
  const cause = new Error("socket closed");
  const error = new AtlasError("E7400", undefined, { details: { table: "steps" }, cause, retryable: true });
  assert.ok(error instanceof Error);
  assert.equal(error.name, "AtlasError");
  assert.equal(error.code, "E7400");
  assert.equal(error.status, 503);
  assert.equal(error.message, catalogue.E7400.title);
  assert.deepEqual(error.details, { table: "steps" });
  assert.equal(error.cause, cause);
  assert.equal(error.retryable, true);
  assert.equal(new AtlasError("E7999").retryable, false);
});

Deno.test("ensureError() keeps an AtlasError as it is", () => {
  const original = new AtlasError("E7003", "bad data");
  assert.equal(ensureError(original), original);
  assert.equal(ensureError(original, "E7400"), original, "the fallback code does not override");
});

Deno.test("ensureError() wraps an Error as E7999 with its message and cause", () => {
  const error = new TypeError("x is undefined");
  const wrapped = ensureError(error);
  assert.ok(wrapped instanceof AtlasError);
  assert.equal(wrapped.code, "E7999");
  assert.equal(wrapped.status, 500);
  assert.equal(wrapped.message, "x is undefined");
  assert.equal(wrapped.cause, error);
});

Deno.test("ensureError() wraps anything thrown, with the code given", () => {
  const fromString = ensureError("store is gone", "E7400");
  assert.equal(fromString.code, "E7400");
  assert.equal(fromString.message, "store is gone");
  assert.equal(fromString.cause, "store is gone");
  assert.equal(ensureError(undefined).message, "undefined");
  assert.equal(ensureError({ reason: 1 }).code, "E7999");
});

Deno.test("toErrorBody() is the contract's error body", () => {
  assert.deepEqual(toErrorBody(new AtlasError("E7004", 'unknown event type "x"')), {
    error: { code: "E7004", message: 'unknown event type "x"' },
  });
  const body = toErrorBody(new AtlasError("E7003", "invalid", { details: [{ path: "data.index", message: "<0" }] }));
  assert.deepEqual(body, {
    error: { code: "E7003", message: "invalid", details: [{ path: "data.index", message: "<0" }] },
  });
  assert.ok(!("details" in toErrorBody(new AtlasError("E7999")).error), "no details key when there are none");
  assert.deepEqual(JSON.parse(JSON.stringify(body)), body, "JSON-safe");
});

Deno.test("toErrorBody() does not leak the cause", () => {
  const body = toErrorBody(ensureError(new Error("password=hunter2 rejected"), "E7400"));
  assert.deepEqual(Object.keys(body.error).sort(), ["code", "message"]);
});
