/**
 * Bearer-token authentication. With `ATLAS_API_TOKEN` set, every route needs a token
 * but the probes (`/healthz`, `/readyz`): the API token for anything, the optional
 * read token (`ATLAS_READ_TOKEN`) for reads alone. `/metrics` is open unless
 * `ATLAS_METRICS_TOKEN` is set; then it needs that token (or the API token). Without
 * an API token the API is open, and the service listens on loopback only (config).
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { timingSafeEqual } from "hono/utils/buffer";
import { AtlasError } from "../../errors.ts";

export interface Tokens {
  api?: string | undefined;
  read?: string | undefined;
  metrics?: string | undefined;
}

/** The probes an orchestrator polls: never behind a token. */
export const openPaths: ReadonlySet<string> = new Set(["/healthz", "/readyz"]);

const reads = new Set(["GET", "HEAD"]);
const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Checks each request against `tokens`; a route no token guards passes. */
export function requireTokens(tokens: Tokens): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if (openPaths.has(path)) return next();
    const accepted = path === "/metrics"
      ? [tokens.metrics, tokens.metrics && tokens.api]
      : [tokens.api, reads.has(c.req.method) ? tokens.read : undefined];
    const guarded = accepted.filter((t): t is string => t !== undefined);
    if (guarded.length === 0) return next();
    const presented = bearer.exec(c.req.header("Authorization") ?? "")?.[1];
    if (presented !== undefined && (await matchesAny(presented, guarded))) return next();
    const writing = !reads.has(c.req.method) && path !== "/metrics";
    if (presented !== undefined && writing && tokens.read && (await matchesAny(presented, [tokens.read]))) {
      throw new AtlasError("E7504", `the read token may only read: ${c.req.method} ${path} needs the API token`);
    }
    c.header("WWW-Authenticate", 'Bearer realm="atlas"');
    throw new AtlasError("E7501", presented === undefined ? "a bearer token is required" : "invalid bearer token");
  };
}

/** Compared through hashes in constant time: timing tells nothing about the tokens. */
async function matchesAny(presented: string, tokens: readonly string[]): Promise<boolean> {
  let matched = false;
  for (const token of tokens) if (await timingSafeEqual(presented, token)) matched = true;
  return matched;
}
