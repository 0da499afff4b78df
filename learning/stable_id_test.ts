import assert from "node:assert/strict";
import { stableId } from "./stable_id.ts";

Deno.test("stableId() is the same for the same parts and differs otherwise", () => {
  assert.equal(
    stableId("s", "fact-verification", "search>finish"),
    stableId("s", "fact-verification", "search>finish"),
  );
  assert.notEqual(stableId("s", "a", "bc"), stableId("s", "ab", "c"));
  assert.match(stableId("c", "x"), /^c-[0-9a-f]{16}$/);
});
