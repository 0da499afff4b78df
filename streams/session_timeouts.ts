/**
 * `sessionTimeouts`: session windows per key, ended by inactivity. Every item is a
 * key with the time its session should end (its deadline); a later item for the same
 * key moves the deadline, `null` ends the session without a timeout. When a deadline
 * passes, the key is emitted once.
 *
 * The actor decides each deadline (the inactivity gap while open, the grace while
 * closing), so the gap lives in one place and survives restarts as data: on start,
 * stored deadlines are fed in like any other item.
 *
 * @module
 */
import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from "rxjs";

/** A key's deadline (epoch ms), or null to stop watching it. */
export interface Deadline {
  key: string;
  deadline: number | null;
  /** Carried through to the emitted timeout. */
  partition: number;
}

/** Emitted when a key's deadline passes with no newer deadline for it. */
export interface SessionTimeout {
  key: string;
  partition: number;
  deadline: number;
}

/**
 * Per key, one pending timer for the latest deadline. Memory follows the sessions
 * still open, not every key ever seen: a key leaves when it fires or is told `null`.
 */
export function sessionTimeouts(
  now: () => number,
  scheduler: SchedulerLike = asyncScheduler,
): OperatorFunction<Deadline, SessionTimeout> {
  return (deadlines) =>
    new Observable<SessionTimeout>((subscriber) => {
      const pending = new Map<string, Subscription>();
      const subscription = deadlines.subscribe({
        next({ key, deadline, partition }) {
          pending.get(key)?.unsubscribe();
          pending.delete(key);
          if (deadline === null) return;
          pending.set(
            key,
            scheduler.schedule(() => {
              pending.delete(key);
              subscriber.next({ key, partition, deadline });
            }, Math.max(0, deadline - now())),
          );
        },
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => {
        subscription.unsubscribe();
        for (const timer of pending.values()) timer.unsubscribe();
        pending.clear();
      };
    });
}
