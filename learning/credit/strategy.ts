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
}
