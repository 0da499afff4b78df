import assert from "node:assert/strict";
import { estimateTokens, type MessagesBody, reply, startFakeAnthropic } from "./fake_anthropic.ts";

const headers = { "content-type": "application/json", "x-api-key": "sk-test", "anthropic-version": "2023-06-01" };

const body = (system = "You judge claims.", prompt = "Is the sky blue?"): MessagesBody => ({
  model: "claude-sonnet-5",
  max_tokens: 256,
  system: [{ type: "text", text: system, cache_control: { type: "ephemeral" } }],
  messages: [{ role: "user", content: prompt }],
  tools: [{ name: "judge", input_schema: { type: "object" } }],
  tool_choice: { type: "tool", name: "judge" },
});

async function post(url: string, json: unknown, sent: Record<string, string> = headers) {
  const response = await fetch(`${url}/v1/messages`, { method: "POST", headers: sent, body: JSON.stringify(json) });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

Deno.test("startFakeAnthropic() answers a tool call computed from the request", async () => {
  await using fake = await startFakeAnthropic((req) => ({ verdict: req.prompt.includes("blue") ? "yes" : "no" }));
  const { status, json } = await post(fake.url, body());
  assert.equal(status, 200);
  assert.equal(json.type, "message");
  assert.equal(json.model, "claude-sonnet-5");
  assert.equal(json.stop_reason, "tool_use");
  assert.deepEqual(json.content[0].input, { verdict: "yes" });
  assert.equal(json.content[0].name, "judge");
  assert.equal(fake.requests.length, 1);
  assert.equal(fake.requests[0]!.system, "You judge claims.");
  assert.equal(fake.requests[0]!.headers.get("x-api-key"), "sk-test");
});

Deno.test("startFakeAnthropic() plays queued answers before the handler", async () => {
  await using fake = await startFakeAnthropic(() => ({ verdict: "yes" }));
  fake.enqueue(reply.rateLimited({ retryAfter: "3" }), reply.overloaded(), reply.text("I would rather not."));
  const limited = await post(fake.url, body());
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("retry-after"), "3");
  assert.deepEqual(limited.json.error.type, "rate_limit_error");
  assert.equal((await post(fake.url, body())).status, 529);
  const text = await post(fake.url, body());
  assert.deepEqual(text.json.content, [{ type: "text", text: "I would rather not.", citations: null }]);
  assert.equal(text.json.stop_reason, "end_turn");
  assert.deepEqual((await post(fake.url, body())).json.content[0].input, { verdict: "yes" });
});

Deno.test("startFakeAnthropic() reports a cache write first, then cache reads for the same system", async () => {
  await using fake = await startFakeAnthropic(() => ({ verdict: "yes" }));
  const system = "You judge claims. ".repeat(50);
  const first = (await post(fake.url, body(system))).json.usage;
  const second = (await post(fake.url, body(system))).json.usage;
  const other = (await post(fake.url, body("Another system."))).json.usage;
  const tokens = estimateTokens(system);
  assert.deepEqual(first, {
    input_tokens: estimateTokens("Is the sky blue?"),
    output_tokens: estimateTokens(JSON.stringify({ verdict: "yes" })),
    cache_creation_input_tokens: tokens,
    cache_read_input_tokens: 0,
  });
  assert.equal(second.cache_creation_input_tokens, 0);
  assert.equal(second.cache_read_input_tokens, tokens);
  assert.equal(other.cache_creation_input_tokens, estimateTokens("Another system."));
});

Deno.test("startFakeAnthropic() refuses requests without a key or version, as the API does", async () => {
  await using fake = await startFakeAnthropic(() => ({}), { apiKey: "sk-test" });
  const noKey = await post(fake.url, body(), { "content-type": "application/json", "anthropic-version": "2023-06-01" });
  assert.equal(noKey.status, 401);
  assert.deepEqual(noKey.json.type, "error");
  assert.deepEqual(noKey.json.error.type, "authentication_error");
  assert.equal((await post(fake.url, body(), { ...headers, "x-api-key": "sk-other" })).status, 401);
  const bearer = { "content-type": "application/json", authorization: "Bearer sk-test", "anthropic-version": "1" };
  assert.equal((await post(fake.url, body(), bearer)).status, 200);
  const noVersion = await post(fake.url, body(), { "content-type": "application/json", "x-api-key": "sk-test" });
  assert.equal(noVersion.status, 400);
  assert.match(noVersion.json.error.message, /anthropic-version/);
  const badTool = await post(fake.url, { ...body(), tool_choice: { type: "tool", name: "missing" } });
  assert.equal(badTool.status, 400);
});

Deno.test("startFakeAnthropic() answers 400 when nothing is scripted", async () => {
  await using fake = await startFakeAnthropic();
  const { status, json } = await post(fake.url, body());
  assert.equal(status, 400);
  assert.match(json.error.message, /no answer scripted/);
});

Deno.test("startFakeAnthropic() hold() keeps requests in flight until released", async () => {
  await using fake = await startFakeAnthropic(() => ({ verdict: "yes" }));
  const gate = fake.hold();
  const answers = [post(fake.url, body()), post(fake.url, body())];
  await fake.waitForRequests(2);
  assert.equal(fake.inFlight, 2);
  gate.release();
  assert.deepEqual((await Promise.all(answers)).map((a) => a.status), [200, 200]);
  assert.equal(fake.inFlight, 0);
  assert.equal(fake.maxInFlight, 2);
});
