/**
 * The trajectory as learning sees it: plain data, steps in index order.
 *
 * @module
 */
import type { Outcome, StepBody, Task } from "../schemas/mod.ts";

export interface Trajectory {
  id: string;
  task: Task | null;
  outcome: Outcome | null;
  /** 0–1 when the agent reported one. */
  score: number | null;
  /** Ordered by index; gaps are possible. */
  steps: StepBody[];
}
