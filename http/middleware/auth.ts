/**
 * Bearer-token authentication of writes: with a token configured, every POST, PUT,
 * PATCH and DELETE needs `Authorization: Bearer <token>`; reads stay open, so
 * probes, dashboards and scrapers need no secret.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { timingSafeEqual } from "hono/utils/buffer";
import { AtlasError } from "../../errors.ts";

const writes = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Checks writes against `token`; passes everything when no token is configured. */
export function requireTokenOnWrites(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (token === undefined || !writes.has(c.req.method)) return next();
    const presented = bearer.exec(c.req.header("Authorization") ?? "")?.[1];
    // Compared through hashes in constant time: timing tells nothing about the token.
    if (presented === undefined || !(await timingSafeEqual(presented, token))) {
      c.header("WWW-Authenticate", 'Bearer realm="atlas"');
      throw new AtlasError("E7501", presented === undefined ? "a bearer token is required" : "invalid bearer token");
    }
    return next();
  };
}
