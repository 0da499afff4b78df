import assert from "node:assert/strict";
import { placeholdersIn, redactTexts } from "./redact.ts";

Deno.test("redactTexts() gives each value one typed placeholder across an example's texts", () => {
  const { texts, redacted, kept } = redactTexts(
    [
      "Customer jane@example.com (555) 123-4567 asks about order 7",
      "Sent to jane@example.com, cc bob@example.com; key sk-abcdefghijklmnopqrstuvwx",
      null,
    ] as const,
    "redact",
  );
  assert.deepEqual(texts, [
    "Customer <EMAIL_1> <PHONE_1> asks about order 7",
    "Sent to <EMAIL_1>, cc <EMAIL_2>; key <SECRET_1>",
    null,
  ]);
  assert.deepEqual(redacted, { email: 3, phone: 1, "api-key": 1 });
  assert.deepEqual(kept, {});
  assert.deepEqual(placeholdersIn(texts.join(" ")), { EMAIL: 2, PHONE: 1, SECRET: 1 });
});

Deno.test("redactTexts() under keep leaves personal data and still redacts secrets", () => {
  const { texts, redacted, kept } = redactTexts(["jane@example.com token=Xy7pQ2rT9vLm4Nk8Jw3Zb6Hc"] as const, "keep");
  assert.deepEqual(texts, ["jane@example.com token=<SECRET_1>"]);
  assert.deepEqual(redacted, { "high-entropy": 1 });
  assert.deepEqual(kept, { email: 1 });
});
