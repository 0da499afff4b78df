/**
 * `GET /v1/error-patterns?limit=&family=&q=`: the recurring failures learning found,
 * the most frequent first (or the most relevant to `q`, an error text), each with a
 * signature, examples and a suggested fix.
 *
 * @module
 */
import { Hono } from "hono";
import { z } from "zod";
import type { Runtime } from "../../runtime.ts";
import { parseQuery } from "../query.ts";

const query = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  family: z.string().max(200).optional(),
  q: z.string().max(2_000).optional(),
});

export function errorPatternRoutes(runtime: Runtime): Hono {
  const { errorPatterns } = runtime.learning;
  return new Hono().get("/", async (c) => {
    const { limit, family, q } = parseQuery(c, query);
    const items = q === undefined
      ? await errorPatterns.mostFrequent(limit, family)
      : await errorPatterns.search(q, limit);
    return c.json({ items });
  });
}
