/**
 * The error a call throws, for tests that go on to read its code, message and details.
 *
 * @module
 */
import assert from "node:assert/strict";
import { AtlasError, type ErrorCode } from "../../errors.ts";

/** The AtlasError `run` throws; fails the test when it throws nothing or something else. */
export function thrown(run: () => unknown): AtlasError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AtlasError, `expected an AtlasError, got ${error}`);
    return error;
  }
  assert.fail("expected an error");
}

/** The AtlasError with `code` that `run` throws. */
export function rejection(run: () => unknown, code: ErrorCode = "E7034"): AtlasError {
  const error = thrown(run);
  assert.equal(error.code, code);
  return error;
}
