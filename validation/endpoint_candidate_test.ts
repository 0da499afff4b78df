import assert from "node:assert/strict";
import { ManualClock } from "../clock.ts";
import { AtlasError } from "../errors.ts";
import { reply, startFakeAnthropic } from "../tests/support/fake_anthropic.ts";
import { chatError, startFakeChatCompletions } from "../tests/support/fake_chat_completions.ts";
import { endpointCandidate } from "./endpoint_candidate.ts";
import { validate } from "./validate.ts";

const apiKey = "sk-test-0123456789abcdefghij";

/** An E7207 whose message says `pattern` and never the API key. */
function endpointFailure(pattern: RegExp, status: number | null) {
  return (error: unknown) => {
    assert.ok(error instanceof AtlasError, String(error));
    assert.equal(error.code, "E7207");
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes(apiKey), error.message);
    assert.ok(!JSON.stringify(error.toData()).includes(apiKey));
    assert.equal((error.details as { status: number | null }).status, status);
    return true;
  };
}

Deno.test("endpointCandidate() asks a chat-completions endpoint with the system and user turns", async () => {
  await using fake = await startFakeChatCompletions((req) => `echo: ${req.prompt}`);
  const candidate = endpointCandidate({
    url: fake.url,
    format: "chat-completions",
    model: "ft-v2",
    apiKey,
    system: "Be brief.",
  });
  assert.equal(candidate.id, "chat-completions:ft-v2");
  assert.equal(await candidate.answer("2+2?"), "echo: 2+2?");
  const [request] = fake.requests;
  assert.deepEqual(request!.body, {
    model: "ft-v2",
    messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "2+2?" }],
  });
  assert.equal(request!.headers.get("authorization"), `Bearer ${apiKey}`);
});

Deno.test("endpointCandidate() sends no key or max_tokens to a chat-completions endpoint unless given", async () => {
  await using fake = await startFakeChatCompletions(() => "4");
  const candidate = endpointCandidate({ url: `${fake.url}/`, format: "chat-completions", model: "m", id: "local" });
  assert.equal(candidate.id, "local");
  assert.equal(await candidate.answer("2+2?"), "4");
  assert.equal(fake.requests[0]!.headers.get("authorization"), null);
  assert.deepEqual(fake.requests[0]!.body.messages, [{ role: "user", content: "2+2?" }]);
  await endpointCandidate({ url: fake.url, format: "chat-completions", model: "m", maxTokens: 64 }).answer("x");
  assert.equal(fake.requests[1]!.body.max_tokens, 64);
});

Deno.test("endpointCandidate() turns a chat-completions 500 into E7207 without the API key", async () => {
  await using fake = await startFakeChatCompletions(() => chatError(500, `upstream broke for key ${apiKey}`));
  const candidate = endpointCandidate({ url: fake.url, format: "chat-completions", model: "m", apiKey });
  await assert.rejects(
    candidate.answer("hi"),
    endpointFailure(/answered 500: upstream broke for key \[redacted\]/, 500),
  );
});

Deno.test("endpointCandidate() turns a chat-completions answer without content into E7207", async () => {
  await using fake = await startFakeChatCompletions(() => Response.json({ choices: [] }));
  const candidate = endpointCandidate({ url: fake.url, format: "chat-completions", model: "m", apiKey });
  await assert.rejects(candidate.answer("hi"), endpointFailure(/no text in choices\[0\]\.message\.content/, 200));
});

Deno.test("endpointCandidate() returns a chat-completions refusal as the answer", async () => {
  const refusal = { choices: [{ message: { role: "assistant", content: null, refusal: "I can't help with that." } }] };
  await using fake = await startFakeChatCompletions(() => Response.json(refusal));
  const candidate = endpointCandidate({ url: fake.url, format: "chat-completions", model: "m" });
  assert.equal(await candidate.answer("hi"), "I can't help with that.");
});

Deno.test("endpointCandidate() turns an unreachable endpoint into E7207 with no status", async () => {
  const fake = await startFakeChatCompletions(() => "unused");
  await fake.close();
  const candidate = endpointCandidate({ url: fake.url, format: "chat-completions", model: "m", apiKey });
  await assert.rejects(candidate.answer("hi"), endpointFailure(/gave no answer/, null));
});

Deno.test("endpointCandidate() asks an anthropic endpoint through the SDK", async () => {
  await using fake = await startFakeAnthropic((req) =>
    reply.text(`Finish[${req.prompt.length > 3 ? "SUPPORTS" : "REFUTES"}]`)
  );
  const candidate = endpointCandidate({
    url: fake.url,
    format: "anthropic",
    model: "claude-ft",
    apiKey,
    system: "Verify the claim.",
    maxTokens: 200,
  });
  assert.equal(candidate.id, "anthropic:claude-ft");
  assert.equal(await candidate.answer("The sky is blue."), "Finish[SUPPORTS]");
  const [request] = fake.requests;
  assert.equal(request!.body.model, "claude-ft");
  assert.equal(request!.body.max_tokens, 200);
  assert.equal(request!.system, "Verify the claim.");
  assert.equal(request!.prompt, "The sky is blue.");
});

Deno.test("endpointCandidate() turns an anthropic 500 into E7207 without the API key", async () => {
  await using fake = await startFakeAnthropic();
  fake.enqueue(reply.error(500, `internal error for ${apiKey}`));
  const candidate = endpointCandidate({ url: fake.url, format: "anthropic", model: "claude-ft", apiKey });
  await assert.rejects(candidate.answer("hi"), endpointFailure(/answered 500: internal error for \[redacted\]/, 500));
  assert.equal(fake.requests.length, 1, "the SDK must not retry");
});

Deno.test("endpointCandidate() rejects invalid options with E7205", () => {
  const invalid = [
    { url: "not a url", format: "chat-completions", model: "m" },
    { url: "ftp://host", format: "chat-completions", model: "m" },
    { url: "http://host", format: "chat-completions", model: "" },
    { url: "http://host", format: "chat-completions", model: "m", timeoutMs: 0 },
    { url: "http://host", format: "anthropic", model: "m" },
  ] as const;
  for (const options of invalid) {
    assert.throws(
      () => endpointCandidate(options),
      (error: unknown) => error instanceof AtlasError && error.code === "E7205",
      JSON.stringify(options),
    );
  }
});

Deno.test("validate() judges a chat-completions candidate against an anthropic production model", async () => {
  const cases = [
    { id: "c1", input: "The sky is blue.", expected: "Finish[SUPPORTS]", domain: "fever" },
    { id: "c2", input: "Fish can fly.", expected: "Finish[REFUTES]", domain: "fever" },
  ];
  const verdict = (claim: string) => claim.includes("sky") ? "Finish[SUPPORTS]" : "Finish[REFUTES]";
  await using chat = await startFakeChatCompletions((req) => verdict(req.prompt));
  await using anthropic = await startFakeAnthropic((req) => reply.text(verdict(req.prompt)));
  const report = await validate({
    candidate: endpointCandidate({ url: chat.url, format: "chat-completions", model: "ft-v2" }),
    reference: endpointCandidate({ url: anthropic.url, format: "anthropic", model: "claude-prod", apiKey }),
    referenceKind: "production",
    cases,
    // A clock that never moves: the latencies are 0 and the verdict does not depend on timing.
    clock: new ManualClock(),
  });
  assert.equal(report.recommendation, "DEPLOY");
  assert.equal(report.candidate, "chat-completions:ft-v2");
  assert.equal(report.reference, "anthropic:claude-prod");
  assert.equal(chat.requests.length, 2);
  assert.equal(anthropic.requests.length, 2);
});
