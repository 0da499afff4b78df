import assert from "node:assert/strict";
import { textOf } from "./text_of.ts";

Deno.test("textOf() keeps a string as it is", () => {
  assert.equal(textOf("  Paramore is not from Tennessee.\n"), "  Paramore is not from Tennessee.\n");
});

Deno.test("textOf() reads { text } and { content } as a string", () => {
  assert.equal(textOf({ text: "the answer", score: 1 }), "the answer");
  assert.equal(textOf({ content: "the answer" }), "the answer");
});

Deno.test("textOf() joins an Anthropic-style array of content blocks, keeping non-text blocks as JSON", () => {
  const content = [
    { type: "text", text: "First," },
    { type: "text", text: "second." },
    { type: "tool_use", name: "search", input: { q: "x" }, id: "t1" },
  ];
  assert.equal(textOf({ content }), 'First,\nsecond.\n{"id":"t1","input":{"q":"x"},"name":"search","type":"tool_use"}');
});

Deno.test("textOf() renders messages as role: content lines", () => {
  const messages = [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Is Paramore from Tennessee?" },
    { role: "assistant", content: [{ type: "text", text: "Yes: Franklin, Tennessee." }] },
  ];
  const expected = "system: Be brief.\nuser: Is Paramore from Tennessee?\nassistant: Yes: Franklin, Tennessee.";
  assert.equal(textOf({ messages }), expected);
  assert.equal(textOf(messages), expected);
});

Deno.test("textOf() writes anything else as JSON with sorted keys, the same for equal values", () => {
  assert.equal(
    textOf({ b: 1, a: { d: [2, { z: 0, y: 1 }], c: null } }),
    '{"a":{"c":null,"d":[2,{"y":1,"z":0}]},"b":1}',
  );
  assert.equal(textOf({ x: 1, y: 2 }), textOf({ y: 2, x: 1 }));
  assert.equal(textOf(42), "42");
  assert.equal(textOf(true), "true");
  assert.equal(textOf([1, "a"]), '[1,"a"]');
  assert.equal(textOf({ messages: [] }), '{"messages":[]}');
});

Deno.test("textOf() gives an empty string for null and undefined", () => {
  assert.equal(textOf(null), "");
  assert.equal(textOf(undefined), "");
});
