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

export interface TimeoutOptions {
  /**
   * Whether a passed deadline may fire now; asked again every `recheckMs` until it
   * may (a newer deadline for the key replaces the wait). @default always
   */
  due?: (timeout: SessionTimeout) => boolean;
  /** @default 250 */
  recheckMs?: number;
}

/**
 * Per key, one pending timer for the latest deadline. Memory follows the sessions
 * still open, not every key ever seen: a key leaves when it fires or is told `null`.
 */
export function sessionTimeouts(
  now: () => number,
  scheduler: SchedulerLike = asyncScheduler,
  options: TimeoutOptions = {},
): OperatorFunction<Deadline, SessionTimeout> {
  const { due = () => true, recheckMs = 250 } = options;
  return (deadlines) =>
    new Observable<SessionTimeout>((subscriber) => {
      const pending = new Map<string, Subscription>();
      const subscription = deadlines.subscribe({
        next({ key, deadline, partition }) {
          pending.get(key)?.unsubscribe();
          pending.delete(key);
          if (deadline === null) return;
          const timeout = { key, partition, deadline };
          const fire = () => {
            if (!due(timeout)) {
              pending.set(key, scheduler.schedule(fire, recheckMs));
              return;
            }
            pending.delete(key);
            subscriber.next(timeout);
          };
          pending.set(key, scheduler.schedule(fire, Math.max(0, deadline - now())));
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
