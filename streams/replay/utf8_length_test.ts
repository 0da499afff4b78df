import assert from "node:assert/strict";
import { utf8Length } from "./utf8_length.ts";

Deno.test("utf8Length() counts as TextEncoder does, for one- to four-byte characters", () => {
  const encoder = new TextEncoder();
  for (const text of ["", "plain ascii {}", "café", "2 €", "ok 😀", "Ωμέγα → 漢字 🚀🚀 x"]) {
    assert.equal(utf8Length(text), encoder.encode(text).length, text);
  }
});
