/**
 * `GET /`: the runtime at a glance, from the same stores `/v1/stats` reads:
 * throughput by minute (events applied, trajectories opened and closed), trajectories
 * by state and outcome, the learning backlog, dead letters by code, and whether the
 * pipeline and its streams are ready. Live: it re-reads itself on every state change.
 *
 * @module
 */
import { Hono } from "hono";
import type { Runtime } from "../../runtime.ts";
import { BarList } from "../charts/bar_list.tsx";
import { LineChart } from "../charts/line_chart.tsx";
import { count, duration, when } from "../format.ts";
import { noticeOf, Page } from "../layout.tsx";
import { Badge, countItems, Facts, Kpi } from "../widgets.tsx";

/** How far back the throughput charts look. */
const windowMs = 60 * 60_000;

export function overviewPage(runtime: Runtime): Hono {
  return new Hono().get("/", async (c) => {
    const now = runtime.clock.now();
    const since = now - windowMs;
    const [counts, deadLetters, backlog, events, opened, training] = await Promise.all([
      runtime.trajectories.counts(),
      runtime.deadLetters.counts(),
      runtime.trajectories.backlog(),
      runtime.dedupe.perMinute(since),
      runtime.trajectories.perMinute(since),
      runtime.training.status(),
    ]);
    const learning = runtime.learning.status();
    const { pipeline } = runtime;
    const streams = runtime.streams();
    return c.html(
      <Page title="Overview" section="overview" live="/v1/events/stream" notice={noticeOf(c.req.query())}>
        <div id="overview-live" data-live>
          <div class="card kpis">
            <Kpi label="trajectories" value={count(counts.trajectories)} />
            <Kpi label="waiting to be learned" value={count(backlog.waiting)} />
            <Kpi
              label="longest wait"
              value={backlog.oldestSince === null ? "–" : duration(now - backlog.oldestSince)}
            />
            <Kpi label="dead letters" value={count(Object.values(deadLetters).reduce((a, b) => a + b, 0))} />
            <Kpi label="late events" value={count(counts.lateEvents)} />
            <Kpi label="pipeline" value={<Badge value={pipeline.ready ? "ready" : "not ready"} />} />
          </div>
          <h2>Throughput, last hour (per minute)</h2>
          <div class="grid">
            <div class="card">
              <LineChart
                title="Events applied"
                xScale="time"
                yDomain={[0, 1]}
                series={[{ name: "events", points: events.map((p) => ({ x: p.minute, y: p.events })) }]}
              />
            </div>
            <div class="card">
              <LineChart
                title="Trajectories opened and closed"
                xScale="time"
                yDomain={[0, 1]}
                series={[
                  { name: "opened", points: opened.map((p) => ({ x: p.minute, y: p.opened })) },
                  { name: "closed", points: opened.map((p) => ({ x: p.minute, y: p.closed })) },
                ]}
              />
            </div>
          </div>
          <div class="grid">
            <div class="card">
              <BarList
                title="Trajectories by state"
                items={countItems(counts.byState, (state) => `/trajectories?state=${encodeURIComponent(state)}`)}
              />
            </div>
            <div class="card">
              <BarList
                title="Trajectories by outcome"
                colorIndex={2}
                items={countItems(
                  counts.byOutcome,
                  (outcome) => `/trajectories?outcome=${encodeURIComponent(outcome)}`,
                )}
              />
            </div>
            <div class="card">
              <BarList title="Dead letters by code" colorIndex={4} items={countItems(deadLetters)} />
            </div>
          </div>
          <div class="grid">
            <div class="card">
              <h2>Pipeline</h2>
              <Facts
                items={[
                  ["source", runtime.source.kind],
                  ["ready", pipeline.ready ? "yes" : "no"],
                  ["failure", pipeline.failure && `${pipeline.failure.code}: ${pipeline.failure.message}`],
                  ["batches in flight", count(pipeline.inFlight)],
                  ["actors in memory", count(runtime.metrics.actors.value())],
                  ...streams.map((s): [string, string] => [
                    `stream ${s.name}`,
                    s.up ? "up" : `down (${s.reason ?? "unknown"})`,
                  ]),
                ]}
              />
            </div>
            <div class="card">
              <h2>Learning</h2>
              <Facts
                items={[
                  ["batch", <Badge key="batch" value={learning.batch.state} />],
                  ["runs", count(learning.batch.runs)],
                  ["last run", learning.batch.lastRunAt === null ? "never" : when(learning.batch.lastRunAt)],
                  ["in memory", count(runtime.worker.backlog)],
                  ["learned per second", runtime.worker.rate.perSecond().toFixed(1)],
                  ["credit", learning.running.creditStrategy],
                ]}
              />
              <form class="inline" method="post" action="/actions/learning-batch">
                <input type="hidden" name="back" value="/" />
                <button type="submit">Run a learning batch</button>
              </form>
            </div>
            <div class="card">
              <h2>Training</h2>
              <BarList title="Jobs by state" items={countItems(training.jobs)} />
              <BarList title="Models by stage" colorIndex={3} items={countItems(training.models)} />
            </div>
          </div>
        </div>
      </Page>,
    );
  });
}
