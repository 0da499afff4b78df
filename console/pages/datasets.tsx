/**
 * Training data. `GET /datasets`: every dataset with its versions, and the form that
 * builds the next version. `GET /datasets/:name/:version` (or `latest`): the version's
 * counts, statistics per split with its quality-score histograms, what the filter
 * rejected and why, and its lineage.
 *
 * @module
 */
import { Hono } from "hono";
import type { Runtime } from "../../runtime.ts";
import type { SplitStatistics } from "../../training/datasets/statistics.ts";
import { BarList } from "../charts/bar_list.tsx";
import { Histogram } from "../charts/histogram.tsx";
import { clip, count, decimal, when } from "../format.ts";
import { noticeOf, Page } from "../layout.tsx";
import { countItems, Facts } from "../widgets.tsx";

/** Datasets listed, and versions per dataset: a page, not an archive. */
const maxDatasets = 100;
const maxVersions = 20;
const rejectionSample = 25;
const splits = ["train", "val", "test"] as const;

export function datasetPages(runtime: Runtime): Hono {
  const { datasets } = runtime.trainingData;
  return new Hono()
    .get("/datasets", async (c) => {
      const listed = (await datasets.list()).slice(0, maxDatasets);
      const versions = await Promise.all(listed.map(({ dataset }) => datasets.versions(dataset.name)));
      return c.html(
        <Page title="Training data" section="datasets" notice={noticeOf(c.req.query())}>
          <form class="inline" method="post" action="/actions/datasets">
            <input type="hidden" name="back" value="/datasets" />
            <label>
              dataset <input name="name" required maxlength={100} placeholder="name" />
            </label>
            <button type="submit">Build the next version</button>
          </form>
          {listed.length === 0 && <p class="muted">No datasets yet: build one from the examples extracted so far.</p>}
          {listed.map(({ dataset }, i) => (
            <section class="card" id={`dataset-${dataset.name}`}>
              <h2>{dataset.name}</h2>
              {dataset.description && <p>{dataset.description}</p>}
              <table>
                <thead>
                  <tr>
                    <th>version</th>
                    <th>change</th>
                    <th class="num">examples</th>
                    <th class="num">train / val / test</th>
                    <th class="num">added</th>
                    <th class="num">removed</th>
                    <th>created</th>
                  </tr>
                </thead>
                <tbody>
                  {versions[i]!.slice(-maxVersions).reverse().map((v) => (
                    <tr>
                      <td>
                        <a href={`/datasets/${encodeURIComponent(dataset.name)}/${encodeURIComponent(v.version)}`}>
                          {v.version}
                        </a>
                      </td>
                      <td>{v.change}</td>
                      <td class="num">{count(v.counts.total)}</td>
                      <td class="num">{v.counts.train} / {v.counts.val} / {v.counts.test}</td>
                      <td class="num">{count(v.counts.added)}</td>
                      <td class="num">{count(v.counts.removed)}</td>
                      <td>{when(v.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </Page>,
      );
    })
    .get("/datasets/:name/:version", async (c) => {
      const version = await runtime.trainingData.version(c.req.param("name"), c.req.param("version"));
      const rejections = await datasets.rejections(version.dataset, version.seq, { limit: rejectionSample });
      const { counts, statistics, filtering, lineage } = version;
      return c.html(
        <Page title={`${version.dataset} ${version.version}`} section="datasets" notice={noticeOf(c.req.query())}>
          <div class="grid">
            <div class="card">
              <Facts
                items={[
                  ["dataset", <a key="dataset" href="/datasets">{version.dataset}</a>],
                  ["version", `${version.version} (${version.change})`],
                  ["why", version.reason],
                  ["parent", version.parent ?? "none"],
                  ["examples", `${count(counts.total)}: ${counts.train} train, ${counts.val} val, ${counts.test} test`],
                  ["added / removed", `${count(counts.added)} / ${count(counts.removed)}`],
                  ["content hash", <code key="hash">{version.contentHash}</code>],
                  ["created", when(version.createdAt)],
                  [
                    "from",
                    `${count(lineage.sources.upstream)} upstream joins, ${
                      count(lineage.sources.trajectories)
                    } trajectories`,
                  ],
                ]}
              />
            </div>
            <div class="card">
              <BarList
                title={`Rejected by the filter (${count(filtering.candidates - filtering.accepted)} of ${
                  count(filtering.candidates)
                })`}
                colorIndex={4}
                items={countItems(filtering.rejected).filter((item) => item.value > 0)}
              />
            </div>
          </div>
          <h2>Quality scores by split</h2>
          <div class="grid">
            {splits.map((split, i) => (
              <ScoreHistogram key={split} split={split} stats={statistics[split]} colorIndex={i} />
            ))}
          </div>
          <h2>Split statistics</h2>
          <table>
            <thead>
              <tr>
                <th>split</th>
                <th class="num">examples</th>
                <th class="num">mean score</th>
                <th class="num">input tokens p50 / p95</th>
                <th class="num">output tokens p50 / p95</th>
                <th class="num">mean confidence</th>
                <th>domains</th>
              </tr>
            </thead>
            <tbody>
              {(["all", ...splits] as const).map((split) => {
                const s = statistics[split];
                return (
                  <tr>
                    <td>{split}</td>
                    <td class="num">{count(s.count)}</td>
                    <td class="num">{decimal(s.scoreHistogram.mean)}</td>
                    <td class="num">{s.tokens.input.p50} / {s.tokens.input.p95}</td>
                    <td class="num">{s.tokens.output.p50} / {s.tokens.output.p95}</td>
                    <td class="num">{decimal(s.confidence.mean)}</td>
                    <td>{clip(Object.entries(s.domains).map(([d, n]) => `${d} ${n}`).join(", "), 120)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h2>Rejections (first {rejectionSample})</h2>
          <table>
            <thead>
              <tr>
                <th>example</th>
                <th>reason</th>
                <th>detail</th>
              </tr>
            </thead>
            <tbody>
              {rejections.length === 0 && (
                <tr>
                  <td colspan={3} class="muted">None.</td>
                </tr>
              )}
              {rejections.map((r) => (
                <tr>
                  <td>
                    <code>{r.exampleId}</code>
                  </td>
                  <td>{r.reason}</td>
                  <td>{clip(r.detail, 200)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Page>,
      );
    });
}

/** A split's quality scores: ten stored bins of width 10 over [0, 100]. */
function ScoreHistogram(props: { split: string; stats: SplitStatistics; colorIndex: number }) {
  const bins = props.stats.scoreHistogram.bins.map((n, i) => ({ from: i * 10, to: i * 10 + 10, count: n }));
  return (
    <div class="card">
      <Histogram
        title={`${props.split} (${count(props.stats.count)})`}
        bins={bins}
        xLabel="quality score"
        colorIndex={props.colorIndex}
        width={360}
      />
    </div>
  );
}
