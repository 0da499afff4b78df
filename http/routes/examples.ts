/**
 * Training examples and the joins that make them:
 *
 * - `GET /v1/examples?domain=&source=&minQuality=&taskKey=&limit=&after=`: examples
 *   in id order, each with its lineage; with `dataset=&version=` (and `split=`) the
 *   members of that dataset version as they were added, each with its split;
 * - `GET /v1/examples/joins?status=waiting|emitted|dead|skipped&limit=&after=`: the
 *   joins, with the parts each has and why it was dead-lettered or skipped;
 * - `GET /v1/examples/:id`: one example (`exec:<executionId>` or `traj:<trajectoryId>`).
 *
 * @module
 */
import { Hono } from "hono";
import type { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { Runtime } from "../../runtime.ts";
import {
  exampleListQuery,
  type examplePage,
  joinListQuery,
  type joinPage,
  type trainingExample,
} from "../contract/examples.ts";
import { parseQuery } from "../query.ts";

export function exampleRoutes(runtime: Runtime): Hono {
  const { examples, joins, datasets } = runtime.trainingData;
  return new Hono()
    .get("/", async (c) => {
      const { domain, source, minQuality, taskKey, dataset, version, split, limit, after } = parseQuery(
        c,
        exampleListQuery,
      );
      if (dataset !== undefined || version !== undefined) {
        if (!dataset || !version) throw new AtlasError("E7011", "invalid query: dataset and version go together");
        const found = version === "latest" ? await datasets.latest(dataset) : await datasets.version(dataset, version);
        if (!found) throw new AtlasError("E7104", `dataset "${dataset}" has no version ${version}`);
        const items = await datasets.memberPage(dataset, found.seq, {
          limit,
          ...(split && { split }),
          ...(after && { after }),
        });
        const page = { items, next: items.length === limit ? items.at(-1)!.id : null };
        return c.json(page satisfies z.output<typeof examplePage>);
      }
      const items = await examples.list({
        limit,
        ...(domain && { domain }),
        ...(source && { source }),
        ...(minQuality !== undefined && { minQuality }),
        ...(taskKey && { taskKey }),
        ...(after && { after }),
      });
      const page = { items, next: items.length === limit ? items.at(-1)!.id : null };
      return c.json(page satisfies z.output<typeof examplePage>);
    })
    .get("/joins", async (c) => {
      const { status, limit, after } = parseQuery(c, joinListQuery);
      const items = await joins.list({ limit, ...(status && { status }), ...(after && { after }) });
      const page = { items, next: items.length === limit ? items.at(-1)!.key : null };
      return c.json(page satisfies z.output<typeof joinPage>);
    })
    .get("/:id", async (c) => {
      const example = await examples.get(c.req.param("id"));
      if (!example) throw new AtlasError("E7023", `no training example ${c.req.param("id")}`);
      return c.json(example satisfies z.output<typeof trainingExample>);
    });
}
