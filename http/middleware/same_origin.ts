/**
 * Whether a browser request comes from a page of this origin, by the headers a
 * browser sets itself and a page cannot forge: `Sec-Fetch-Site`, else `Origin`
 * against `Host`. What a cookie-authenticated write needs to pass (CSRF).
 *
 * @module
 */
import type { Context } from "hono";

/**
 * How the request's origin reads: `same` when the browser says it is ours, `cross`
 * when it says it is another's, `unknown` when it says nothing (not a browser, or a
 * very old one).
 */
export function originOf(c: Context): "same" | "cross" | "unknown" {
  const site = c.req.header("Sec-Fetch-Site");
  if (site !== undefined) return site === "same-origin" ? "same" : "cross";
  const origin = c.req.header("Origin");
  if (origin === undefined) return "unknown";
  // Behind a proxy the scheme may differ (TLS ends there); the host is what a page cannot fake.
  try {
    return new URL(origin).host === (c.req.header("Host") ?? new URL(c.req.url).host) ? "same" : "cross";
  } catch {
    return "cross";
  }
}
