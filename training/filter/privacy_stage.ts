/**
 * The privacy stage, before every other: secrets and personal data in an example's
 * input, output and plan, under the dataset's policy. `redact` (the default) replaces
 * each with a typed placeholder, consistent within the example; `drop` turns away an
 * example holding any; `keep` leaves personal data in place. Secrets are redacted
 * under every policy: no export ever holds a detected key or token.
 *
 * @module
 */
import { type PrivacyPolicy, redactTexts } from "../../privacy/redact.ts";
import type { TrainingExample } from "../example.ts";

export interface PrivacyStats {
  policy: PrivacyPolicy;
  /** Candidates holding a secret or personal data. */
  examples: number;
  /** Findings replaced by a placeholder, by kind. */
  redacted: Record<string, number>;
  /** Personal data left in place (`keep`), by kind. */
  kept: Record<string, number>;
  /** Candidates turned away (`drop`). */
  dropped: number;
}

export interface Screened {
  /** The example as the dataset takes it; undefined when the policy drops it. */
  example: TrainingExample | undefined;
  /** Findings replaced, and personal data left in place, by kind. */
  redacted: Record<string, number>;
  kept: Record<string, number>;
}

/** One example under `policy`. */
export function screenExample(example: TrainingExample, policy: PrivacyPolicy): Screened {
  const { texts, redacted, kept } = redactTexts([example.input, example.output, example.plan] as const, policy);
  const clean = Object.keys(redacted).length === 0 && Object.keys(kept).length === 0;
  if (clean) return { example, redacted, kept };
  if (policy === "drop") return { example: undefined, redacted, kept };
  const [input, output, plan] = texts;
  return { example: { ...example, input: input!, output: output!, plan }, redacted, kept };
}

/** Every candidate under `policy`, with the stage's figures. */
export function runPrivacyStage(
  candidates: readonly TrainingExample[],
  policy: PrivacyPolicy,
): { screened: Screened[]; stats: PrivacyStats } {
  const stats: PrivacyStats = { policy, examples: 0, redacted: {}, kept: {}, dropped: 0 };
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [kind, n] of Object.entries(from)) into[kind] = (into[kind] ?? 0) + n;
  };
  const screened = candidates.map((candidate) => {
    const result = screenExample(candidate, policy);
    if (Object.keys(result.redacted).length || Object.keys(result.kept).length) stats.examples++;
    if (!result.example) stats.dropped++;
    else {
      add(stats.redacted, result.redacted);
      add(stats.kept, result.kept);
    }
    return result;
  });
  return { screened, stats };
}
