/**
 * Compression of a long plan to at most `max` steps without dropping any of it.
 * First what repeats folds: a step repeated in a row is one step, and a block of
 * steps repeated in a row (edit, verify, edit, verify, ...) is one block with a
 * count. Then, while the plan is still too long, the smallest step is absorbed by
 * its neighbour: its programs or tools join the neighbour's, so only its own place
 * in the order is lost. Steps whose verb occurs elsewhere in the plan go first,
 * since they lose the least; a `protect`ed step (a submit) is never absorbed.
 *
 * @module
 */

/** A plan step being built: what it is, and what it gathered. */
export interface Draft {
  /** What makes two steps the same step: the phase, or the tool and its mode. */
  key: string;
  verb: string;
  /** What it used (programs, tools with their arguments), in order of first use, with how much. */
  uses: Map<string, number>;
  /** Actions in it. */
  actions: number;
  /** Occurrences folded into it. */
  repeats: number;
  example: string;
  rationale?: string | undefined;
}

/** Folds repeats and cycles; then, past `max`, absorbs the smallest steps. */
export function compress(drafts: readonly Draft[], max: number, protect: (d: Draft) => boolean = () => false): Draft[] {
  let steps = foldCycles(drafts.map(copy));
  while (steps.length > max) {
    const victim = pickVictim(steps, protect);
    if (victim < 0) break;
    const into = victim > 0 ? victim - 1 : 1;
    absorb(steps[into]!, steps[victim]!);
    steps.splice(victim, 1);
    steps = foldCycles(steps);
  }
  return steps;
}

/** Repeated blocks in a row become one, their counts added: `a b a b c` → `a b c` with `a`, `b` twice. */
export function foldCycles(drafts: Draft[]): Draft[] {
  const steps = [...drafts];
  for (let folded = true; folded;) {
    folded = false;
    for (let length = 1; length * 2 <= steps.length && !folded; length++) {
      for (let at = 0; at + 2 * length <= steps.length; at++) {
        const same = Array.from({ length }, (_, k) => k).every((k) =>
          steps[at + k]!.key === steps[at + length + k]!.key
        );
        if (!same) continue;
        for (let k = 0; k < length; k++) merge(steps[at + k]!, steps[at + length + k]!);
        steps.splice(at + length, length);
        folded = true;
        break;
      }
    }
  }
  return steps;
}

/** The step to absorb: the smallest of those whose verb recurs, else the smallest; -1 if all are protected. */
function pickVictim(steps: Draft[], protect: (d: Draft) => boolean): number {
  const verbs = new Map<string, number>();
  for (const s of steps) verbs.set(s.verb, (verbs.get(s.verb) ?? 0) + 1);
  let best = -1;
  const rank = (s: Draft) => [verbs.get(s.verb)! > 1 ? 0 : 1, s.actions * s.repeats] as const;
  steps.forEach((s, i) => {
    if (protect(s)) return;
    const [group, size] = rank(s);
    const current = best >= 0 ? rank(steps[best]!) : undefined;
    if (!current || group < current[0] || (group === current[0] && size <= current[1])) best = i;
  });
  return best;
}

/** `b` happened again as `a`: counts add up. */
function merge(a: Draft, b: Draft): void {
  a.repeats += b.repeats;
  absorb(a, b);
}

/** `b`'s work joins `a`'s; `a` keeps its example and reason. */
function absorb(a: Draft, b: Draft): void {
  for (const [use, weight] of b.uses) a.uses.set(use, (a.uses.get(use) ?? 0) + weight);
  a.actions += b.actions;
  a.rationale ??= b.rationale;
}

const copy = (d: Draft): Draft => ({ ...d, uses: new Map(d.uses) });

/** The `n` most used of a step's uses, most used first (ties: first used first). */
export function mostUsed(draft: Draft, n: number): string[] {
  return [...draft.uses].map(([use, weight], order) => ({ use, weight, order }))
    .sort((a, b) => b.weight - a.weight || a.order - b.order).slice(0, n).map((u) => u.use);
}
