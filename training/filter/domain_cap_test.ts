import assert from "node:assert/strict";
import { domainCaps, type DomainCount } from "./domain_cap.ts";

const counts = (entries: Record<string, [kept: number, candidates: number]>) =>
  new Map<string, DomainCount>(
    Object.entries(entries).map(([domain, [kept, candidates]]) => [domain, { kept, candidates }]),
  );

Deno.test("domainCaps() with a share of 1 allows everything", () => {
  const caps = domainCaps(counts({ a: [0, 90], b: [0, 10] }), 1);
  assert.deepEqual(caps.newAllowed, new Map([["a", 90], ["b", 10]]));
  assert.equal(caps.total, 100);
});

Deno.test("domainCaps() trims the large domain until it holds at most its share of the smaller total", () => {
  const caps = domainCaps(counts({ a: [0, 90], b: [0, 10], c: [0, 10] }), 0.5);
  assert.deepEqual(caps.newAllowed, new Map([["a", 20], ["b", 10], ["c", 10]]));
  assert.equal(caps.total, 40);
});

Deno.test("domainCaps() counts kept examples and never takes them away", () => {
  const caps = domainCaps(counts({ a: [30, 10], b: [0, 20], c: [0, 20] }), 0.4);
  // a's 30 kept already exceed 40% of anything b and c can add (at most 30 + 40 = 70): no new a.
  assert.deepEqual(caps.newAllowed, new Map([["a", 0], ["b", 20], ["c", 20]]));
  assert.equal(caps.total, 70);
});

Deno.test("domainCaps() raises a share no dataset could meet to 1 / domains present", () => {
  const single = domainCaps(counts({ a: [0, 50] }), 0.3);
  assert.equal(single.share, 1);
  assert.deepEqual(single.newAllowed, new Map([["a", 50]]));
  const pair = domainCaps(counts({ a: [0, 90], b: [0, 10] }), 0.3);
  assert.equal(pair.share, 0.5);
  assert.deepEqual(pair.newAllowed, new Map([["a", 10], ["b", 10]]));
});
