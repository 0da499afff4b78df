/**
 * The README, true as written: its shell examples run in order, as a new user runs
 * them, against a fresh service (`deno task start`'s defaults, an empty database),
 * fed only what the README feeds it. Every request goes through a recording proxy,
 * so each command is checked by what went over the wire: it exits 0, answers what
 * the comment after it shows (status and JSON, or the stream's events), or a 2xx
 * when no answer is shown; and every request and answer agrees with the OpenAPI
 * document.
 *
 * Left out: commands that start the service (the test starts it) and those that
 * need a Kafka broker or kcat (the Kafka tests run those paths).
 *
 * @module
 */
import assert from "node:assert/strict";
import { finalJobStates } from "../actors/job/machine.ts";
import { checkExchange } from "./support/openapi_check.ts";
import { type Exchange, startRecordingProxy } from "./support/recording_proxy.ts";
import { serviceDataDir, startService } from "./support/service.ts";
import { differences, type ShellCommand, shellCommands } from "./support/shell_commands.ts";

const root = new URL("../", import.meta.url);
/** The sections whose examples a user runs against the service, in the README's order. */
const sections = ["A first run", "API", "OpenTelemetry in", "Message logs in"];
const skipped = /deno task (dev|start)\b|--to kafka|\bkcat\b|KAFKA_BROKERS=/;
/** Streams that never end: read for a few seconds. */
const endless = /\/v1\/events\/stream/;

/** The README's shell needs curl and jq; without them the test is skipped, except in CI. */
const missing = ["curl", "jq"].filter((tool) => !onPath(tool));
const inCi = Deno.env.get("CI") === "true";
if (missing.length && !inCi) console.warn(`skipping the README's examples: no ${missing.join(" or ")} on PATH`);

