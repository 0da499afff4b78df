/**
 * Structured JSON logs, one object a line, with secrets redacted by key.
 *
 * @module
 */

/** Log levels, least to most severe. */
export type Level = "debug" | "info" | "warn" | "error";

const rank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** Keys whose values never reach a log: `apiToken`, `authorization`, not `tokens` (counts). */
const secretKey = /^(authorization|cookie|set-cookie)$|(token|api[-_]?key|secret|password)$/i;
/** How deep nested fields are searched for secrets. */
const maxDepth = 6;

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

function redact(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = secretKey.test(key) ? (value === undefined ? undefined : "***") : redactValue(value, depth + 1);
  }
  return out;
}

function redactValue(value: unknown, depth: number): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (depth > maxDepth || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  return redact(value as Record<string, unknown>, depth);
}
