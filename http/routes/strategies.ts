/**
 * `GET /v1/strategies?q=&k=&family=`: the learned strategies a later agent retrieves,
 * the `k` most relevant to `q` by BM25 (each retrieval counted), or the newest `k`
 * without a query; `status=pruned` lists what pruning took out, with its reason.
 * `GET /v1/strategies/:id`: one strategy.
 *
 * @module
 */
import { Hono } from "hono";
import type { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { Runtime } from "../../runtime.ts";
import { strategy, strategyList, strategyQuery } from "../contract/knowledge.ts";
import { parseQuery } from "../query.ts";

export function strategyRoutes(runtime: Runtime): Hono {
  const { strategies } = runtime.learning;
  return new Hono()
    .get("/", async (c) => {
      const { q, k, family, status } = parseQuery(c, strategyQuery);
      if (status === "pruned") {
        return c.json({ items: await strategies.pruned(k) } satisfies z.output<typeof strategyList>);
      }
      const items = q === undefined
        ? await strategies.newest(k)
        : await strategies.search(q, k, runtime.clock.now(), family);
      return c.json({ items } satisfies z.output<typeof strategyList>);
    })
    .get("/:id", async (c) => {
      const found = await strategies.get(c.req.param("id"));
      if (!found) throw new AtlasError("E7015", `no strategy ${c.req.param("id")}`);
      return c.json(found satisfies z.output<typeof strategy>);
    });
}
