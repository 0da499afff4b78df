/**
 * Datasets:
 *
 * - `POST /v1/datasets` `{ name, description?, filter?, split? }`: builds the next
 *   version (201), or answers the newest one when nothing changed (200,
 *   `created: false`); the first call creates the dataset;
 * - `GET /v1/datasets`: every dataset with its newest version's summary;
 * - `GET /v1/datasets/:name`: the dataset, its configuration and its versions;
 * - `GET /v1/datasets/:name/versions/:version` (or `latest`): counts, statistics per
 *   split, what the filter did, lineage and the content hash;
 * - `GET .../rejections?reason=&limit=&after=`: the examples the filter rejected, each
 *   with its reason;
 * - `GET .../export?format=&split=&system=&minMargin=`: the version as JSON lines in a
 *   trainer's format, streamed.
 *
 * @module
 */
import { Hono } from "hono";
import type { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { Runtime } from "../../runtime.ts";
import { exporters, exportFormats, isExportFormat } from "../../training/exports/formats.ts";
import { toJsonl } from "../../training/exports/jsonl.ts";
import { parseBody } from "../json_body.ts";
import {
  buildDatasetBody,
  type datasetBuilt,
  type datasetDetail,
  type datasetList,
  type datasetVersion,
  exportQuery,
  type rejectionPage,
  rejectionQuery,
} from "../contract/datasets.ts";
import { parseQuery } from "../query.ts";

export function datasetRoutes(runtime: Runtime): Hono {
  const { curator, datasets } = runtime.trainingData;
  const versionOf = (name: string, version: string) => runtime.trainingData.version(name, version);

  return new Hono()
    .post("/", async (c) => {
      const body = await parseBody(c, buildDatasetBody, "E7102");
      const { version, created } = await curator.build(body);
      return c.json({ created, version } satisfies z.output<typeof datasetBuilt>, created ? 201 : 200);
    })
    .get("/", async (c) => {
      const items = await datasets.list();
      return c.json(
        {
          items: items.map(({ dataset, latest }) => ({
            ...dataset,
            latest: latest && {
              version: latest.version,
              contentHash: latest.contentHash,
              counts: latest.counts,
              createdAt: latest.createdAt,
            },
          })),
        } satisfies z.output<typeof datasetList>,
      );
    })
    .get("/:name", async (c) => {
      const name = c.req.param("name");
      const dataset = await datasets.get(name);
      if (!dataset) throw new AtlasError("E7103", `no dataset "${name}"`);
      return c.json({ ...dataset, versions: await datasets.versions(name) } satisfies z.output<typeof datasetDetail>);
    })
    .get("/:name/versions/:version", async (c) => {
      const version = await versionOf(c.req.param("name"), c.req.param("version"));
      return c.json(version satisfies z.output<typeof datasetVersion>);
    })
    .get("/:name/versions/:version/rejections", async (c) => {
      const version = await versionOf(c.req.param("name"), c.req.param("version"));
      const { reason, limit, after } = parseQuery(c, rejectionQuery);
      const items = await datasets.rejections(version.dataset, version.seq, {
        limit,
        ...(reason && { reason }),
        ...(after && { after }),
      });
      const page = { items, next: items.length === limit ? items.at(-1)!.exampleId : null };
      return c.json(page satisfies z.output<typeof rejectionPage>);
    })
    .get("/:name/versions/:version/export", async (c) => {
      const version = await versionOf(c.req.param("name"), c.req.param("version"));
      const { format, split, system, minMargin } = parseQuery(c, exportQuery);
      if (!isExportFormat(format)) {
        throw new AtlasError("E7105", `unknown export format "${format}"`, { details: { formats: exportFormats } });
      }
      const rows = datasets.exportRows(version.dataset, version.seq, split);
      const lines = exporters[format].lines(rows, {
        ...(system !== undefined && { system }),
        ...(minMargin !== undefined && { minMargin }),
      });
      const file = `${version.dataset}-${version.version}-${format}${split ? `-${split}` : ""}.jsonl`;
      return new Response(toJsonl(lines), {
        headers: {
          "Content-Type": "application/x-ndjson; charset=utf-8",
          "Content-Disposition": `attachment; filename="${file}"`,
          "X-Content-Hash": version.contentHash,
        },
      });
    });
}
