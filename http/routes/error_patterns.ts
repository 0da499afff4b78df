/**
 * `GET /v1/error-patterns?limit=&family=&q=`: the recurring failures learning found,
 * the most frequent first (or the most relevant to `q`, an error text), each with a
 * signature, examples and a suggested fix.
 *
 * @module
 */
import { Hono } from "hono";
import type { z } from "zod";
import type { Runtime } from "../../runtime.ts";
import { errorPatternList, errorPatternQuery } from "../contract/knowledge.ts";
import { parseQuery } from "../query.ts";

export function errorPatternRoutes(runtime: Runtime): Hono {
  const { errorPatterns } = runtime.learning;
  return new Hono().get("/", async (c) => {
    const { limit, family, q } = parseQuery(c, errorPatternQuery);
    const items = q === undefined
      ? await errorPatterns.mostFrequent(limit, family)
      : await errorPatterns.search(q, limit);
    return c.json({ items } satisfies z.output<typeof errorPatternList>);
  });
}
