/**
 * `GET /v1/strategies?q=&k=&family=`: the learned strategies a later agent retrieves,
 * the `k` most relevant to `q` by BM25 (each retrieval counted), or the newest `k`
 * without a query; `status=pruned` lists what pruning took out, with its reason.
 * `GET /v1/strategies/:id`: one strategy.
 *
 * @module
 */
import { Hono } from "hono";
import { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { Runtime } from "../../runtime.ts";
import { parseQuery } from "../query.ts";

const query = z.object({
  q: z.string().max(1_000).optional(),
  k: z.coerce.number().int().min(1).max(50).default(5),
  family: z.string().max(200).optional(),
  status: z.enum(["active", "pruned"]).default("active"),
});

export function strategyRoutes(runtime: Runtime): Hono {
  const { strategies } = runtime.learning;
  return new Hono()
    .get("/", async (c) => {
      const { q, k, family, status } = parseQuery(c, query);
      if (status === "pruned") return c.json({ items: await strategies.pruned(k) });
      const items = q === undefined
        ? await strategies.newest(k)
        : await strategies.search(q, k, runtime.clock.now(), family);
      return c.json({ items });
    })
    .get("/:id", async (c) => {
      const strategy = await strategies.get(c.req.param("id"));
      if (!strategy) throw new AtlasError("E7015", `no strategy ${c.req.param("id")}`);
      return c.json(strategy);
    });
}
