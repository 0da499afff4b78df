import assert from "node:assert/strict";
import type { TrainingExample } from "../example.ts";
import { canonicalJson, configHash, contentHash, exampleHash } from "./content_hash.ts";
import type { Split } from "./split.ts";
import { trainingExample } from "../example_fixture.ts";

Deno.test("canonicalJson() sorts keys at every depth and keeps array order", () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } }),
    '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
  );
  assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
  assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
});

Deno.test("canonicalJson() follows JSON.stringify for undefined, dates and odd keys", () => {
  assert.equal(canonicalJson({ a: undefined, b: [undefined] }), '{"b":[null]}');
  assert.equal(canonicalJson({ at: new Date(0) }), '{"at":"1970-01-01T00:00:00.000Z"}');
  assert.equal(canonicalJson(JSON.parse('{"__proto__":{"x":1}}')), '{"__proto__":{"x":1}}');
  assert.equal(canonicalJson("text"), '"text"');
});

Deno.test("exampleHash() ignores extractedAt and key order but sees every content field", () => {
  const base = example();
  const hash = exampleHash(base);
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal(exampleHash({ ...base, extractedAt: 999 }), hash);
  const reordered = Object.fromEntries(Object.entries(base).reverse()) as unknown as TrainingExample;
  assert.equal(exampleHash(reordered), hash);
  assert.notEqual(exampleHash({ ...base, output: "another answer" }), hash);
  assert.notEqual(exampleHash({ ...base, qualityScore: 81 }), hash);
  assert.notEqual(exampleHash({ ...base, difficulty: { ...base.difficulty, level: "hard" } }), hash);
  assert.notEqual(exampleHash({ ...base, lineage: { ...base.lineage, missing: ["planning.completed"] } }), hash);
});

type Member = { id: string; split: Split; exampleHash: string };

Deno.test("contentHash() ignores member order", () => {
  const members = memberList();
  assert.equal(contentHash([...members].reverse()), contentHash(members));
  assert.equal(contentHash(new Set(members)), contentHash(members));
});

Deno.test("contentHash() changes exactly when a member is added, removed, re-split or changed", () => {
  const members = memberList();
  const hash = contentHash(members);
  assert.equal(contentHash(members.map((m) => ({ ...m }))), hash, "same members, fresh objects");
  assert.notEqual(contentHash([...members, { id: "exec:9", split: "train", exampleHash: "h9" }]), hash, "added");
  assert.notEqual(contentHash(members.slice(1)), hash, "removed");
  assert.notEqual(contentHash(members.map((m, i) => i === 0 ? { ...m, split: "test" as const } : m)), hash, "re-split");
  assert.notEqual(contentHash(members.map((m, i) => i === 0 ? { ...m, exampleHash: "other" } : m)), hash, "changed");
  assert.notEqual(contentHash([]), hash);
});

Deno.test("contentHash() cannot be fooled by separators inside an id", () => {
  // Without escaping both would be the line "a TAB val TAB train TAB h".
  const tricky = contentHash([{ id: "a\tval", split: "train", exampleHash: "h" }]);
  const plain = contentHash([{ id: "a", split: "val", exampleHash: "train\th" }]);
  assert.notEqual(tricky, plain);
});

Deno.test("configHash() depends on the values, not on key order", () => {
  const config = { minQuality: 70, domains: ["code", "research"], dedupe: { threshold: 0.9 } };
  assert.equal(
    configHash({ dedupe: { threshold: 0.9 }, domains: ["code", "research"], minQuality: 70 }),
    configHash(config),
  );
  assert.notEqual(configHash({ ...config, minQuality: 71 }), configHash(config));
  assert.notEqual(configHash({ ...config, domains: ["research", "code"] }), configHash(config));
});

function memberList(): Member[] {
  return [
    { id: "exec:1", split: "train", exampleHash: "h1" },
    { id: "exec:2", split: "val", exampleHash: "h2" },
    { id: "traj:3", split: "test", exampleHash: "h3" },
    { id: "exec:10", split: "train", exampleHash: "h10" },
  ];
}

function example(): TrainingExample {
  return trainingExample({
    plan: "search then answer",
    domain: "code",
    lineage: { key: "exec:1", events: [{ type: "t", source: "s", id: "e1" }], missing: [], executionId: "1" },
    extractedAt: 1_700_000_000_000,
  });
}
