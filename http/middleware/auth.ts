/**
 * Token authentication. With `ATLAS_API_TOKEN` set, every route needs a token but the
 * probes (`/healthz`, `/readyz`) and the console's login page and assets: the API token
 * for anything, the optional read token (`ATLAS_READ_TOKEN`) for reads alone.
 * `/metrics` is open unless `ATLAS_METRICS_TOKEN` is set; then it needs that token (or
 * the API token). Without an API token the API is open, and the service listens on
 * loopback only (config).
 *
 * A token comes as a bearer header or, from a browser, as the console's cookie (set by
 * `/login`): a browser cannot add a header to a link or an EventSource. A write
 * authenticated by the cookie must come from a page of this origin (E7505), since a
 * browser sends cookies with a forged cross-site form too. A browser asking for a
 * console page without a valid token is sent to `/login`; the API answers 401.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { timingSafeEqual } from "hono/utils/buffer";
import { AtlasError } from "../../errors.ts";
import { originOf } from "./same_origin.ts";

export interface Tokens {
  api?: string | undefined;
  read?: string | undefined;
  metrics?: string | undefined;
}

/** The probes an orchestrator polls: never behind a token. */
export const openPaths: ReadonlySet<string> = new Set(["/healthz", "/readyz"]);

/** The cookie the console's login sets: the token itself, HttpOnly and SameSite=Strict. */
export const tokenCookie = "atlas_token";

/** Where a browser without a token is sent, and what it needs before it has one. */
export const loginPath = "/login";
const consoleOpen = (path: string) => path === loginPath || path === "/logout" || path.startsWith("/assets/");

const reads = new Set(["GET", "HEAD"]);
const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Checks each request against `tokens`; a route no token guards passes. */
export function requireTokens(tokens: Tokens): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if (openPaths.has(path) || consoleOpen(path)) return next();
    const accepted = path === "/metrics"
      ? [tokens.metrics, tokens.metrics && tokens.api]
      : [tokens.api, reads.has(c.req.method) ? tokens.read : undefined];
    const guarded = accepted.filter((t): t is string => t !== undefined);
    if (guarded.length === 0) return next();
    const header = c.req.header("Authorization");
    const presented = header === undefined ? getCookie(c, tokenCookie) : bearer.exec(header)?.[1];
    const writing = !reads.has(c.req.method) && path !== "/metrics";
    if (presented !== undefined && (await matchesAny(presented, guarded))) {
      if (header === undefined && writing && originOf(c) !== "same") {
        throw new AtlasError("E7505", `${c.req.method} ${path} with the console's cookie must come from its own pages`);
      }
      return next();
    }
    if (presented !== undefined && writing && tokens.read && (await matchesAny(presented, [tokens.read]))) {
      throw new AtlasError("E7504", `the read token may only read: ${c.req.method} ${path} needs the API token`);
    }
    if (header === undefined && wantsPage(c)) {
      return c.redirect(`${loginPath}?next=${encodeURIComponent(path)}`, 303);
    }
    c.header("WWW-Authenticate", 'Bearer realm="atlas"');
    throw new AtlasError("E7501", presented === undefined ? "a bearer token is required" : "invalid bearer token");
  };
}

/** The token `presented` is one of `tokens`, and which: for the login form, which checks it before setting it. */
export async function tokenKind(tokens: Tokens, presented: string): Promise<"api" | "read" | undefined> {
  if (tokens.api !== undefined && (await matchesAny(presented, [tokens.api]))) return "api";
  if (tokens.read !== undefined && (await matchesAny(presented, [tokens.read]))) return "read";
  return undefined;
}

/** A browser navigating to a console page (not the API, not a stream): it can be sent to the login form. */
function wantsPage(c: Context): boolean {
  const path = c.req.path;
  if (path.startsWith("/v1/") || path === "/metrics" || !reads.has(c.req.method)) return false;
  return (c.req.header("Accept") ?? "").includes("text/html");
}

/** Compared through hashes in constant time: timing tells nothing about the tokens. */
async function matchesAny(presented: string, tokens: readonly string[]): Promise<boolean> {
  let matched = false;
  for (const token of tokens) if (await timingSafeEqual(presented, token)) matched = true;
  return matched;
}
