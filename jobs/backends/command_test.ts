import assert from "node:assert/strict";
import { join } from "node:path";
import { AtlasError } from "../../errors.ts";
import { tinyTrainerCommand, trainingJob } from "../../tests/support/trainer/fixtures.ts";
import { waitFor } from "../../tests/support/wait.ts";
import type { Progress, TrainingHandle, TrainingInput, WatchCallbacks } from "../backend.ts";
import { CommandBackend, type CommandBackendOptions } from "./command.ts";
import { parseTrainerLine } from "./command_progress.ts";
import { groupAlive, signalGroup } from "./detached_process.ts";

const fast = { pollMs: 20, killGraceMs: 5_000 };

function backend(options: Partial<CommandBackendOptions> = {}): CommandBackend {
  return new CommandBackend({ command: tinyTrainerCommand, ppoCommand: tinyTrainerCommand, ...fast, ...options });
}

/** Callbacks that record what watch() delivers, and a promise of the first progress. */
function recorder() {
  const progress: Progress[] = [];
  const handles: TrainingHandle[] = [];
  let first!: () => void;
  const started = new Promise<void>((resolve) => first = resolve);
  const on: WatchCallbacks = {
    progress: (p) => {
      progress.push(p);
      if (p.step !== undefined) first();
    },
    handle: (h) => handles.push(h),
  };
  return { progress, handles, started, on };
}

async function stdoutJson(input: TrainingInput): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(join(input.workDir, "trainer.stdout.jsonl"));
  return text.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<AtlasError> {
  const error = await promise.then(() => assert.fail(`expected ${code}`), (e) => e);
  assert.ok(error instanceof AtlasError, String(error));
  assert.equal(error.code, code, error.message);
  return error;
}

Deno.test("CommandBackend trains to the end: rising steps, the losses the trainer printed, its artifact", async () => {
  await using input = await trainingJob({ epochs: 6 });
  const trainer = backend();
  const handle = await trainer.start(input);
  const seen = recorder();
  const result = await trainer.watch(input, handle, seen.on, new AbortController().signal);

  const steps = seen.progress.flatMap((p) => p.step === undefined ? [] : [p.step]);
  assert.ok(steps.length > 3);
  assert.ok(steps.every((step, i) => i === 0 || step > steps[i - 1]!), `steps rise: ${steps}`);
  const printed = (await stdoutJson(input)).filter((l) => typeof l.step === "number").map((l) => l.loss);
  assert.deepEqual(seen.progress.filter((p) => p.step !== undefined).map((p) => p.loss), printed);
  assert.ok(seen.progress.some((p) => p.metrics?.val_loss !== undefined), "validation each epoch");
  assert.ok(seen.progress.every((p) => p.etaMs === undefined || p.etaMs >= 0));

  // It learned: the last epoch's loss is below the first step's ln(vocabulary size).
  const firstLoss = seen.progress[0]!.loss!;
  assert.ok(Math.abs(firstLoss - Math.log(result.metrics.vocabulary!)) < 1e-9);
  assert.ok(result.metrics.train_loss! < firstLoss * 0.7, JSON.stringify(result.metrics));
  assert.equal(typeof result.metrics.val_loss, "number");
  assert.equal(seen.handles.at(-1)!.offset, (await Deno.stat(join(input.workDir, "trainer.stdout.jsonl"))).size);

  const adapter = JSON.parse(await Deno.readTextFile(join(input.outputDir, "adapter_config.json")));
  assert.deepEqual([adapter.r, adapter.lora_alpha, adapter.lora_dropout], [16, 32, 0.05]);
  const weights = JSON.parse(await Deno.readTextFile(join(input.outputDir, "adapter_model.json")));
  assert.equal(weights.vocabulary.length, result.metrics.vocabulary);
  const told = JSON.parse(await Deno.readTextFile(join(input.workDir, "trainer_config.json")));
  assert.deepEqual(
    [told.jobId, told.type, told.format, told.train, told.outputDir, told.config.learningRate],
    [input.jobId, "sft", "chat", input.prepared.files.train, input.outputDir, 0.5],
  );
  assert.equal(await groupAlive(handle.processGroup as number), false);
});

