/**
 * `ProgressBar`: draws progress on stderr while replay runs. On a terminal a bar is
 * redrawn in place at most ten times a second; elsewhere (a CI log, a file) a
 * plain line is written every few seconds, since a log cannot redraw.
 *
 * @module
 */
import type { Clock } from "../../clock.ts";
import { formatBar, formatLine, type ProgressSnapshot } from "./progress_format.ts";

/** Where to draw, and how often. */
export interface ProgressBarOptions {
  /** Writes text to stderr as is (no newline added). */
  write: (text: string) => void;
  /** Whether stderr is a terminal (`Deno.stderr.isTerminal()`). */
  terminal: boolean;
  clock: Clock;
  /** The current state, read only when something is drawn. */
  snapshot: () => ProgressSnapshot;
  /** Least time between two redraws of the bar. @default 100 */
  barIntervalMs?: number;
  /** Least time between two plain lines. @default 5000 */
  lineIntervalMs?: number;
}

/** Moves the cursor to the line's start and erases the line. */
const clearLine = "\r\x1b[2K";

/** Progress on stderr, throttled; `tick()` after each line, `done()` at the end. */
export class ProgressBar {
  readonly #options: ProgressBarOptions;
  readonly #intervalMs: number;
  #last: number;
  #drawn = false;

  constructor(options: ProgressBarOptions) {
    this.#options = options;
    this.#intervalMs = options.terminal ? options.barIntervalMs ?? 100 : options.lineIntervalMs ?? 5000;
    // The first plain line waits a full interval, so a quick replay logs only its summary.
    this.#last = options.terminal ? -Infinity : options.clock.now();
  }

  /** Draws if enough time has passed since the last drawing; cheap to call per line. */
  tick(): void {
    const now = this.#options.clock.now();
    if (now - this.#last < this.#intervalMs) return;
    this.#last = now;
    const { write, terminal, snapshot } = this.#options;
    if (terminal) {
      write(clearLine + formatBar(snapshot()));
      this.#drawn = true;
    } else {
      write(formatLine(snapshot()) + "\n");
    }
  }

  /** Erases the bar, so that what follows starts on a clean line. */
  done(): void {
    if (this.#drawn) this.#options.write(clearLine);
    this.#drawn = false;
  }
}
