/**
 * A training example: one input and the output that answered it, with how good the
 * answer was judged, what kind of work it is, how hard, and which events it came
 * from. The extractor makes them; the filter, the datasets and the exports read them.
 *
 * @module
 */

/**
 * The shape's version. A dataset version records the one its examples had; a change
 * of shape makes the next version a major one.
 */
export const exampleSchemaVersion = 1;

export type ExampleSource = "upstream" | "trajectory";

export type DifficultyLevel = "easy" | "medium" | "hard";

export interface Difficulty {
  /** 0 (trivial) to 1 (the hardest seen shapes). */
  score: number;
  level: DifficultyLevel;
  steps: number;
  tools: number;
  tokens: number;
  errors: number;
}

/** One event an example was built from. */
export interface SourceEvent {
  type: string;
  source: string;
  id: string;
}

export interface Lineage {
  /** `exec:<executionId>` joins L02/L05/L06; `traj:<trajectoryId>` a closed trajectory and its evaluation. */
  key: string;
  events: SourceEvent[];
  /** Parts the join waited for and never got (e.g. `planning.completed`). */
  missing: string[];
  executionId?: string;
  trajectoryId?: string;
}

export interface TrainingExample {
  /** Stable: the lineage key, so a replay or a late part updates the same example. */
  id: string;
  source: ExampleSource;
  /** Examples with the same task key answer the same task (preference pairs pair them). */
  taskKey: string;
  input: string;
  output: string;
  /** The plan the agent made first (L05), when there was one. */
  plan: string | null;
  /** 0–100. */
  qualityScore: number;
  /** 0–1. */
  confidence: number;
  domain: string;
  difficulty: Difficulty;
  tokens: { input: number; output: number };
  lineage: Lineage;
  schemaVersion: number;
  /** When the join emitted it (ms since the epoch). */
  extractedAt: number;
}
