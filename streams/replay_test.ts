import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { datasetLines } from "../tests/support/datasets.ts";
import { brokers, readAll, uniqueTopic, withoutKafka } from "../tests/support/kafka_broker.ts";
import type { ReplayEnvironment } from "./replay/args.ts";
import { FakeEventsService } from "./replay/fake_events_service.ts";
import { replay } from "./replay.ts";
import { runInProcess, sendTaskPermissions } from "../tests/support/send_command.ts";

const voyager = fileURLToPath(new URL("../../shared/data/events/voyager.events.jsonl", import.meta.url));
const summaryLine = /^sent (\d+), accepted (\d+), duplicates (\d+), rejected (\d+), in \d+\.\d s \(\d+ events\/s\)\n$/;

const run = (args: string[], env: ReplayEnvironment = {}) => runInProcess(replay, args, env);

/** Runs `deno run <task permissions> streams/replay.ts <args>` in a clean environment. */
async function runCommand(args: string[], stdin?: ReadableStream<Uint8Array>) {
  const passed = ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME"].flatMap((name) => {
    const value = Deno.env.get(name);
    return value === undefined ? [] : [[name, value]];
  });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...sendTaskPermissions, "streams/replay.ts", ...args],
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    clearEnv: true,
    env: { ...Object.fromEntries(passed), NO_COLOR: "1" },
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const [output] = await Promise.all([child.output(), stdin?.pipeTo(child.stdin)]);
  const decoder = new TextDecoder();
  return { code: output.code, stdout: decoder.decode(output.stdout), stderr: decoder.decode(output.stderr) };
}

function counts(stdout: string) {
  const match = summaryLine.exec(stdout);
  assert.ok(match, `not a summary: ${stdout}`);
  const [, sent, accepted, duplicates, rejected] = match.map(Number);
  return { sent, accepted, duplicates, rejected };
}

Deno.test("replay sends voyager's 478 events to POST /v1/events in batches, with the token", async () => {
  await using service = new FakeEventsService({ token: "T" });
  const result = await run([voyager, "--url", service.url, "--token", "T", "--batch", "100"]);
  assert.equal(result.code, 0, result.stderr);
  // The data repeats four (source, id) pairs: the service counts them as duplicates.
  assert.deepEqual(counts(result.stdout), { sent: 478, accepted: 474, duplicates: 4, rejected: 0 });
  assert.deepEqual(service.batchSizes, [100, 100, 100, 100, 78]);
  for (const request of service.requests) {
    assert.equal(request.contentType, "application/cloudevents-batch+json");
    assert.equal(request.authorization, "Bearer T");
  }
  const sentIds = service.requests.flatMap((r) => r.events.map((e) => e.id));
  assert.deepEqual(sentIds, (await datasetLines("voyager")).map((line) => JSON.parse(line).id));
  assert.match(
    result.stderr,
    /^replay: .*voyager\.events\.jsonl \(474\.7 KiB\) → http:\/\/127\.0\.0\.1:\d+\/v1\/events/,
  );
});

Deno.test("replay takes the token from ATLAS_API_TOKEN, and sends none without one", async () => {
  await using service = new FakeEventsService();
  assert.equal((await run([voyager, "--url", service.url], { ATLAS_API_TOKEN: "from-env" })).code, 0);
  assert.equal((await run([voyager, "--url", service.url])).code, 0);
  assert.deepEqual(service.requests.map((r) => r.authorization), ["Bearer from-env", null]);
  assert.deepEqual(service.batchSizes, [478, 478]);
});

