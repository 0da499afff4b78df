/**
 * `GET /v1/concepts?q=&k=`: the concept library, the `k` concepts most relevant to
 * `q` by BM25 (each retrieval counted), or the most frequent without a query.
 * `GET /v1/concepts/:id`: one concept with its template, examples and docs.
 *
 * @module
 */
import { Hono } from "hono";
import type { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { Runtime } from "../../runtime.ts";
import { concept, conceptList, conceptQuery } from "../contract/knowledge.ts";
import { parseQuery } from "../query.ts";

export function conceptRoutes(runtime: Runtime): Hono {
  const { concepts } = runtime.learning;
  return new Hono()
    .get("/", async (c) => {
      const { q, k } = parseQuery(c, conceptQuery);
      const items = q === undefined ? await concepts.top(k) : await concepts.search(q, k, runtime.clock.now());
      return c.json({ items } satisfies z.output<typeof conceptList>);
    })
    .get("/:id", async (c) => {
      const found = await concepts.get(c.req.param("id"));
      if (!found) throw new AtlasError("E7015", `no concept ${c.req.param("id")}`);
      return c.json(found satisfies z.output<typeof concept>);
    });
}
