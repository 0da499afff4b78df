import assert from "node:assert/strict";
import { z } from "zod";
import { AtlasError } from "../errors.ts";
import { createLogger } from "../log.ts";
import { estimateTokens, type FakeAnthropic, reply, startFakeAnthropic } from "../tests/support/fake_anthropic.ts";
import { AnthropicLlm, type AnthropicLlmOptions, defaultModel, retryAfterMs } from "./anthropic.ts";
import type { StructuredRequest } from "./llm.ts";
import { costUsd, priceOf } from "./pricing.ts";

const apiKey = "sk-ant-test-0123456789";

const verdictSchema = z.object({
  verdict: z.enum(["supports", "refutes"]),
  confidence: z.number().min(0).max(1),
  note: z.string().default(""),
});

const ask = (
  prompt = "Claim: the sky is blue.",
  purpose = "verdict",
): StructuredRequest<z.infer<typeof verdictSchema>> => ({
  purpose,
  system: "You judge claims against evidence. Answer with the judge tool.",
  prompt,
  schema: verdictSchema,
  tool: { name: "judge", description: "Report the verdict." },
  maxTokens: 300,
});

/** A client on `fake` whose waits are recorded, not slept, with jitter fixed at the middle. */
function client(fake: FakeAnthropic, options: Partial<AnthropicLlmOptions> = {}) {
  const slept: number[] = [];
  const llm = new AnthropicLlm({
    apiKey,
    baseURL: fake.url,
    sleep: (ms) => Promise.resolve(void slept.push(ms)),
    random: () => 0.5,
    ...options,
  });
  return { llm, slept };
}

const judged = { verdict: "supports", confidence: 0.9 };

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<AtlasError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof AtlasError, `expected an AtlasError ${code}, got ${error}`);
  assert.equal(error.code, code, error.message);
  return error;
}

Deno.test("AnthropicLlm.structured() returns the tool input, parsed and typed by the schema", async () => {
  await using fake = await startFakeAnthropic((req) => ({
    verdict: req.prompt.includes("blue") ? "supports" : "refutes",
    confidence: 0.8,
  }));
  const { llm } = client(fake);
  const answer = await llm.structured(ask());
  // The schema's default filled `note`: the answer is the parsed value, not the raw input.
  assert.deepEqual(answer, { verdict: "supports", confidence: 0.8, note: "" });
  assert.equal((await llm.structured(ask("Claim: grass is red."))).verdict, "refutes");
  assert.equal(llm.model, defaultModel);
});

Deno.test("AnthropicLlm sends the forced tool, the zod schema as JSON Schema and a cached system block", async () => {
  await using fake = await startFakeAnthropic(() => judged);
  const { llm } = client(fake, { model: "claude-haiku-4-5" });
  await llm.structured(ask());
  const { body, headers } = fake.requests[0]!;
  assert.equal(body.model, "claude-haiku-4-5");
  assert.equal(body.max_tokens, 300);
  assert.deepEqual(body.system, [{
    type: "text",
    text: "You judge claims against evidence. Answer with the judge tool.",
    cache_control: { type: "ephemeral" },
  }]);
  assert.deepEqual(body.messages, [{ role: "user", content: "Claim: the sky is blue." }]);
  assert.deepEqual(body.tool_choice, { type: "tool", name: "judge" });
  assert.deepEqual(body.thinking, { type: "disabled" });
  const { $schema: _, ...schema } = z.toJSONSchema(verdictSchema, { io: "input" });
  assert.deepEqual(body.tools, [{ name: "judge", description: "Report the verdict.", input_schema: schema }]);
  assert.equal(body.tools![0]!.input_schema.$schema, undefined);
  // `note` has a default, so the model may leave it out.
  assert.deepEqual((schema as { required: string[] }).required, ["verdict", "confidence"]);
  assert.ok(headers.get("anthropic-version"));
  assert.equal(headers.get("x-stainless-retry-count"), "0");
});

Deno.test("AnthropicLlm.structured() throws E7912 naming the purpose when the input fails the schema", async () => {
  await using fake = await startFakeAnthropic(() => ({ verdict: "maybe", confidence: 7 }));
  const { llm, slept } = client(fake);
  const error = await rejectsWith(llm.structured(ask()), "E7912");
  assert.match(error.message, /verdict answer does not match its schema: verdict: .+ and 1 more issue/);
  const details = error.details as { purpose: string; tool: string; issues: Array<{ path: string }> };
  assert.equal(details.purpose, "verdict");
  assert.equal(details.tool, "judge");
  assert.deepEqual(details.issues.map((i) => i.path), ["verdict", "confidence"]);
  // Not retried here: whether to ask again is the caller's decision.
  assert.equal(fake.requests.length, 1);
  assert.deepEqual(slept, []);
});

