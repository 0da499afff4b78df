import assert from "node:assert/strict";
import { Bm25Index } from "./bm25.ts";

Deno.test("Bm25Index ranks the document sharing the rarer word first", () => {
  const index = new Bm25Index(["Marnie is a film.", "Paramore is a band.", "Eric Church is a singer."]);
  const [marnie, paramore, church] = index.scores("Is Paramore a film?");
  // "is" and "a" are in every document; "paramore" is in one and "film" in one: both lead.
  assert.ok(paramore! > church! && marnie! > church!);
  assert.ok(church! > 0, "a word in every document still counts a little");
});

Deno.test("Bm25Index scores 0 when no word is shared, and ignores repeats in the query", () => {
  const index = new Bm25Index(["green tea bags", "running shoes"]);
  assert.deepEqual(index.scores("hair extension"), [0, 0]);
  assert.deepEqual(index.scores("tea tea tea"), index.scores("tea"));
});

Deno.test("Bm25Index prefers the shorter of two documents that match equally", () => {
  const index = new Bm25Index(["green tea", "green tea bags caffeine free organic loose leaf"]);
  const [short, long] = index.scores("green tea");
  assert.ok(short! > long!);
});
