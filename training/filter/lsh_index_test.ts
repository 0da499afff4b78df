import assert from "node:assert/strict";
import { LshIndex } from "./lsh_index.ts";
import { MinHasher } from "./minhash.ts";
import { randomWords } from "./test_examples.ts";

const hasher = new MinHasher({ seed: 42 });

Deno.test("LshIndex finds a text with one word changed out of 200 as a candidate", () => {
  const words = randomWords(200, 1);
  const index = new LshIndex();
  index.add("original", hasher.sign(words.join(" ")));
  index.add("other", hasher.sign(randomWords(200, 2).join(" ")));
  assert.deepEqual(index.candidates(hasher.sign(words.with(100, "different").join(" "))), ["original"]);
});

Deno.test("LshIndex does not offer unrelated texts as candidates", () => {
  const index = new LshIndex<number>();
  for (let seed = 1; seed <= 200; seed++) index.add(seed, hasher.sign(randomWords(150, seed).join(" ")));
  assert.equal(index.size, 200);
  assert.deepEqual(index.candidates(hasher.sign(randomWords(150, 1000).join(" "))), []);
});

Deno.test("LshIndex returns each candidate once, in the order added", () => {
  const text = randomWords(100, 5).join(" ");
  const index = new LshIndex();
  index.add("b", hasher.sign(text));
  index.add("a", hasher.sign(text));
  assert.deepEqual(index.candidates(hasher.sign(text)), ["b", "a"]);
});

Deno.test("LshIndex refuses a signature whose length is not bands × rows", () => {
  const index = new LshIndex({ bands: 16, rows: 4 });
  assert.throws(() => index.add("x", hasher.sign("some text")), RangeError);
  assert.throws(() => new LshIndex({ bands: 0 }), RangeError);
});
