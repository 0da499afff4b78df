/**
 * A fine-tuning job's events as progress. The OpenAI API lists events newest first
 * and its `after` is a page cursor, so `after=<id>` returns the events *older* than
 * `<id>`, not the new ones. New events are therefore found by paging down from the
 * newest until the last one already reported, then reported oldest first.
 *
 * @module
 */
import type { Progress } from "../backend.ts";
import type { FineTuningClient, FineTuningEvent } from "./fine_tuning_client.ts";

/** Events per page: the OpenAI API's largest page. */
const pageSize = 100;

/** The job's events after `lastEventId` (all of them when null), oldest first. */
export async function eventsSince(
  client: FineTuningClient,
  jobId: string,
  lastEventId: string | null,
  signal?: AbortSignal,
): Promise<FineTuningEvent[]> {
  const newestFirst: FineTuningEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await client.listEvents(jobId, { limit: pageSize, ...after && { after } }, signal);
    for (const event of page.data) {
      if (event.id === lastEventId) return newestFirst.reverse();
      newestFirst.push(event);
    }
    after = page.data.at(-1)?.id;
    if (!page.has_more || after === undefined) return newestFirst.reverse();
  }
}

/** The numbers of a metrics event's data (step, train_loss, valid_loss...); empty for a message. */
export function metricsOf(event: FineTuningEvent): Record<string, number> {
  if (event.type !== "metrics" || !event.data) return {};
  return Object.fromEntries(
    Object.entries(event.data).filter((entry): entry is [string, number] => Number.isFinite(entry[1])),
  );
}

/**
 * One event as progress: a metrics event's step, total steps and training loss in
 * their fields and its other numbers in `metrics`; a message event's text. Undefined
 * for an event with neither.
 */
export function toProgress(event: FineTuningEvent): Progress | undefined {
  if (event.type === "metrics") {
    const { step, total_steps, train_loss, ...others } = metricsOf(event);
    const progress: Progress = {};
    if (step !== undefined) progress.step = step;
    if (total_steps !== undefined) progress.totalSteps = total_steps;
    if (train_loss !== undefined) progress.loss = train_loss;
    if (Object.keys(others).length > 0) progress.metrics = others;
    return Object.keys(progress).length > 0 ? progress : undefined;
  }
  return event.message ? { message: event.message } : undefined;
}
