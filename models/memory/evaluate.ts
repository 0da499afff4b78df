/**
 * A memory model's held-out figures: each row's input answered by the model and
 * scored against the row's own output (score.ts). The references are what the
 * dataset kept, so the score is as good as the dataset's filter; rows the memory was
 * compiled from should not be passed, or it scores its own recall.
 *
 * @module
 */
import type { ExportRow } from "../../training/exports/exporter.ts";
import type { MemoryModel } from "./memory_model.ts";
import { scoreAnswer } from "./score.ts";

/** Cases answered, and when there were any, the mean token F1 and exact-match rate of their final answers. */
export interface MemoryEvaluation {
  valCases: number;
  valScore?: number;
  valExactMatch?: number;
}

/** Answers and scores every row of `rows`, one at a time; `signal` stops between rows. */
export async function evaluateMemory(
  model: MemoryModel,
  rows: AsyncIterable<ExportRow>,
  signal?: AbortSignal,
): Promise<MemoryEvaluation> {
  let cases = 0;
  let f1 = 0;
  let exact = 0;
  for await (const { example } of rows) {
    signal?.throwIfAborted();
    const score = scoreAnswer(await model.answer(example.input), example.output);
    cases++;
    f1 += score.f1;
    exact += score.exact;
  }
  signal?.throwIfAborted();
  return cases ? { valCases: cases, valScore: f1 / cases, valExactMatch: exact / cases } : { valCases: 0 };
}
