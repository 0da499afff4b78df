import assert from "node:assert/strict";
import { compress, type Draft, foldCycles, mostUsed } from "./compress.ts";

const draft = (key: string, actions = 1, uses: string[] = [key]): Draft => ({
  key,
  verb: key,
  uses: new Map(uses.map((u) => [u, 1])),
  actions,
  repeats: 1,
  example: key,
});
const shown = (drafts: Draft[]) => drafts.map((d) => `${d.key}${d.repeats > 1 ? `×${d.repeats}` : ""}`);

Deno.test("foldCycles() folds a repeat and a repeated block into one, counting rounds", () => {
  const keys = ["explore", "edit", "verify", "edit", "verify", "edit", "verify", "submit"];
  assert.deepEqual(shown(foldCycles(keys.map((k) => draft(k)))), ["explore", "edit×3", "verify×3", "submit"]);
  assert.deepEqual(shown(foldCycles(["a", "a", "b", "a"].map((k) => draft(k)))), ["a×2", "b", "a"]);
});

Deno.test("compress() absorbs the smallest recurring steps into their neighbours, never a protected one", () => {
  const keys = ["e", "r", "x", "e", "v", "x", "s", "e", "r", "v", "x", "e", "v", "sub"];
  const drafts = keys.map((k, i) => draft(k, k === "sub" ? 1 : i + 1, [`${k}${i}`]));
  const out = compress(drafts, 6, (d) => d.key === "sub");
  assert.ok(out.length <= 6);
  assert.equal(out.at(-1)!.key, "sub");
  // Nothing is lost: every use and every action is still there.
  assert.equal(out.reduce((n, d) => n + d.uses.size, 0), keys.length);
  assert.equal(out.reduce((n, d) => n + d.actions, 0), drafts.reduce((n, d) => n + d.actions, 0));
});

Deno.test("mostUsed() ranks uses by weight, then by first use", () => {
  const d = draft("explore", 1, []);
  for (const [use, weight] of [["ls", 1], ["grep", 3], ["cat", 3], ["head", 0.5]] as const) d.uses.set(use, weight);
  assert.deepEqual(mostUsed(d, 3), ["grep", "cat", "ls"]);
});