Deno.test("AnthropicLlm.structured() throws E7912 when the model answers in text without the tool", async () => {
  await using fake = await startFakeAnthropic(() => reply.text("I think it supports the claim."));
  const { llm } = client(fake);
  const error = await rejectsWith(llm.structured(ask()), "E7912");
  assert.match(error.message, /answered verdict without calling judge/);
  assert.equal((error.details as { text: string }).text, "I think it supports the claim.");
});

Deno.test("AnthropicLlm refuses an answer schema that is not an object, before calling", async () => {
  await using fake = await startFakeAnthropic(() => judged);
  const { llm } = client(fake);
  const request = { ...ask(), schema: z.array(z.string()) };
  const error = await rejectsWith(llm.structured(request), "E7999");
  assert.match(error.message, /verdict answer schema must describe an object/);
  assert.equal(fake.requests.length, 0);
});

Deno.test("AnthropicLlm retries a 429 after the retry-after delay, then answers", async () => {
  await using fake = await startFakeAnthropic(() => judged);
  fake.enqueue(reply.rateLimited({ retryAfter: "2" }), reply.rateLimited({ headers: { "retry-after-ms": "750" } }));
  const { llm, slept } = client(fake);
  assert.equal((await llm.structured(ask())).verdict, "supports");
  assert.deepEqual(slept, [2_000, 750]);
  assert.equal(fake.requests.length, 3);
  assert.equal(llm.usage.totals("verdict").retries, 2);
  assert.equal(llm.usage.totals("verdict").failures, 0);
});

Deno.test("AnthropicLlm gives up with E7701 when rate limits outlast maxRetries", async () => {
  await using fake = await startFakeAnthropic(() => reply.rateLimited({ retryAfter: "600" }));
  const { llm, slept } = client(fake, { maxRetries: 2, maxDelayMs: 30_000 });
  const error = await rejectsWith(llm.structured(ask()), "E7701");
  assert.equal(error.retryable, true);
  assert.equal(error.status, 429);
  assert.match(error.message, /rate limited for verdict after 3 attempt/);
  assert.deepEqual(slept, [30_000, 30_000], "retry-after is capped at maxDelayMs");
  assert.equal(fake.requests.length, 3);
  assert.equal(llm.usage.totals("verdict").failures, 1);
});

Deno.test("AnthropicLlm backs off exponentially on 500 and 529, capped at maxDelayMs", async () => {
  await using fake = await startFakeAnthropic(() => judged);
  fake.enqueue(reply.error(500), reply.overloaded(), reply.error(503), reply.overloaded());
  const { llm, slept } = client(fake, { baseDelayMs: 1_000, maxDelayMs: 5_000 });
  await llm.structured(ask());
  // Jitter fixed at 0.5: three quarters of 1 s, 2 s, 4 s, then of the 5 s cap.
  assert.deepEqual(slept, [750, 1_500, 3_000, 3_750]);
});

Deno.test("AnthropicLlm answers 529 after the last retry with E7701, a 500 with retryable E7911", async () => {
  await using fake = await startFakeAnthropic(() => reply.overloaded());
  const { llm } = client(fake, { maxRetries: 1 });
  assert.equal((await rejectsWith(llm.structured(ask()), "E7701")).retryable, true);
  fake.respond(() => reply.error(500, "Internal server error"));
  const error = await rejectsWith(llm.structured(ask()), "E7911");
  assert.equal(error.retryable, true);
  assert.match(error.message, /after 2 attempt\(s\): 500 Internal server error/);
});

Deno.test("AnthropicLlm throws E7911 at once on a 400, without retrying", async () => {
  await using fake = await startFakeAnthropic(() => reply.error(400, "max_tokens: too large"));
  const { llm, slept } = client(fake);
  const error = await rejectsWith(llm.structured(ask()), "E7911");
  assert.equal(error.retryable, false);
  assert.match(error.message, /provider error for verdict after 1 attempt\(s\): 400 max_tokens: too large/);
  assert.deepEqual(error.details, {
    purpose: "verdict",
    status: 400,
    type: "invalid_request_error",
    requestId: "req_fake_1",
    attempts: 1,
  });
  assert.equal(fake.requests.length, 1);
  assert.deepEqual(slept, []);
});

