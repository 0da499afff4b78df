/**
 * `GET /v1/concepts?q=&k=`: the concept library, the `k` concepts most relevant to
 * `q` by BM25 (each retrieval counted), or the most frequent without a query.
 * `GET /v1/concepts/:id`: one concept with its template, examples and docs.
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
  k: z.coerce.number().int().min(1).max(100).default(10),
});

export function conceptRoutes(runtime: Runtime): Hono {
  const { concepts } = runtime.learning;
  return new Hono()
    .get("/", async (c) => {
      const { q, k } = parseQuery(c, query);
      const items = q === undefined ? await concepts.top(k) : await concepts.search(q, k, runtime.clock.now());
      return c.json({ items });
    })
    .get("/:id", async (c) => {
      const concept = await concepts.get(c.req.param("id"));
      if (!concept) throw new AtlasError("E7015", `no concept ${c.req.param("id")}`);
      return c.json(concept);
    });
}