Deno.test({
  name: "every README example does what the README says, in order, on a fresh service",
  ignore: missing.length > 0 && !inCi,
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  assert.deepEqual(missing, [], "CI=true: the README's shell needs curl and jq");
  const commands = readmeCommands(await Deno.readTextFile(new URL("README.md", root)));
  assert.ok(commands.length >= 60, `the README's examples are all found (${commands.length})`);
  const dir = await serviceDataDir("readme-");
  const service = await startService({
    ATLAS_DB_URL: `file:${dir}/atlas.db`,
    ATLAS_ARTIFACT_DIR: `${dir}/artifacts`,
    ATLAS_JOBS_DIR: `${dir}/jobs`,
  }, { logFile: `${dir}/service.log` });
  const proxy = startRecordingProxy(service.url);
  try {
    const document = await (await fetch(`${service.url}/openapi.json`)).json();
    const results = await runInOrder(commands, proxy.url, dir);
    await proxy.settled();
    const problems = commands.flatMap((command, n) => {
      const exchanges = proxy.exchanges.filter((e) => e.tag === n);
      return [
        ...check(command, results.exits.get(n), exchanges),
        ...exchanges.flatMap((e) => againstContract(document, e)),
      ]
        .map((problem) => `README line ${command.line}: ${problem}\n    ${firstLine(command.text)}`);
    });
    assert.deepEqual(problems, [], `${problems.join("\n")}\n--- output ---\n${results.output.slice(-6_000)}`);
  } finally {
    await proxy.close();
    await service.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

function readmeCommands(readme: string): ShellCommand[] {
  const lines = readme.split("\n");
  const commands: ShellCommand[] = [];
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    const heading = /^## (.+)$/.exec(lines[i]!);
    if (heading) section = heading[1]!;
    if (lines[i] !== "```sh" || !sections.includes(section)) continue;
    const end = lines.indexOf("```", i + 1);
    commands.push(...shellCommands(lines.slice(i + 1, end).join("\n"), i + 2));
    i = end;
  }
  return commands.filter((c) => !skipped.test(c.text));
}

/**
 * Runs the commands in one shell, so variables carry over, from a folder beside
 * which `../shared` is the shared data, as it is beside the repository. Each
 * command first tells the proxy its number, so its requests are tagged with it.
 */
async function runInOrder(commands: ShellCommand[], proxyUrl: string, dir: string) {
  const cwd = `${dir}/main`;
  await Deno.mkdir(cwd);
  await Deno.symlink(new URL("../shared", root).pathname, `${dir}/shared`);
  const address = new URL(proxyUrl).host;
  const script = commands.map((command, n) => {
    const text = command.text.replaceAll(/(localhost|127\.0\.0\.1):8080/g, address);
    return [
      `printf '\\n@@ %s (README line %s)\\n' ${n} ${command.line}`,
      `curl -s -o /dev/null ${proxyUrl}/__readme__/${n}`,
      endless.test(text) ? `timeout 3 ${text}` : text,
      `printf '%s %s\\n' ${n} $? >> ${dir}/exits`,
    ].join("\n");
  }).join("\n");
  const run = await new Deno.Command("bash", {
    args: ["-c", script],
    cwd,
    // A user's shell has no INIT_CWD, and `deno task` sets it to where it was started; the test runner's
    // `deno task test` has set it already, and a task keeps one it inherits.
    env: { NO_COLOR: "1", INIT_CWD: cwd },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const output = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
  const exits = new Map(
    (await Deno.readTextFile(`${dir}/exits`)).trim().split("\n").map((line) =>
      line.split(" ").map(Number) as [
        number,
        number,
      ]
    ),
  );
  return { exits, output };
}

function check(command: ShellCommand, exit: number | undefined, exchanges: Exchange[]): string[] {
  const problems: string[] = [];
  const ok = exit === 0 || (exit === 124 && endless.test(command.text));
  if (!ok) problems.push(`exited ${exit ?? "never"}`);
  const expect = command.expect;
  const answer = exchanges.at(-1);
  if (expect && !answer) return [...problems, "sent no request"];
  if (!expect || expect.kind === "events") {
    for (const e of exchanges) if (e.status >= 400) problems.push(`${e.method} ${e.url}: ${e.status} ${e.body}`);
  }
  if (!expect || !answer) return problems;
  if (expect.kind === "events") return [...problems, ...streamProblems(expect.names, answer)];
  const status = expect.status;
  if (status !== undefined && answer.status !== status) {
    problems.push(`answered ${answer.status}, the README shows ${status}: ${answer.body.slice(0, 300)}`);
  }
  if (status === undefined && answer.status >= 400) problems.push(`answered ${answer.status}: ${answer.body}`);
  if (expect.kind === "json") {
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return [...problems, `answered something that is not JSON: ${answer.body.slice(0, 300)}`];
    }
    problems.push(...differences(expect.value, body));
  }
  return problems;
}

/** What the OpenAPI document says of the request and its answer. */
function againstContract(document: Record<string, unknown>, e: Exchange): string[] {
  return checkExchange(document, {
    method: e.method,
    url: e.url,
    ...(e.requestContentType && { requestContentType: e.requestContentType }),
    requestHeaders: e.requestHeaders,
    ...(e.requestBody !== "" && { requestBody: e.requestBody }),
    status: e.status,
    ...(e.contentType && { responseContentType: e.contentType }),
    responseBody: e.body,
  });
}

/** The stream's event names, repeats folded, are the README's; a job's states end once. */
function streamProblems(names: string[], answer: Exchange): string[] {
  const frames = answer.body.split("\n\n").flatMap((frame) => {
    const event = /^event: (.+)$/m.exec(frame)?.[1];
    const data = /^data: (.+)$/m.exec(frame)?.[1];
    return event ? [{ event, data: data ? JSON.parse(data) : undefined }] : [];
  });
  const seen = frames.map((f) => f.event).filter((name, i, all) => name !== all[i - 1]);
  const problems = seen.join(", ") === names.join(", ")
    ? []
    : [`the stream sent ${seen.join(", ")}; the README shows ${names.join(", ")}`];
  const states = frames.filter((f) => f.event === "job").map((f) => (f.data as { state: string }).state);
  const ended = states.findIndex((s) => finalJobStates.includes(s as never));
  if (ended !== -1 && states.slice(ended).some((s) => s !== states[ended])) {
    problems.push(`the job's states came out of order: ${states.join(" → ")}`);
  }
  if (states.length > 0 && states[0] !== "queued") problems.push(`the job's first state is ${states[0]}`);
  return problems;
}

function onPath(tool: string): boolean {
  return (Deno.env.get("PATH") ?? "").split(":").some((dir) => {
    try {
      return Deno.statSync(`${dir}/${tool}`).isFile;
    } catch {
      return false;
    }
  });
}

const firstLine = (text: string) => text.split("\n")[0]!.slice(0, 120);
