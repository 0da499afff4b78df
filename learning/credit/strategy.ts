/**
 * The one interface every credit-assignment strategy implements.
 *
 * @module
 */
import type { Credit } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";

export interface CreditStrategy {
  /** The name config and the API use: `simple`, `llm`, `counterfactual`. */
  readonly name: string;
  /** Which steps earned the outcome, as shares that sum to 1 (empty when no step can). */
  attribute(trajectory: Trajectory): Promise<Credit[]>;
  /**
   * The same credit with why each step earned it, for strategies that can say. Optional
   * so a strategy that only scores (simple) stays a one-method object; callers go
   * through {@linkcode attributeWithReasons}, which fills the gap.
   */
  attributeWithReasons?(trajectory: Trajectory): Promise<Attribution>;
}

/** Why one step earned its share, in a line the analysis can show. */
export interface StepReason {
  index: number;
  why: string;
}

/** Credit plus the reasons behind it. */
export interface Attribution {
  credit: Credit[];
  /** One per credited step when the strategy can say why; empty when it cannot. */
  reasons: StepReason[];
  /**
   * Set when the strategy could not decide and handed over to another one (no outcome
   * model fitted yet, every effect ~0): which strategy decided and why.
   */
  fallback?: { strategy: string; reason: string };
}

/** Credit with reasons from any strategy: its own when it gives them, none otherwise. */
export async function attributeWithReasons(strategy: CreditStrategy, trajectory: Trajectory): Promise<Attribution> {
  if (strategy.attributeWithReasons) return await strategy.attributeWithReasons(trajectory);
  return { credit: await strategy.attribute(trajectory), reasons: [] };
}
