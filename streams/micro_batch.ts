/**
 * `microBatch`: groups a stream into arrays by count and by time, the unit in which
 * the pipeline applies and persists.
 *
 * @module
 */
import { Observable, type OperatorFunction, type SchedulerLike, type Subscription } from "rxjs";
import { asyncScheduler } from "rxjs";

export interface MicroBatchOptions {
  /** A batch is emitted as soon as it holds this many items. */
  maxSize: number;
  /** ...or this long after its first item arrived, whichever comes first. */
  maxWaitMs: number;
  /** @default asyncScheduler */
  scheduler?: SchedulerLike;
  /** Weight of an item toward `maxSize`. @default 1 */
  sizeOf?: (item: unknown) => number;
}

/**
 * Emits arrays of items: when `maxSize` is reached, or `maxWaitMs` after the first
 * item of the batch. Unlike `bufferTime`, an idle stream emits nothing and a batch's
 * clock starts with its first item, so a lone event waits at most `maxWaitMs`.
 * What is buffered is flushed when the source completes.
 */
export function microBatch<T>(options: MicroBatchOptions): OperatorFunction<T, T[]> {
  const { maxSize, maxWaitMs, scheduler = asyncScheduler } = options;
  const sizeOf = options.sizeOf ?? (() => 1);
  return (source) =>
    new Observable<T[]>((subscriber) => {
      let batch: T[] = [];
      let size = 0;
      let timer: Subscription | undefined;
      const flush = () => {
        timer?.unsubscribe();
        timer = undefined;
        if (batch.length === 0) return;
        const out = batch;
        batch = [];
        size = 0;
        subscriber.next(out);
      };
      const subscription = source.subscribe({
        next(item) {
          batch.push(item);
          size += sizeOf(item);
          if (size >= maxSize) flush();
          else if (!timer) timer = scheduler.schedule(flush, maxWaitMs);
        },
        error(err) {
          timer?.unsubscribe();
          subscriber.error(err);
        },
        complete() {
          flush();
          subscriber.complete();
        },
      });
      return () => {
        timer?.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
