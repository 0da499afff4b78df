import assert from "node:assert/strict";
import { slices } from "./kafka_producer.ts";

const message = (n: number, size: number) => ({ key: `k${n}`, value: "x".repeat(size) });

Deno.test("slices() cuts a large send into slices under the limit, in order, a larger message alone", () => {
  const messages = [message(1, 40), message(2, 40), message(3, 40), message(4, 200), message(5, 10)];
  const cut = slices(messages, 100);
  assert.deepEqual(cut.map((s) => s.map((m) => m.key)), [["k1", "k2"], ["k3"], ["k4"], ["k5"]]);
  assert.deepEqual(cut.flat(), messages);
  assert.deepEqual(slices([], 100), []);
});
