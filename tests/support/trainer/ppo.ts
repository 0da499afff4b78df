/**
 * PPO, small but real, on a contextual bandit: each prompt of the preference file is
 * a context, its candidate responses are the chosen and rejected texts given for it,
 * and the policy is a softmax over the candidates of θ·φ(response) (hashed words and
 * word pairs). The reward is the reward model's score of the sampled response (a
 * `reward_model.json` this trainer wrote for a `reward` job, at `rewardModel`).
 *
 * Each step takes `batchSize` prompts, samples `rolloutsPerPrompt` responses for each
 * from the current policy π_old, shapes each reward with the KL penalty
 * r − β·(log π_old − log π_ref) against the starting (uniform) policy, and takes as
 * advantage the shaped reward minus the prompt's mean (an episode is one action, so
 * GAE's γ and λ do not enter: the advantage is the reward less the value baseline).
 * Then `ppoEpochs` passes of gradient ascent on the clipped surrogate
 * min(ρ·A, clip(ρ, 1 − ε, 1 + ε)·A), ρ = π_θ/π_old. It reports the surrogate loss,
 * the sampled responses' mean reward, the exact KL(π_θ‖π_ref) and the clipped share.
 *
 * @module
 */
import { addScaled, dot, logSumExp, random, shuffled, type Sparse, textFeatures, toJson } from "./features.ts";
import type { Pair } from "./reward.ts";
import { rewardDimensions } from "./reward.ts";
import type { Run } from "./run.ts";

/** A prompt and its candidate responses' features and rewards. */
interface Context {
  candidates: Sparse[];
  rewards: number[];
}

/** The prompts with at least two distinct candidate responses. */
export function contexts(pairs: Pair[], reward: (response: string) => number): Context[] {
  const byPrompt = Map.groupBy(pairs, (pair) => pair.prompt);
  return [...byPrompt.values()].map((group) => [...new Set(group.flatMap((p) => [p.chosen, p.rejected]))])
    .filter((responses) => responses.length >= 2)
    .map((responses) => ({
      candidates: responses.map((r) => textFeatures(r, rewardDimensions)),
      rewards: responses.map(reward),
    }));
}

/** Trains the policy on `train`, reports the val prompts' expected reward each epoch, writes `policy.json`. */
export async function trainPpo(run: Run, train: Context[], val: Context[]): Promise<void> {
  const { learningRate, batchSize, epochs, seed, ppo } = run.config.config;
  if (!ppo) throw new Error("a ppo job needs config.ppo");
  const { clipRange, klCoefficient, rolloutsPerPrompt, ppoEpochs } = ppo;
  const theta: Sparse = new Map();
  const rand = random(seed);
  let step = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (const batch of chunks(shuffled(train, rand), batchSize)) {
      const samples = batch.flatMap((context) => rollouts(context, theta, rolloutsPerPrompt, klCoefficient, rand));
      let loss = 0;
      let clipped = 0;
      for (let pass = 0; pass < ppoEpochs; pass++) {
        const gradient: Sparse = new Map();
        [loss, clipped] = [0, 0];
        for (const s of samples) {
          const probs = policy(s.context, theta);
          const ratio = probs[s.action]! / Math.exp(s.logOld);
          const clippedRatio = Math.min(Math.max(ratio, 1 - clipRange), 1 + clipRange);
          loss -= Math.min(ratio * s.advantage, clippedRatio * s.advantage) / samples.length;
          // Where the clipped term is the smaller one its gradient is zero: the step stops there.
          if (ratio * s.advantage > clippedRatio * s.advantage) {
            clipped++;
            continue;
          }
          // ∇ρ = ρ · ∇log π(a) = ρ · (φ(a) − E_π[φ]).
          const scale = ratio * s.advantage / samples.length;
          addScaled(gradient, s.context.candidates[s.action]!, scale);
          s.context.candidates.forEach((phi, i) => addScaled(gradient, phi, -scale * probs[i]!));
        }
        addScaled(theta, gradient, learningRate);
      }
      const meanReward = samples.reduce((sum, s) => sum + s.reward, 0) / samples.length;
      await run.stepDone(++step, epoch, {
        loss,
        mean_reward: meanReward,
        kl: meanKl(batch, theta),
        clip_fraction: clipped / samples.length,
      });
    }
    if (val.length > 0) run.report({ epoch, val_mean_reward: expectedReward(val, theta) });
  }
  await run.writeArtifact("policy.json", {
    format: "tiny-trainer-policy/1",
    dimensions: rewardDimensions,
    weights: toJson(theta),
  });
  const metrics: Record<string, number> = {
    mean_reward: expectedReward(train, theta),
    reference_mean_reward: expectedReward(train, new Map()),
    kl: meanKl(train, theta),
    steps: step,
  };
  if (val.length > 0) metrics.val_mean_reward = expectedReward(val, theta);
  run.done(metrics);
}

interface Sample {
  context: Context;
  action: number;
  logOld: number;
  reward: number;
  advantage: number;
}

function rollouts(context: Context, theta: Sparse, count: number, beta: number, rand: () => number): Sample[] {
  const probs = policy(context, theta);
  const logRef = -Math.log(context.candidates.length);
  const drawn = Array.from({ length: count }, () => sample(probs, rand));
  const shaped = drawn.map((a) => context.rewards[a]! - beta * (Math.log(probs[a]!) - logRef));
  const baseline = shaped.reduce((sum, r) => sum + r, 0) / count;
  return drawn.map((action, i) => ({
    context,
    action,
    logOld: Math.log(probs[action]!),
    reward: context.rewards[action]!,
    advantage: shaped[i]! - baseline,
  }));
}

function policy(context: Context, theta: Sparse): number[] {
  const logits = context.candidates.map((phi) => dot(theta, phi));
  const logZ = logSumExp(logits);
  return logits.map((logit) => Math.exp(logit - logZ));
}

function sample(probs: number[], rand: () => number): number {
  let u = rand();
  for (let i = 0; i < probs.length; i++) if ((u -= probs[i]!) < 0) return i;
  return probs.length - 1;
}

/** Mean over contexts of KL(π_θ ‖ uniform), exactly. */
function meanKl(contexts: Context[], theta: Sparse): number {
  const kl = (c: Context) =>
    policy(c, theta).reduce((sum, p) => sum + (p > 0 ? p * Math.log(p * c.candidates.length) : 0), 0);
  return contexts.reduce((sum, c) => sum + kl(c), 0) / contexts.length;
}

/** Mean over contexts of the policy's expected reward, exactly. */
function expectedReward(contexts: Context[], theta: Sparse): number {
  const expected = (c: Context) => policy(c, theta).reduce((sum, p, i) => sum + p * c.rewards[i]!, 0);
  return contexts.reduce((sum, c) => sum + expected(c), 0) / contexts.length;
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
