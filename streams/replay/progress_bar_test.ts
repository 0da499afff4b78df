import assert from "node:assert/strict";
import { ManualClock } from "../../clock.ts";
import { ProgressBar } from "./progress_bar.ts";

function bar(terminal: boolean) {
  const clock = new ManualClock(0);
  const written: string[] = [];
  const progress = new ProgressBar({
    write: (text) => written.push(text),
    terminal,
    clock,
    snapshot: () => ({ bytesRead: 50, totalBytes: 100, sent: 10, rejected: 0, elapsedMs: clock.now() }),
  });
  return { progress, clock, written };
}

Deno.test("ProgressBar redraws a terminal's bar in place at most ten times a second", () => {
  const { progress, clock, written } = bar(true);
  progress.tick();
  clock.advance(60);
  progress.tick();
  clock.advance(40);
  progress.tick();
  assert.equal(written.length, 2);
  assert.ok(written.every((w) => w.startsWith("\r\x1b[2K[") && !w.includes("\n")));
  progress.done();
  assert.equal(written.at(-1), "\r\x1b[2K");
});

Deno.test("ProgressBar writes a plain line every five seconds elsewhere, and nothing to erase", () => {
  const { progress, clock, written } = bar(false);
  progress.tick();
  clock.advance(4_999);
  progress.tick();
  assert.deepEqual(written, []);
  clock.advance(1);
  progress.tick();
  assert.deepEqual(written, ["replay: 50% of 100 B read, sent 10, rejected 0, 2 events/s, 5.0 s\n"]);
  progress.done();
  assert.equal(written.length, 1);
});