Deno.test("replay splits a batch the service finds too large (413) and retries the halves", async () => {
  await using service = new FakeEventsService({ maxBodyBytes: 150_000 });
  const result = await run([voyager, "--url", service.url]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(counts(result.stdout), { sent: 478, accepted: 474, duplicates: 4, rejected: 0 });
  assert.equal(service.requests[0]?.status, 413);
  assert.ok(service.requests.filter((r) => r.status === 202).every((r) => r.bytes <= 150_000));
  assert.equal(service.batchSizes.reduce((a, b) => a + b), 478);
  assert.ok(Math.max(...service.batchSizes) < 478);
});

Deno.test("replay reports invalid lines by number, sends the rest, and fails on them only with --strict", async () => {
  const [first, second] = await datasetLines("voyager");
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  try {
    await Deno.writeTextFile(
      path,
      [first, "", "{oops", JSON.stringify({ specversion: "1.0", id: "x" }), "  ", second, "[1,2]"].join("\n"),
    );
    await using service = new FakeEventsService();
    const result = await run([path, "--url", service.url]);
    assert.equal(result.code, 0);
    assert.deepEqual(counts(result.stdout), { sent: 2, accepted: 2, duplicates: 0, rejected: 3 });
    assert.match(
      result.stderr,
      /replay: 3 rejected\n {2}line 3: E7001 not valid JSON: .*\n {2}line 4: E7002 .*\n {2}line 7: E7002 /,
    );
    assert.deepEqual(service.batchSizes, [2]);
    assert.equal((await run([path, "--url", service.url, "--strict"])).code, 1);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("replay --json prints the summary as one JSON line", async () => {
  await using service = new FakeEventsService();
  const result = await run([voyager, "--url", service.url, "--json"]);
  assert.equal(result.code, 0);
  assert.equal(result.stdout.split("\n").length, 2);
  const summary = JSON.parse(result.stdout);
  assert.deepEqual(
    { ...summary, seconds: 0, eventsPerSecond: 0 },
    {
      target: `${service.url}/v1/events`,
      lines: 478,
      sent: 478,
      accepted: 474,
      duplicates: 4,
      rejected: 0,
      seconds: 0,
      eventsPerSecond: 0,
      rejections: [],
    },
  );
});

Deno.test("replay exits 1 when the transport fails, with what was sent before", async () => {
  let requests = 0;
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const events = await req.json();
    if (++requests < 3) return Response.json({ accepted: events.length, duplicates: 0, rejected: [] }, { status: 202 });
    return Response.json({ error: { code: "E7400", message: "store unavailable" } }, { status: 500 });
  });
  const result = await run([voyager, "--url", `http://127.0.0.1:${server.addr.port}`, "--batch", "100"]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /replay: E7400 POST .* answered 500 \(E7400 store unavailable\)\n$/);
  assert.deepEqual(counts(result.stdout), { sent: 200, accepted: 200, duplicates: 0, rejected: 0 });
});

Deno.test("replay exits 1 when it cannot reach the service, after a few tries", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${listener.addr.port}`;
  listener.close();
  const result = await run([voyager, "--url", url, "--json"]);
  assert.equal(result.code, 1);
  assert.deepEqual(result.sleeps, [250, 500, 1000, 2000]);
  const summary = JSON.parse(result.stdout);
  assert.equal(summary.sent, 0);
  assert.equal(summary.error.code, "E7402");
  assert.match(summary.error.message, /^cannot reach .* \(gave up after 5 tries\)$/);
});

Deno.test("replay exits 2 on a usage error or an input it cannot open, 0 for --help", async () => {
  const help = await run(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: deno task replay <file\.jsonl \| -> \[options\]/);
  const usage = await run([voyager, "--batch", "none"]);
  assert.equal(usage.code, 2);
  assert.equal(usage.stderr, 'replay: --batch must be a positive integer, got "none"\nRun with --help for usage.\n');
  assert.equal(usage.stdout, "");
  const missing = await run(["/nonexistent/events.jsonl"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^replay: cannot open \/nonexistent\/events\.jsonl: /);
});

Deno.test("replay reads stdin for -, under the task's permissions", async () => {
  await using service = new FakeEventsService();
  const file = await Deno.open(voyager);
  const result = await runCommand(["-", "--url", service.url], file.readable);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(counts(result.stdout), { sent: 478, accepted: 474, duplicates: 4, rejected: 0 });
  assert.match(result.stderr, /^replay: stdin → /m);
});

Deno.test({
  name: "[kafka] replay produces keyed events",
  ignore: withoutKafka,
  async fn() {
    const topic = uniqueTopic("replay");
    const result = await runCommand([voyager, "--brokers", brokers().join(","), "--topic", topic, "--create-topic"]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(counts(result.stdout), { sent: 478, accepted: 478, duplicates: 0, rejected: 0 });

    const messages = await readAll(topic, 478);
    assert.equal(messages.length, 478);
    for (const message of messages) assert.equal(message.key, JSON.parse(message.value).data.trajectoryId);
    // Structured mode: each value is the line as written.
    const lines = await datasetLines("voyager");
    assert.deepEqual(messages.map((m) => m.value).sort(), lines.sort());
  },
});