Deno.test("AnthropicLlm retries connection errors, then throws a retryable E7911", async () => {
  const fake = await startFakeAnthropic();
  const url = fake.url;
  await fake.close();
  const { llm, slept } = client({ ...fake, url }, { maxRetries: 2 });
  const error = await rejectsWith(llm.structured(ask()), "E7911");
  assert.equal(error.retryable, true);
  assert.equal((error.details as { status: unknown }).status, null);
  assert.equal(slept.length, 2);
});

Deno.test("AnthropicLlm keeps at most `concurrency` calls in flight, first come first served", async () => {
  await using fake = await startFakeAnthropic((req) => ({ ...judged, note: req.prompt }));
  const { llm } = client(fake, { concurrency: 2 });
  const gate = fake.hold();
  const prompts = ["p0", "p1", "p2", "p3", "p4"];
  const answers = Promise.all(prompts.map((p) => llm.structured(ask(p))));
  await fake.waitForRequests(2);
  assert.equal(fake.inFlight, 2);
  gate.release();
  assert.deepEqual((await answers).map((a) => a.note), prompts);
  assert.equal(fake.maxInFlight, 2);
  // The first two calls took the slots; the rest raced once released.
  assert.deepEqual(fake.requests.slice(0, 2).map((r) => r.prompt), ["p0", "p1"]);
});

Deno.test("AnthropicLlm records tokens and cost per purpose, a cache write then cache reads", async () => {
  await using fake = await startFakeAnthropic(() => judged);
  const { llm } = client(fake);
  await llm.structured(ask("first"));
  await llm.structured(ask("second"));
  await llm.structured(ask("third", "other"));
  const system = estimateTokens(ask().system);
  const verdict = llm.usage.totals("verdict");
  assert.equal(verdict.calls, 2);
  assert.equal(verdict.cacheCreationInputTokens, system);
  assert.equal(verdict.cacheReadInputTokens, system);
  assert.equal(verdict.inputTokens, estimateTokens("first") + estimateTokens("second"));
  assert.equal(verdict.outputTokens, 2 * estimateTokens(JSON.stringify(judged)));
  assert.ok(Math.abs(verdict.costUsd - costUsd(verdict, priceOf(defaultModel).price)) < 1e-12);
  // Same model, same system: the other purpose reads the cache too.
  assert.equal(llm.usage.totals("other").cacheReadInputTokens, system);
  assert.equal(llm.usage.snapshot().total.calls, 3);
});

Deno.test("AnthropicLlm counts a malformed answer as billed and failed", async () => {
  await using fake = await startFakeAnthropic(() => ({ verdict: "maybe" }));
  const { llm } = client(fake);
  await rejectsWith(llm.structured(ask()), "E7912");
  assert.equal(llm.usage.totals("verdict").calls, 1);
  assert.equal(llm.usage.totals("verdict").failures, 1);
});

Deno.test("AnthropicLlm never logs or reports the API key", async () => {
  await using fake = await startFakeAnthropic(() => reply.error(401, "invalid x-api-key"));
  fake.enqueue(reply.rateLimited());
  const lines: string[] = [];
  const { llm } = client(fake, { log: createLogger("debug", (line) => lines.push(line)) });
  const error = await rejectsWith(llm.structured(ask()), "E7911");
  assert.equal(error.retryable, false);
  assert.ok(lines.some((line) => line.includes("llm call retrying")));
  assert.ok(lines.some((line) => line.includes("llm call failed")));
  const seen = [...lines, error.message, JSON.stringify(error.details)].join("\n");
  assert.ok(!seen.includes(apiKey), "the key stays out of logs and errors");
});

Deno.test("retryAfterMs() reads retry-after-ms, seconds and HTTP dates", () => {
  const now = Date.parse("2026-11-22T10:00:00Z");
  const h = (init: Record<string, string>) => new Headers(init);
  assert.equal(retryAfterMs(h({ "retry-after": "3" }), now), 3_000);
  assert.equal(retryAfterMs(h({ "retry-after": "0" }), now), 0);
  assert.equal(retryAfterMs(h({ "retry-after": "1.5", "retry-after-ms": "120" }), now), 120);
  assert.equal(retryAfterMs(h({ "retry-after": "Sun, 22 Nov 2026 10:00:07 GMT" }), now), 7_000);
  assert.equal(retryAfterMs(h({ "retry-after": "Sun, 22 Nov 2026 09:00:00 GMT" }), now), 0);
  assert.equal(retryAfterMs(h({ "retry-after": "soon" }), now), undefined);
  assert.equal(retryAfterMs(h({}), now), undefined);
  assert.equal(retryAfterMs(undefined, now), undefined);
});
