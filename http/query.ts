/**
 * Query parameters checked with zod: a request with a bad one answers 400 E7011,
 * saying which parameter and why.
 *
 * @module
 */
import type { Context } from "hono";
import type { z } from "zod";
import { AtlasError } from "../errors.ts";

/**
 * The request's query parsed by `schema`. A parameter given empty (`?state=`) counts
 * as absent, so clients can fill a URL template and leave fields blank.
 */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const given = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(given);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => ({ parameter: i.path.join("."), message: i.message }));
  throw new AtlasError(
    "E7011",
    `invalid query: ${problems.map((p) => `${p.parameter}: ${p.message}`).join("; ")}`,
    { details: problems },
  );
}
