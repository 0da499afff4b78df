import assert from "node:assert/strict";
import { TestScheduler } from "rxjs/testing";
import { type Deadline, sessionTimeouts } from "./session_timeouts.ts";

const testScheduler = () => new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));

/** A deadline item, and the timeout it should produce. */
const arm = (key: string, deadline: number | null, partition = 0): Deadline => ({ key, deadline, partition });
const fired = (key: string, deadline: number, partition = 0) => ({ key, deadline, partition });

/** Runs `marbles` (with `values`) through sessionTimeouts and expects `expected`. */
function expectTimeouts(
  marbles: string,
  values: Record<string, Deadline>,
  expected: string,
  expectedValues?: Record<string, ReturnType<typeof fired>>,
  subscription?: string,
) {
  const scheduler = testScheduler();
  scheduler.run(({ hot, expectObservable }) => {
    const timeouts = hot(marbles, values).pipe(sessionTimeouts(() => scheduler.now(), scheduler));
    expectObservable(timeouts, subscription).toBe(expected, expectedValues);
  });
}

Deno.test("sessionTimeouts() emits a key when its deadline passes", () => {
  expectTimeouts("a", { a: arm("t-1", 30, 2) }, "30ms x", { x: fired("t-1", 30, 2) });
});

Deno.test("sessionTimeouts() emits at once for a deadline already past", () => {
  expectTimeouts("10ms a", { a: arm("t-1", 3) }, "10ms x", { x: fired("t-1", 3) });
});

Deno.test("sessionTimeouts() moves a key's timeout to its newer deadline, later or earlier", () => {
  // later: armed for 20 at 0, moved to 50 at 10
  expectTimeouts("a 9ms b", { a: arm("t-1", 20), b: arm("t-1", 50) }, "50ms x", { x: fired("t-1", 50) });
  // earlier: armed for 50 at 0, moved to 15 at 10
  expectTimeouts("a 9ms b", { a: arm("t-1", 50), b: arm("t-1", 15) }, "15ms x", { x: fired("t-1", 15) });
});

Deno.test("sessionTimeouts() cancels a key's timeout on a null deadline", () => {
  expectTimeouts("a 9ms b", { a: arm("t-1", 20), b: arm("t-1", null) }, "", undefined, "^ 200ms !");
});

Deno.test("sessionTimeouts() keeps the keys independent", () => {
  const values = { a: arm("t-1", 20, 0), b: arm("t-2", 30, 1), c: arm("t-3", 40, 2), d: arm("t-2", null, 1) };
  expectTimeouts("abc 5ms d", values, "20ms x 19ms z", { x: fired("t-1", 20, 0), z: fired("t-3", 40, 2) });
});

Deno.test("sessionTimeouts() emits each timeout once", () => {
  const values = { a: arm("t-1", 10), b: arm("t-2", 10) };
  expectTimeouts("ab", values, "10ms (xy)", { x: fired("t-1", 10), y: fired("t-2", 10) }, "^ 500ms !");
});

Deno.test("sessionTimeouts() watches a key again after it fired or was cancelled", () => {
  const values = {
    a: arm("t-1", 10),
    b: arm("t-1", 40), // re-armed after firing at 10
    c: arm("t-2", 60),
    d: arm("t-2", null),
    e: arm("t-2", 90), // re-armed after being cancelled
  };
  // a at 0, b at 20, c at 21, d at 30, e at 50
  expectTimeouts("a 19ms bc 8ms d 19ms e", values, "10ms x 29ms y 49ms z", {
    x: fired("t-1", 10),
    y: fired("t-1", 40),
    z: fired("t-2", 90),
  });
});

Deno.test("sessionTimeouts() passes completion and errors through", () => {
  const scheduler = testScheduler();
  scheduler.run(({ hot, expectObservable }) => {
    const timeouts = (marbles: string) =>
      hot(marbles, { a: arm("t-1", 100) }, new Error("boom")).pipe(sessionTimeouts(() => scheduler.now(), scheduler));
    expectObservable(timeouts("a 4ms #")).toBe("5ms #", undefined, new Error("boom"));
    expectObservable(timeouts("a 9ms |")).toBe("10ms |");
  });
});

Deno.test("sessionTimeouts() drops its pending timers when unsubscribed", () => {
  const scheduler = testScheduler();
  scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
    const source = hot("a", { a: arm("t-1", 20) });
    expectObservable(source.pipe(sessionTimeouts(() => scheduler.now(), scheduler)), "^ 10ms !").toBe("");
    expectSubscriptions(source.subscriptions).toBe("^ 10ms !");
    // The timer due at 20 is pending at 5, and gone at 15, after the unsubscription at 10.
    const pending = () => scheduler.actions.map((a) => a.delay);
    scheduler.schedule(() => assert.ok(pending().includes(20)), 5);
    scheduler.schedule(() => assert.deepEqual(pending(), []), 15);
  });
});

Deno.test("sessionTimeouts() holds a passed deadline until it is due, looking again every recheckMs", () => {
  const scheduler = testScheduler();
  scheduler.run(({ hot, expectObservable }) => {
    // The source has read its log up to 45: a deadline at 30 may fire at the first look after that.
    const due = () => scheduler.now() >= 45;
    const timeouts = hot("a", { a: arm("t-1", 30) }).pipe(
      sessionTimeouts(() => scheduler.now(), scheduler, { due, recheckMs: 10 }),
    );
    expectObservable(timeouts).toBe("50ms x", { x: fired("t-1", 30) });
  });
});

Deno.test("sessionTimeouts() lets a newer deadline replace one held back", () => {
  const scheduler = testScheduler();
  scheduler.run(({ hot, expectObservable }) => {
    const due = () => scheduler.now() >= 35;
    const timeouts = hot("a 29ms b", { a: arm("t-1", 20), b: arm("t-1", 60) }).pipe(
      sessionTimeouts(() => scheduler.now(), scheduler, { due, recheckMs: 5 }),
    );
    expectObservable(timeouts).toBe("60ms x", { x: fired("t-1", 60) });
  });
});
