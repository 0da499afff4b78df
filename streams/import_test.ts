import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { messageLogTrajectory } from "../schemas/messages/message_log.ts";
import { httpRuntime } from "../tests/support/http_runtime.ts";
import { brokers, readAll, uniqueTopic, withoutKafka } from "../tests/support/kafka_broker.ts";
import { waitFor } from "../tests/support/wait.ts";
import { importLogs } from "./import.ts";
import type { ReplayEnvironment } from "./replay/args.ts";
import { FakeEventsService } from "./replay/fake_events_service.ts";
import { runInProcess, sendTaskPermissions } from "../tests/support/send_command.ts";

const tau2 = fileURLToPath(new URL("../../shared/data/messages/tau2.openai-chat.jsonl", import.meta.url));
const tau2Lines = (await Deno.readTextFile(tau2)).split("\n").filter((line) => line.trim());
const summaryLine =
  /^read (\d+) runs \((\d+) steps\), sent (\d+) events: accepted (\d+), duplicates (\d+), rejected (\d+), in \d+\.\d s\n$/;

const run = (args: string[], env: ReplayEnvironment = {}) => runInProcess(importLogs, args, env);

function counts(stdout: string) {
  const match = summaryLine.exec(stdout);
  assert.ok(match, `not a summary: ${stdout}`);
  const [, runs, steps, sent, accepted, duplicates, rejected] = match.map(Number);
  return { runs, steps, sent, accepted, duplicates, rejected };
}

/** A JSON Lines file of `lines` in the system's temporary folder, outside the repository. */
async function tempFile(lines: string[]): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path) };
}

Deno.test("import sends each tau2 run as one atlas.trajectory event from import://openai-chat, in batches of 50", async () => {
  await using service = new FakeEventsService();
  const result = await run([tau2, "--format", "openai-chat", "--url", service.url]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(counts(result.stdout), {
    runs: 80,
    steps: 2504,
    sent: 80,
    accepted: 80,
    duplicates: 0,
    rejected: 0,
  });
  assert.deepEqual(service.batchSizes, [50, 30]);
  const events = service.requests.flatMap((r) => r.events);
  assert.deepEqual(events.map((e) => e.id), tau2Lines.map((line) => JSON.parse(line).id));
  assert.ok(events.every((e) => e.type === "atlas.trajectory" && e.source === "import://openai-chat"));
  assert.match(
    result.stderr,
    /^import: .*tau2\.openai-chat\.jsonl \(2\.2 MiB\) as openai-chat → http:\/\/127\.0\.0\.1:\d+\/v1\/events, batches of 50\n$/,
  );
});

Deno.test("import reports the runs it rejects by line number and code, sends the rest, and fails on them only with --strict", async () => {
  const [first, second] = tau2Lines.map((line) => JSON.parse(line));
  const { reward: _reward, outcome: _outcome, ...unjudged } = second;
  const broken = { ...first, id: "broken", messages: [{ role: "tool", content: "orphan" }] };
  await using file = await tempFile([
    JSON.stringify(first),
    "",
    "{oops",
    JSON.stringify(broken),
    JSON.stringify(unjudged),
  ]);
  await using service = new FakeEventsService();
  const result = await run([file.path, "--format", "openai-chat", "--url", service.url, "--json"]);
  assert.equal(result.code, 0);
  const summary = JSON.parse(result.stdout);
  assert.deepEqual(
    { lines: summary.lines, runs: summary.runs, sent: summary.sent, rejected: summary.rejected },
    { lines: 4, runs: 1, sent: 1, rejected: 3 },
  );
  assert.deepEqual(summary.rejections.map((r: { line: number; code: string }) => [r.line, r.code]), [
    [3, "E7001"],
    [4, "E7034"],
    [5, "E7034"],
  ]);
  assert.match(
    result.stderr,
    /import: 3 rejected\n {2}line 3: E7001 not valid JSON: .*\n {2}line 4: E7034 messages\[0\]\.tool_call_id: must be a non-empty string, got nothing\n {2}line 5: E7034 the run has no outcome, .*pass --outcome success\|failure\|partial\|aborted\n/,
  );
  assert.equal((await run([file.path, "--format", "openai-chat", "--url", service.url, "--strict"])).code, 1);
  const withOutcome = await run([file.path, "--format", "openai-chat", "--url", service.url, "--outcome", "failure"]);
  assert.equal(counts(withOutcome.stdout).runs, 2);
});

Deno.test("import exits 2 on a usage error or an input it cannot open, 0 for --help", async () => {
  const help = await run(["--help"]);
  assert.equal(help.code, 0);
  assert.match(
    help.stdout,
    /^Usage: deno task import <file\.jsonl \| -> --format openai-chat\|openai-responses\|anthropic/,
  );
  const usage = await run([tau2]);
  assert.equal(usage.code, 2);
  assert.equal(
    usage.stderr,
    "import: --format is required: openai-chat|openai-responses|anthropic|otlp-json\nRun with --help for usage.\n",
  );
  const missing = await run(["/nonexistent/runs.jsonl", "--format", "anthropic"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^import: cannot open \/nonexistent\/runs\.jsonl: /);
});

Deno.test("deno task import runs with its narrow permissions and reads a file outside the repository", async () => {
  const tasks = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url))).tasks;
  assert.equal(tasks.import, `deno run ${sendTaskPermissions.join(" ")} streams/import.ts`);

  await using file = await tempFile(tau2Lines.slice(0, 3));
  await using service = new FakeEventsService();
  const passed = ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME"].flatMap((name) => {
    const value = Deno.env.get(name);
    return value === undefined ? [] : [[name, value]];
  });
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...sendTaskPermissions,
      "streams/import.ts",
      file.path,
      "--format",
      "openai-chat",
      "--url",
      service.url,
    ],
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    clearEnv: true,
    env: { ...Object.fromEntries(passed), NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  assert.deepEqual(counts(stdout), {
    runs: 3,
    steps: counts(stdout).steps,
    sent: 3,
    accepted: 3,
    duplicates: 0,
    rejected: 0,
  });
});

