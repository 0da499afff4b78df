/**
 * The model registry:
 * - `GET /v1/models?stage=&name=&kind=&limit=`; `GET /v1/models/aliases`;
 * - `GET /v1/models/:id` (an id or an alias): the version with its lineage (dataset
 *   version → job → model → validations), latest validation report, aliases and
 *   audit log;
 * - `POST /v1/models/:id/validate` `{ thresholds?, pinned?, endpoint?, concurrency?, by? }`:
 *   runs the five stages → the report with DEPLOY | REVIEW | REJECT;
 * - `POST /v1/models/:id/transitions` `{ to, reason?, approvedBy?, by? }`: E7201 naming
 *   every unmet guard, E7202/E7203 for an artifact that fails verification;
 * - `PUT /v1/models/aliases/:alias` `{ modelId, by? }`.
 *
 * @module
 */
import { Hono } from "hono";
import type { z } from "zod";
import type { Runtime } from "../../runtime.ts";
import { parseBody } from "../json_body.ts";
import {
  type alias,
  aliasBody,
  type aliasList,
  type modelList,
  modelListQuery,
  transitionBody,
  validateBody,
  type validationReport,
} from "../contract/models.ts";
import { parseQuery } from "../query.ts";

export function modelRoutes(runtime: Runtime): Hono {
  const { registry, validator } = runtime.training;
  return new Hono()
    .get("/", async (c) => {
      const { stage, name, kind, limit } = parseQuery(c, modelListQuery);
      return c.json(
        {
          items: await registry.list({ limit, ...(stage && { stage }), ...(name && { name }), ...(kind && { kind }) }),
        } satisfies z.output<typeof modelList>,
      );
    })
    .get("/aliases", async (c) => c.json({ items: await registry.aliases() } satisfies z.output<typeof aliasList>))
    .put("/aliases/:alias", async (c) => {
      const body = await parseBody(c, aliasBody, "E7205");
      return c.json(
        await registry.setAlias(c.req.param("alias"), body.modelId, body.by) satisfies z.output<typeof alias>,
      );
    })
    .get("/:id", async (c) => c.json(await registry.describe(c.req.param("id"))))
    .post("/:id/validate", async (c) => {
      const body = await parseBody(c, validateBody, "E7205");
      const { pinned, ...rest } = body;
      const report = await validator.validate(c.req.param("id"), {
        ...rest,
        ...(pinned && {
          pinned: pinned.map(({ minScore, ...p }) => ({
            ...p,
            pinned: true,
            ...(minScore !== undefined && { minScore }),
          })),
        }),
      });
      return c.json(report satisfies z.output<typeof validationReport>, 201);
    })
    .post("/:id/transitions", async (c) => {
      const body = await parseBody(c, transitionBody, "E7205");
      const model = await registry.transition(c.req.param("id"), body);
      return c.json(await registry.describe(model.id));
    });
}
