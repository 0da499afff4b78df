/**
 * Structured JSON logs, one object a line, with secrets redacted by key.
 *
 * @module
 */

/** Log levels, least to most severe. */
export type Level = "debug" | "info" | "warn" | "error";

const rank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const secretKey = /authorization|token|api[-_]?key|secret|password|cookie/i;

/** A logger bound to some fields that every line carries. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Creates a logger writing JSON lines at `level` and above to `write` (stderr by default). */
export function createLogger(
  level: Level = "info",
  write: (line: string) => void = (line) => console.error(line),
  bound: Record<string, unknown> = {},
): Logger {
  const at = (lvl: Level) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (rank[lvl] < rank[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...redact({ ...bound, ...fields }) }));
  };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => createLogger(level, write, { ...bound, ...fields }),
  };
}

/** A logger that drops everything: for tests and benchmarks. */
export const silentLogger: Logger = createLogger("error", () => {});

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (secretKey.test(key)) out[key] = value === undefined ? undefined : "***";
    else if (value instanceof Error) out[key] = { name: value.name, message: value.message };
    else out[key] = value;
  }
  return out;
}
