/**
 * Training jobs. `GET /jobs?state=`: the newest jobs with their state, dataset and
 * model. `GET /jobs/:id`: one job: its state, progress, the loss curve as the trainer
 * reported it (`lossHistory`), its examples, metrics and error.
 *
 * @module
 */
import { Hono } from "hono";
import { z } from "zod";
import { parseQuery } from "../../http/query.ts";
import type { Runtime } from "../../runtime.ts";
import { LineChart } from "../charts/line_chart.tsx";
import { count, decimal, duration, json, when } from "../format.ts";
import { noticeOf, Page } from "../layout.tsx";
import { Badge, Facts } from "../widgets.tsx";

const listed = 100;
const query = z.object({ state: z.string().max(50).optional() });

export function jobPages(runtime: Runtime): Hono {
  const { jobs } = runtime.training;
  return new Hono()
    .get("/jobs", async (c) => {
      const { state } = parseQuery(c, query);
      const items = await jobs.list({ limit: listed, ...(state && { state }) });
      return c.html(
        <Page title="Training jobs" section="jobs" notice={noticeOf(c.req.query())}>
          <table id="jobs">
            <thead>
              <tr>
                <th>job</th>
                <th>state</th>
                <th>type · backend</th>
                <th>dataset</th>
                <th class="num">last loss</th>
                <th>model</th>
                <th>created</th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 && (
                <tr>
                  <td colspan={7} class="muted">No jobs{state ? ` in state ${state}` : " yet"}.</td>
                </tr>
              )}
              {items.map((job) => (
                <tr>
                  <td>
                    <a href={`/jobs/${encodeURIComponent(job.id)}`}>{job.id}</a>
                  </td>
                  <td>
                    <Badge value={job.state} />
                  </td>
                  <td>{job.type} · {job.backend}</td>
                  <td>{job.dataset.name} {job.dataset.version}</td>
                  <td class="num">{decimal(job.lossHistory.at(-1)?.loss)}</td>
                  <td>
                    {job.modelId ? <a href={`/models/${encodeURIComponent(job.modelId)}`}>{job.modelId}</a> : "–"}
                  </td>
                  <td>{when(job.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Page>,
      );
    })
    .get("/jobs/:id", async (c) => {
      const job = await jobs.get(c.req.param("id"));
      const ran = job.startedAt === null ? null : (job.finishedAt ?? runtime.clock.now()) - job.startedAt;
      return c.html(
        <Page title={`Job ${job.id}`} section="jobs" notice={noticeOf(c.req.query())}>
          <div class="grid">
            <div class="card">
              <Facts
                items={[
                  ["state", <Badge key="state" value={job.state} />],
                  ["type · backend", `${job.type} · ${job.backend}`],
                  [
                    "dataset",
                    <a
                      key="dataset"
                      href={`/datasets/${encodeURIComponent(job.dataset.name)}/${
                        encodeURIComponent(job.dataset.version)
                      }`}
                    >
                      {job.dataset.name} {job.dataset.version}
                    </a>,
                  ],
                  ["examples", job.examples && `${job.examples.train} train, ${job.examples.val} val`],
                  ["progress", job.progress && progressText(job.progress)],
                  ["attempt", String(job.attempt)],
                  ["created", when(job.createdAt)],
                  ["ran", duration(ran)],
                  [
                    "model",
                    job.modelId && <a key="model" href={`/models/${encodeURIComponent(job.modelId)}`}>{job.modelId}</a>,
                  ],
                ]}
              />
              {job.error && <p class="notice error">{job.error.code}: {job.error.message}</p>}
            </div>
            <div class="card">
              <LineChart
                title="Loss by step"
                xLabel="step"
                yLabel="loss"
                series={[{ name: "loss", points: job.lossHistory.map((p) => ({ x: p.step, y: p.loss })) }]}
              />
            </div>
          </div>
          {job.metrics && (
            <>
              <h2>Metrics</h2>
              <Facts items={Object.entries(job.metrics).map(([name, value]) => [name, decimal(value)])} />
            </>
          )}
          <h2>Configuration</h2>
          <pre>{json(job.config)}</pre>
        </Page>,
      );
    });
}

function progressText(p: { step?: number; totalSteps?: number; epoch?: number; loss?: number; message?: string }) {
  const parts = [
    p.step !== undefined && `step ${count(p.step)}${p.totalSteps ? ` of ${count(p.totalSteps)}` : ""}`,
    p.epoch !== undefined && `epoch ${p.epoch}`,
    p.loss !== undefined && `loss ${decimal(p.loss)}`,
    p.message,
  ];
  return parts.filter(Boolean).join(", ");
}