Deno.test("CommandBackend.cancel() sends SIGTERM to a running trainer and leaves no process", async () => {
  await using input = await trainingJob({ epochs: 100 });
  const trainer = backend({ env: { TINY_TRAINER_STEP_DELAY_MS: "20" } });
  const handle = await trainer.start(input);
  const seen = recorder();
  const watching = rejectsWith(trainer.watch(input, handle, seen.on, new AbortController().signal), "E7933");
  await seen.started;
  await trainer.cancel(input, handle);

  assert.equal(await groupAlive(handle.processGroup as number), false);
  const error = await watching;
  assert.deepEqual((error.details as { exitCode: number }).exitCode, 143);
  assert.match(error.message, /SIGTERM, stopping/);
  await trainer.cancel(input, handle);
});

Deno.test("CommandBackend.watch() rejects a crashed trainer with E7933, its stderr, retryable", async () => {
  await using input = await trainingJob({});
  const trainer = backend({ env: { TINY_TRAINER_CRASH_AT_STEP: "3" } });
  const seen = recorder();
  const error = await rejectsWith(
    trainer.watch(input, await trainer.start(input), seen.on, new AbortController().signal),
    "E7933",
  );
  assert.match(error.message, /trainer exited with code 1: .*simulated crash at step 3/);
  assert.equal(error.retryable, true);
  assert.deepEqual(error.details, {
    exitCode: 1,
    stderrTail: "tiny_trainer: simulated crash at step 3 (TINY_TRAINER_CRASH_AT_STEP)",
  });
  assert.deepEqual(seen.progress.map((p) => p.step), [1, 2]);
});

Deno.test("CommandBackend resumes with the last handle in a new instance, delivering no line twice", async () => {
  await using input = await trainingJob({ epochs: 8 });
  const env = { TINY_TRAINER_STEP_DELAY_MS: "10" };
  const first = recorder();
  const runtime = new AbortController();
  const before = backend({ env });
  const watching = before.watch(input, await before.start(input), {
    progress: (p) => {
      first.on.progress(p);
      if (first.progress.length === 3) runtime.abort();
    },
    handle: first.on.handle,
  }, runtime.signal);
  await assert.rejects(watching, (e) => e instanceof DOMException && e.name === "AbortError");

  const second = recorder();
  const last = first.handles.at(-1)!;
  const result = await backend({ env }).watch(input, last, second.on, new AbortController().signal);
  assert.equal(typeof result.metrics.train_loss, "number");
  // The lines of the poll that saw the abort are delivered, and the handle covers them.
  assert.ok(first.progress.length >= 3);
  const delivered = [...first.progress, ...second.progress];
  assert.equal(delivered.length, (await stdoutJson(input)).filter((l) => l.done !== true).length);
  const steps = delivered.flatMap((p) => p.step === undefined ? [] : [p.step]);
  assert.equal(new Set(steps).size, steps.length, "no step twice");
  assert.ok(steps.every((step, i) => i === 0 || step > steps[i - 1]!));
});

Deno.test("CommandBackend.watch() rejects with E7934 a trainer killed while nobody watched", async () => {
  await using input = await trainingJob({ epochs: 100 });
  const trainer = backend({ env: { TINY_TRAINER_STEP_DELAY_MS: "20" } });
  const handle = await trainer.start(input);
  const group = handle.processGroup as number;
  // The whole group, wrapper included, as a reboot would: no exit status is written.
  await signalGroup(group, "KILL");
  await waitFor(async () => !(await groupAlive(group)), { message: "the killed trainer to be gone" });
  const error = await rejectsWith(trainer.watch(input, handle, recorder().on, new AbortController().signal), "E7934");
  assert.equal(error.retryable, false);
});

Deno.test("CommandBackend.start() without a command is E7938, and a PPO job without ppoCommand too", async () => {
  await using input = await trainingJob({});
  const error = await rejectsWith(new CommandBackend({ command: [] }).start(input), "E7938");
  assert.match(error.message, /ATLAS_TRAINER_COMMAND/);
  await using ppo = await trainingJob({ type: "ppo", ppo: { rewardModel: "rm" } }, "preference");
  await rejectsWith(new CommandBackend({ command: tinyTrainerCommand }).start(ppo), "E7938");
});

