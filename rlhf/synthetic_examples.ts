/**
 * For tests: seeded synthetic tasks, each answered several times, where a better answer
 * shows it in its words, under noise, so how well a reward model can do is known.
 *
 * Each answer is good (quality 70–85) or bad (15–30), by a fair coin. Its text has 25
 * words drawn from a neutral vocabulary and 3 marker words: from the good list when it
 * looks good, from the bad list when it looks bad. It looks like what it is, except
 * with probability `flip`, when it looks the opposite. At `minMargin` 40 only good
 * answers pair with bad ones (70 − 30 = 40; two good or two bad are at most 15 apart),
 * and a pair is readable when both answers look like what they are (1 − flip)², flipped
 * the wrong way round when both look the opposite (flip²), and unreadable, a coin toss,
 * otherwise. The best possible pair accuracy is (1 − flip)² + flip(1 − flip): 0.90 at
 * flip 0.1.
 *
 * @module
 */
import { seededRandom } from "../learning/seeded_random.ts";
import type { TrainingExample } from "../training/example.ts";
import { trainingExample } from "../training/example_fixture.ts";

const goodWords = ["verified", "because", "evidence", "source", "checked", "therefore", "confirms", "cited"];
const badWords = ["maybe", "guess", "unsure", "whatever", "probably", "somehow", "unclear", "skipped"];

export interface SyntheticOptions {
  tasks: number;
  answersPerTask: number;
  /** Chance that an answer looks the opposite of what it is. */
  flip: number;
  seed: number;
}

/** The best pair accuracy any model can reach on these examples at minMargin 40. */
export const bestPairAccuracy = (flip: number) => (1 - flip) ** 2 + flip * (1 - flip);

export function syntheticExamples({ tasks, answersPerTask, flip, seed }: SyntheticOptions): TrainingExample[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const words = (count: number, from: readonly string[]) => Array.from({ length: count }, () => pick(from));
  return Array.from({ length: tasks }, (_, task) => {
    const taskKey = `task-${task}`;
    const input = `Answer the question about ${words(8, neutral).join(" ")}.`;
    return Array.from({ length: answersPerTask }, (_, answer) => {
      const good = random() < 0.5;
      const looksGood = random() < flip ? !good : good;
      const text = [...words(25, neutral), ...words(3, looksGood ? goodWords : badWords)];
      return trainingExample({
        id: `${taskKey}/${answer}`,
        taskKey,
        input,
        output: shuffled(text, random).join(" "),
        qualityScore: (good ? 70 : 15) + 15 * random(),
      });
    });
  }).flat();
}

/** 400 letter-only words: a digit would make every word the one number token. */
const neutral = Array.from({ length: 400 }, (_, k) => `n${letters(k)}`);

function letters(k: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz";
  return alphabet[k % 26]! + alphabet[Math.floor(k / 26) % 26]!;
}

function shuffled<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
