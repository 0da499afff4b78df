import assert from "node:assert/strict";
import { doubleValue, int64Value, microsFromNanos, requestPath, setAttribute, spanProblem } from "./span_rules.ts";

const good = {
  traceId: "5b8efff798038103d269b633813fc60c",
  spanId: "00f067aa0ba902b7",
  parentSpanId: "",
  startNanos: 1n,
  endNanos: 1n,
  statusCode: 0,
};

Deno.test("spanProblem() takes a valid span, with or without a parent, lasting zero time or more", () => {
  assert.equal(spanProblem(good), null);
  assert.equal(spanProblem({ ...good, parentSpanId: "0102030405060708", endNanos: 5n, statusCode: 2 }), null);
});

Deno.test("spanProblem() names the first thing wrong with a span", () => {
  assert.equal(spanProblem({ ...good, traceId: "" }), "trace id is 0 bytes, not 16");
  assert.equal(spanProblem({ ...good, spanId: "0".repeat(16) }), "span id is all zeros");
  assert.equal(spanProblem({ ...good, startNanos: 5n, endNanos: 4n }), "span ends before it starts");
});

Deno.test("microsFromNanos() divides on the exact 64-bit value", () => {
  // 2^53 + 1 µs and 999 ns would round as a double before dividing.
  assert.equal(microsFromNanos(9_007_199_254_740_993_999n), 9_007_199_254_740_993);
  assert.equal(microsFromNanos(1_700_000_000_123_456_789n), 1_700_000_000_123_456);
});

Deno.test("int64Value() and doubleValue() keep every value JSON can carry", () => {
  assert.equal(int64Value(-5), -5);
  assert.equal(int64Value(2n ** 60n), "1152921504606846976");
  assert.equal(doubleValue(1.5), 1.5);
  assert.deepEqual([NaN, Infinity, -Infinity].map(doubleValue), ["NaN", "Infinity", "-Infinity"]);
});

Deno.test("setAttribute() keeps __proto__ as a plain key", () => {
  const target = {};
  setAttribute(target, "__proto__", { polluted: true });
  assert.equal(Object.getPrototypeOf(target), Object.prototype);
  assert.deepEqual(Object.keys(target), ["__proto__"]);
});

Deno.test("requestPath() names where a decoder is", () => {
  const names = { resource: "resource_spans", scope: "scope_spans", span: "spans" };
  assert.equal(requestPath(names, { resource: -1, scope: -1, span: -1 }), "the request");
  assert.equal(requestPath(names, { resource: 2, scope: 0, span: 7 }), "resource_spans[2].scope_spans[0].spans[7]");
});
