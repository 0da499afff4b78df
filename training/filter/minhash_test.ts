import assert from "node:assert/strict";
import { seededRandom } from "../../learning/seeded_random.ts";
import { estimateJaccard, MinHasher, normalizeText, shingleHashes } from "./minhash.ts";
import { randomWords } from "./test_examples.ts";

Deno.test("normalizeText() lowercases, turns punctuation into spaces and collapses whitespace", () => {
  assert.equal(normalizeText("  Hello,\tWorld!!  Search[Paramore]\n"), "hello world search paramore");
  assert.equal(normalizeText("Ünïcode café — 東京 42"), "ünïcode café 東京 42");
  assert.equal(normalizeText("?!"), "");
});

Deno.test("shingleHashes() makes one shingle per window of k words, and one for a shorter text", () => {
  assert.equal(shingleHashes("a b c d e f g", 5).length, 3);
  assert.equal(shingleHashes("a b c", 5).length, 1);
  assert.equal(shingleHashes("", 5).length, 1);
  assert.notDeepEqual(shingleHashes("a b c", 5), shingleHashes("c b a", 5));
  assert.deepEqual(shingleHashes("The  cat, sat!", 2), shingleHashes("the cat sat", 2));
});

Deno.test("shingleHashes() reads a raw text as the words normalizeText gives", () => {
  const text = "Ça VA? naïve\u0301 — 東京タワー, 𝒳-ray 😀 émoji!! [B09QQ] $34.89\n\tend";
  assert.deepEqual(shingleHashes(text, 2), shingleHashes(normalizeText(text), 2));
});

Deno.test("estimateJaccard() of a text with itself is 1", () => {
  const hasher = new MinHasher({ seed: 42 });
  const text = randomWords(200, 1).join(" ");
  assert.equal(estimateJaccard(hasher.sign(text), hasher.sign(text)), 1);
});

Deno.test("estimateJaccard() of texts differing in one word out of 200 is at least 0.85", () => {
  const hasher = new MinHasher({ seed: 42 });
  const words = randomWords(200, 1);
  const changed = words.with(100, "different");
  // 5 of 196 shingles change: the true Jaccard is 191/201 = 0.95.
  assert.ok(estimateJaccard(hasher.sign(words.join(" ")), hasher.sign(changed.join(" "))) >= 0.85);
});

Deno.test("estimateJaccard() of unrelated texts is below 0.2", () => {
  const hasher = new MinHasher({ seed: 42 });
  const a = hasher.sign(randomWords(200, 1).join(" "));
  const b = hasher.sign(randomWords(200, 2).join(" "));
  assert.ok(estimateJaccard(a, b) < 0.2);
});

Deno.test("MinHasher signatures are the same for the same seed and differ for another", () => {
  const text = randomWords(150, 3).join(" ");
  assert.deepEqual(new MinHasher({ seed: 7 }).sign(text), new MinHasher({ seed: 7 }).sign(text));
  assert.notDeepEqual(new MinHasher({ seed: 7 }).sign(text), new MinHasher({ seed: 8 }).sign(text));
  assert.equal(new MinHasher({ seed: 7, permutations: 64 }).sign(text).length, 64);
});

Deno.test("MinHasher estimates track the true Jaccard of shingle sets within the expected error", () => {
  const random = seededRandom(11);
  const draw = () => Math.floor(random() * 0x1_0000_0000) >>> 0;
  // |A| = |B| = 150 sharing 100: J = 100 / 200 = 0.5; standard error √(0.25/128) ≈ 0.044.
  const estimates = Array.from({ length: 50 }, (_, seed) => {
    const shared = Array.from({ length: 100 }, draw);
    const a = Uint32Array.from([...shared, ...Array.from({ length: 50 }, draw)]);
    const b = Uint32Array.from([...shared, ...Array.from({ length: 50 }, draw)]);
    const hasher = new MinHasher({ seed });
    return estimateJaccard(hasher.signShingles(a), hasher.signShingles(b));
  });
  const mean = estimates.reduce((sum, e) => sum + e, 0) / estimates.length;
  assert.ok(Math.abs(mean - 0.5) < 0.03, `mean estimate ${mean}`);
});

Deno.test("MinHasher rejects a shingle size or permutation count that is not a positive integer", () => {
  assert.throws(() => new MinHasher({ seed: 1, shingleSize: 0 }), RangeError);
  assert.throws(() => new MinHasher({ seed: 1, permutations: 2.5 }), RangeError);
});