Deno.test("import end to end: the 80 tau2 runs become completed trajectories with their steps; a second import is all duplicates", async () => {
  const { app, runtime, close } = await httpRuntime();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  try {
    const url = `http://127.0.0.1:${server.addr.port}`;
    const first = await run([tau2, "--format", "openai-chat", "--url", url]);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(counts(first.stdout), {
      runs: 80,
      steps: 2504,
      sent: 80,
      accepted: 80,
      duplicates: 0,
      rejected: 0,
    });

    await waitFor(async () => {
      const stats = await (await app.request("/v1/stats")).json();
      return stats.trajectories.byState.completed === 80;
    }, { timeoutMs: 60_000, message: "80 completed trajectories" });

    for (const line of tau2Lines) {
      const want = messageLogTrajectory(JSON.parse(line), { format: "openai-chat" });
      const row = await runtime.trajectories.get(want.trajectoryId);
      assert.ok(row, want.trajectoryId);
      assert.deepEqual({ state: row.state, outcome: row.outcome, steps: row.stepCount }, {
        state: "completed",
        outcome: want.outcome,
        steps: want.steps.length,
      });
    }
    const sample = messageLogTrajectory(JSON.parse(tau2Lines[0]!), { format: "openai-chat" });
    const stored = await (await app.request(`/v1/trajectories/${sample.trajectoryId}`)).json();
    assert.deepEqual(stored.steps, sample.steps);
    assert.deepEqual(stored.task, sample.task);
    assert.deepEqual(stored.metadata, { format: "openai-chat", reward: 1 });

    const second = await run([tau2, "--format", "openai-chat", "--url", url]);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(counts(second.stdout), {
      runs: 80,
      steps: 2504,
      sent: 80,
      accepted: 0,
      duplicates: 80,
      rejected: 0,
    });
  } finally {
    await server.shutdown();
    await close();
  }
});

Deno.test({
  name: "[kafka] import produces each run as one event keyed by its trajectory",
  ignore: withoutKafka,
  async fn() {
    const topic = uniqueTopic("import");
    const result = await run([tau2, "--format", "openai-chat", "--to", "kafka", "--topic", topic, "--create-topic"], {
      KAFKA_BROKERS: brokers().join(","),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(counts(result.stdout), {
      runs: 80,
      steps: 2504,
      sent: 80,
      accepted: 80,
      duplicates: 0,
      rejected: 0,
    });
    const messages = await readAll(topic, 80);
    assert.equal(messages.length, 80);
    for (const message of messages) {
      const event = JSON.parse(message.value);
      assert.equal(message.key, event.data.trajectoryId);
      assert.equal(event.type, "atlas.trajectory");
    }
    assert.deepEqual(new Set(messages.map((m) => m.key)), new Set(tau2Lines.map((line) => JSON.parse(line).id)));
  },
});