Deno.test("CommandBackend ignores stdout lines that are not progress, and needs the done line and an artifact", async () => {
  await using input = await trainingJob({});
  const script = (done: boolean, artifact: boolean) => [
    "sh",
    "-c",
    [
      "echo 'UserWarning: this is not JSON'",
      `echo '{"step":1,"total_steps":2,"loss":0.75,"eta_seconds":1.5,"lr":0.01,"note":"x"}'`,
      "echo '{broken'",
      "echo '[1,2]'",
      `echo '{"step":2,"total_steps":2,"loss":0.5}'`,
      artifact ? `echo weights > '${input.outputDir}/weights.bin'` : "true",
      done ? `echo '{"done":true,"metrics":{"loss":0.5}}'` : "true",
    ].join("; "),
    "trainer",
  ];
  const run = (command: string[]) => {
    const trainer = new CommandBackend({ command, ...fast });
    return trainer.start(input).then((h) => trainer.watch(input, h, seen.on, new AbortController().signal));
  };
  const seen = recorder();
  assert.deepEqual(await run(script(true, true)), { metrics: { loss: 0.5 } });
  assert.deepEqual(seen.progress, [
    { step: 1, totalSteps: 2, loss: 0.75, etaMs: 1500, metrics: { lr: 0.01 } },
    { step: 2, totalSteps: 2, loss: 0.5 },
  ]);
  await Deno.remove(join(input.outputDir, "weights.bin"));
  assert.match((await rejectsWith(run(script(true, false)), "E7933")).message, /wrote nothing/);
  const noDone = await rejectsWith(run(script(false, true)), "E7933");
  assert.match(noDone.message, /done line/);
  assert.equal(noDone.retryable, false);
});

Deno.test("a reward job then a PPO job against its reward model, both through the command backend", async () => {
  await using reward = await trainingJob({ type: "reward", learningRate: 1, epochs: 10 }, "preference");
  const trainer = backend();
  const rewardSeen = recorder();
  const rewardResult = await trainer.watch(
    reward,
    await trainer.start(reward),
    rewardSeen.on,
    new AbortController().signal,
  );
  assert.equal(rewardResult.metrics.train_accuracy, 1, JSON.stringify(rewardResult.metrics));
  assert.ok(rewardSeen.progress.some((p) => p.metrics?.val_accuracy !== undefined));

  const rewardModel = join(reward.outputDir, "reward_model.json");
  await using ppo = await trainingJob({ type: "ppo", learningRate: 1, epochs: 20, ppo: { rewardModel } }, "preference");
  const seen = recorder();
  const result = await trainer.watch(ppo, await trainer.start(ppo), seen.on, new AbortController().signal);
  assert.ok(result.metrics.mean_reward! > result.metrics.reference_mean_reward!, JSON.stringify(result.metrics));
  assert.ok(result.metrics.kl! > 0);
  const stepped = seen.progress.filter((p) => p.step !== undefined);
  assert.ok(stepped.every((p) => typeof p.loss === "number" && typeof p.metrics?.kl === "number"));
  assert.ok(stepped.every((p) => typeof p.metrics?.mean_reward === "number"));
  const told = JSON.parse(await Deno.readTextFile(join(ppo.workDir, "trainer_config.json")));
  assert.equal(told.rewardModel, rewardModel);
  await Deno.stat(join(ppo.outputDir, "policy.json"));
});

Deno.test("parseTrainerLine() reads progress, done lines and anything else", () => {
  assert.deepEqual(parseTrainerLine('{"epoch":2,"message":"saving","val_loss":1.25,"tag":"a"}'), {
    kind: "progress",
    progress: { epoch: 2, message: "saving", metrics: { val_loss: 1.25 } },
  });
  assert.deepEqual(parseTrainerLine('{"done":true,"metrics":{"loss":1,"name":"x"}}'), {
    kind: "done",
    metrics: { loss: 1 },
  });
  for (const line of ["", "null", "3", '"text"', '{"tag":"only strings"}', "Epoch 1/3 ━━━━"]) {
    assert.deepEqual(parseTrainerLine(line), { kind: "other" }, line);
  }
});
