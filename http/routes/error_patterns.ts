/**
 * `GET /v1/error-patterns?limit=`: the recurring failures learning found, the most
 * frequent first, each with a signature, examples and a suggested fix.
 *
 * @module
 */
import { Hono } from "hono";
import { z } from "zod";
import type { Runtime } from "../../runtime.ts";
import { ErrorPatterns } from "../../store/error_patterns.ts";
import { parseQuery } from "../query.ts";

const query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export function errorPatternRoutes(runtime: Runtime): Hono {
  const patterns = new ErrorPatterns(runtime.db);
  return new Hono().get("/", async (c) => {
    const { limit } = parseQuery(c, query);
    return c.json({ items: await patterns.mostFrequent(limit) });
  });
}
