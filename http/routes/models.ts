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
import { z } from "zod";
import { targetStages } from "../../models/registry.ts";
import type { Runtime } from "../../runtime.ts";
import { parseBody } from "../json_body.ts";
import { parseQuery } from "../query.ts";

const by = z.string().min(1).max(200).default("api");

const listQuery = z.object({
  stage: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  kind: z.enum(["policy", "reward"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const transitionBody = z.strictObject({
  to: z.enum(targetStages),
  reason: z.string().max(2_000).default(""),
  approvedBy: z.string().min(1).max(200).optional(),
  by,
});

const aliasBody = z.strictObject({ modelId: z.string().min(1), by });

const validateBody = z.strictObject({
  thresholds: z.record(z.string(), z.unknown()).optional(),
  pinned: z.array(z.strictObject({
    id: z.string().min(1),
    input: z.string(),
    expected: z.string(),
    domain: z.string().min(1).default("general"),
    minScore: z.number().min(0).max(1).optional(),
  })).max(1_000).optional(),
  endpoint: z.strictObject({
    url: z.url(),
    format: z.enum(["chat-completions", "anthropic"]),
    model: z.string().min(1),
  }).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
  by,
});

export function modelRoutes(runtime: Runtime): Hono {
  const { registry, validator } = runtime.training;
  return new Hono()
    .get("/", async (c) => {
      const { stage, name, kind, limit } = parseQuery(c, listQuery);
      return c.json({
        items: await registry.list({ limit, ...(stage && { stage }), ...(name && { name }), ...(kind && { kind }) }),
      });
    })
    .get("/aliases", async (c) => c.json({ items: await registry.aliases() }))
    .put("/aliases/:alias", async (c) => {
      const body = await parseBody(c, aliasBody, "E7205");
      return c.json(await registry.setAlias(c.req.param("alias"), body.modelId, body.by));
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
      return c.json(report, 201);
    })
    .post("/:id/transitions", async (c) => {
      const body = await parseBody(c, transitionBody, "E7205");
      const model = await registry.transition(c.req.param("id"), body);
      return c.json(await registry.describe(model.id));
    });
}
