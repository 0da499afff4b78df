/**
 * A tiny but real trainer speaking the command backend's protocol
 * (jobs/backends/command.ts): tests and demos run it where a LoRA script would run.
 *
 * ```sh
 * deno run --allow-read --allow-write tests/support/trainer/tiny_trainer.ts --config trainer_config.json
 * ```
 *
 * - `sft` (chat, anthropic or prompt-completion files): a low-rank next-word model
 *   of the assistant's answers (sft.ts), `adapter_model.json`;
 * - `reward` (preference files): a Bradley–Terry linear reward model (reward.ts),
 *   `reward_model.json`;
 * - `ppo` (preference files, and `rewardModel`: the path of a `reward_model.json`
 *   written by a `reward` job): a PPO policy over the candidate responses (ppo.ts),
 *   `policy.json`.
 *
 * Each writes `adapter_config.json` (base model, LoRA rank, alpha and dropout) beside
 * its weights, prints the loss it computed and an ETA from the measured step time,
 * and the done line last. SIGTERM stops it with exit code 143; a failure is a
 * message on stderr and exit code 1. The test hooks are described in run.ts.
 *
 * @module
 */
import { contexts, trainPpo } from "./ppo.ts";
import { loadRewardModel, readPairs, trainReward } from "./reward.ts";
import { Run, type TinyConfig, totalSteps } from "./run.ts";
import { readExamples, trainSft } from "./sft.ts";

Deno.addSignalListener("SIGTERM", () => {
  console.error("tiny_trainer: SIGTERM, stopping");
  Deno.exit(143);
});

try {
  await main(Deno.args);
} catch (error) {
  console.error(`tiny_trainer: ${error instanceof Error ? error.message : error}`);
  Deno.exit(1);
}
// The SIGTERM listener would otherwise keep the process alive.
Deno.exit(0);

async function main(args: string[]): Promise<void> {
  const at = args.indexOf("--config");
  if (at < 0 || !args[at + 1]) throw new Error("usage: tiny_trainer.ts --config <trainer_config.json>");
  const config: TinyConfig = JSON.parse(await Deno.readTextFile(args[at + 1]!));
  const { batchSize, epochs } = config.config;
  const read = async <T>(path: string | null, reader: (path: string, format: string) => Promise<T[]>) =>
    path === null ? [] : await reader(path, config.format);
  if (config.type === "sft") {
    const [train, val, test] = await Promise.all(
      [config.train, config.val, config.test].map((p) => read(p, readExamples)),
    );
    await trainSft(new Run(config, totalSteps(train!.length, batchSize, epochs)), train!, val!, test!);
  } else if (config.type === "reward") {
    const [train, val, test] = await Promise.all(
      [config.train, config.val, config.test].map((p) => read(p, readPairs)),
    );
    await trainReward(new Run(config, totalSteps(train!.length, batchSize, epochs)), train!, val!, test!);
  } else if (config.type === "ppo") {
    if (!config.rewardModel) throw new Error("a ppo job needs rewardModel: the path of a reward_model.json");
    const reward = await loadRewardModel(config.rewardModel);
    const train = contexts(await read(config.train, readPairs), reward);
    const val = contexts(await read(config.val, readPairs), reward);
    if (train.length === 0) throw new Error("no prompt of the train file has two different responses");
    await trainPpo(new Run(config, totalSteps(train.length, batchSize, epochs)), train, val);
  } else {
    throw new Error(`unknown job type ${config.type}`);
  }
}
