import assert from "node:assert/strict";
import { formatBar, formatBytes, formatLine, type ProgressSnapshot } from "./progress_format.ts";

const snapshot = (fields: Partial<ProgressSnapshot> = {}): ProgressSnapshot => ({
  bytesRead: 243_000,
  totalBytes: 486_000,
  sent: 200,
  rejected: 3,
  elapsedMs: 2_000,
  ...fields,
});

Deno.test("formatBytes() picks a binary unit", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(1023), "1023 B");
  assert.equal(formatBytes(1024), "1.0 KiB");
  assert.equal(formatBytes(486_086), "474.7 KiB");
  assert.equal(formatBytes(3 * 1024 ** 3), "3.0 GiB");
});

Deno.test("formatBar() shows the share read, the counts and the rate", () => {
  assert.equal(
    formatBar(snapshot()),
    "[████████████░░░░░░░░░░░░]  50.0%  237.3 KiB / 474.6 KiB  sent 200  rejected 3  100 ev/s",
  );
  assert.match(formatBar(snapshot({ bytesRead: 486_001 })), /^\[█{24}\] 100\.0%/);
});

Deno.test("formatBar() and formatLine() read stdin without a share, its size being unknown", () => {
  assert.equal(formatBar(snapshot({ totalBytes: undefined })), "237.3 KiB read  sent 200  rejected 3  100 ev/s");
  assert.equal(
    formatLine(snapshot({ totalBytes: undefined })),
    "replay: 237.3 KiB read, sent 200, rejected 3, 100 events/s, 2.0 s",
  );
});

Deno.test("formatLine() is one plain line for logs", () => {
  assert.equal(formatLine(snapshot()), "replay: 50% of 474.6 KiB read, sent 200, rejected 3, 100 events/s, 2.0 s");
  assert.equal(formatLine(snapshot({ elapsedMs: 0, sent: 0 })).includes("0 events/s"), true);
});
