import assert from "node:assert/strict";
import { turnsAlternate } from "./turns.ts";

Deno.test("turnsAlternate() takes user then assistant, after an optional system", () => {
  assert.equal(turnsAlternate(["user", "assistant"]), true);
  assert.equal(turnsAlternate(["system", "user", "assistant"]), true);
  assert.equal(turnsAlternate(["user", "assistant", "user", "assistant"]), true);
});

Deno.test("turnsAlternate() refuses the assistant first or last out, repeats, a late system, or no turns", () => {
  assert.equal(turnsAlternate(["assistant", "user"]), false);
  assert.equal(turnsAlternate(["user", "assistant", "user"]), false);
  assert.equal(turnsAlternate(["user", "user"]), false);
  assert.equal(turnsAlternate(["user", "system", "assistant"]), false);
  assert.equal(turnsAlternate(["system"]), false);
  assert.equal(turnsAlternate([]), false);
});
