/**
 * `GET /v1/strategies?q=&k=`: the learned strategies a later agent retrieves, the
 * `k` most relevant to `q` by BM25, or the newest `k` without a query.
 *
 * @module
 */
import { Hono } from "hono";
import { z } from "zod";
import type { Runtime } from "../../runtime.ts";
import { Strategies } from "../../store/strategies.ts";
import { parseQuery } from "../query.ts";

const query = z.object({
  q: z.string().max(1_000).optional(),
  k: z.coerce.number().int().min(1).max(50).default(5),
});

export function strategyRoutes(runtime: Runtime): Hono {
  const strategies = new Strategies(runtime.db);
  return new Hono().get("/", async (c) => {
    const { q, k } = parseQuery(c, query);
    const items = q === undefined ? await strategies.newest(k) : await strategies.search(q, k);
    return c.json({ items });
  });
}
