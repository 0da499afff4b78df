import assert from "node:assert/strict";
import { formatRejections, formatSummary, formatSummaryJson } from "./summary.ts";
import { countBatch, countRejection, keptRejections, newTally } from "./tally.ts";

Deno.test("formatSummary() says what was sent and how fast", () => {
  const tally = newTally();
  countBatch(tally, 478, { accepted: 470, duplicates: 4, rejected: [{ line: 9, code: "E7003", message: "bad" }] });
  countRejection(tally, { line: 2, code: "E7001", message: "not valid JSON" });
  assert.equal(
    formatSummary(tally, 2_000),
    "sent 478, accepted 470, duplicates 4, rejected 2, in 2.0 s (239 events/s)",
  );
  assert.equal(formatSummary(newTally(), 0), "sent 0, accepted 0, duplicates 0, rejected 0, in 0.0 s (0 events/s)");
});

Deno.test("formatSummaryJson() is one JSON line, with the error when the transport failed", () => {
  const tally = newTally();
  tally.lines = 3;
  countBatch(tally, 3, { accepted: 3, duplicates: 0, rejected: [] });
  assert.deepEqual(JSON.parse(formatSummaryJson(tally, 1_500, "http://h/v1/events", undefined)), {
    target: "http://h/v1/events",
    lines: 3,
    sent: 3,
    accepted: 3,
    duplicates: 0,
    rejected: 0,
    seconds: 1.5,
    eventsPerSecond: 2,
    rejections: [],
  });
  const failed = JSON.parse(formatSummaryJson(tally, 1_500, "t", { code: "E7402", message: "gave up" }));
  assert.deepEqual(failed.error, { code: "E7402", message: "gave up" });
});

Deno.test("the tally keeps the first rejections as examples and counts the rest", () => {
  const tally = newTally();
  for (let line = 1; line <= keptRejections + 5; line++) countRejection(tally, { line, code: "E7001", message: "x" });
  assert.equal(tally.rejected, keptRejections + 5);
  const lines = formatRejections(tally);
  assert.equal(lines[0], "line 1: E7001 x");
  assert.equal(lines.length, keptRejections + 1);
  assert.equal(lines.at(-1), "... and 5 more");
  assert.deepEqual(formatRejections(newTally()), []);
});
