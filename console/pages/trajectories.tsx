/**
 * `GET /trajectories?state=&outcome=&cursor=`: trajectories newest first, filtered and
 * paged as the API pages them; live (the list re-reads itself on each state change).
 * `GET /trajectories/:id`: one trajectory: its steps with their credit, the analysis,
 * errors, evaluation and outcome, and the retry action when its analysis failed; live
 * on its own changes.
 *
 * @module
 */
import { Hono } from "hono";
import { z } from "zod";
import { AtlasError } from "../../errors.ts";
import { trajectoryStates } from "../../http/contract/trajectories.ts";
import { parseQuery } from "../../http/query.ts";
import { trajectoryDetail, trajectorySummary } from "../../http/trajectory_view.ts";
import type { Runtime } from "../../runtime.ts";
import { outcomes } from "../../schemas/mod.ts";
import { isCursor } from "../../store/trajectories.ts";
import { clip, count, decimal, json } from "../format.ts";
import { noticeOf, Page } from "../layout.tsx";
import { Badge, Facts, Pager } from "../widgets.tsx";

const pageSize = 50;

const listQuery = z.object({
  state: z.enum(trajectoryStates).optional(),
  outcome: z.enum(outcomes).optional(),
  cursor: z.string().max(100).refine(isCursor, "not a cursor this console issued").optional(),
});

export function trajectoryPages(runtime: Runtime): Hono {
  return new Hono()
    .get("/trajectories", async (c) => {
      const { state, outcome, cursor } = parseQuery(c, listQuery);
      const page = await runtime.trajectories.list({ state, outcome, cursor, limit: pageSize });
      const items = page.items.map(trajectorySummary);
      const filter = new URLSearchParams({ ...(state && { state }), ...(outcome && { outcome }) });
      const first = `/trajectories${filter.size ? `?${filter}` : ""}`;
      const next = page.nextCursor &&
        `/trajectories?${new URLSearchParams({ ...Object.fromEntries(filter), cursor: page.nextCursor })}`;
      return c.html(
        <Page title="Trajectories" section="trajectories" live="/v1/events/stream" notice={noticeOf(c.req.query())}>
          <form class="inline" method="get" action="/trajectories">
            <label>
              state <Select name="state" options={trajectoryStates} value={state} />
            </label>
            <label>
              outcome <Select name="outcome" options={outcomes} value={outcome} />
            </label>
            <button type="submit">Filter</button>
          </form>
          <table id="trajectory-list" data-live>
            <thead>
              <tr>
                <th>id</th>
                <th>task</th>
                <th>state</th>
                <th>outcome</th>
                <th class="num">steps</th>
                <th>opened</th>
                <th>updated</th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 && (
                <tr>
                  <td colspan={7} class="muted">No trajectories{filter.size ? " match the filter" : " yet"}.</td>
                </tr>
              )}
              {items.map((t) => (
                <tr data-id={t.id}>
                  <td>
                    <a href={`/trajectories/${encodeURIComponent(t.id)}`}>{t.id}</a>
                  </td>
                  <td>{clip(t.task?.description ?? "", 90)}</td>
                  <td>
                    <Badge value={t.state} />
                  </td>
                  <td>
                    <Badge value={t.outcome} />
                  </td>
                  <td class="num">{count(t.stepCount)}</td>
                  <td>{t.openedAt.slice(0, 19).replace("T", " ")}</td>
                  <td>{t.updatedAt.slice(0, 19).replace("T", " ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager first={first} next={next} onFirst={cursor === undefined} />
        </Page>,
      );
    })
    .get("/trajectories/:id", async (c) => {
      const id = c.req.param("id");
      const [row, steps] = await Promise.all([runtime.trajectories.get(id), runtime.trajectories.steps(id)]);
      if (!row) throw new AtlasError("E7010", `no trajectory ${id}`);
      const t = trajectoryDetail(row, steps);
      const credit = new Map(t.credit.map((share) => [share.index, share.score]));
      const keySteps = new Set(t.analysis?.keySteps ?? []);
      const why = new Map((t.analysis?.reasons ?? []).map((r) => [r.index, r.why]));
      const stream = `/v1/events/stream?${new URLSearchParams({ trajectoryId: id })}`;
      return c.html(
        <Page title={`Trajectory ${id}`} section="trajectories" live={stream} notice={noticeOf(c.req.query())}>
          <div id="trajectory-live" data-live>
            <div class="grid">
              <div class="card">
                <Facts
                  items={[
                    ["task", t.task?.description],
                    ["family", t.task?.family],
                    ["agent", t.agent && `${t.agent.name}${t.agent.model ? ` (${t.agent.model})` : ""}`],
                    ["state", <Badge key="state" value={t.state} />],
                    ["outcome", <Badge key="outcome" value={t.outcome} />],
                    ["score", decimal(t.score)],
                    ["reason", t.reason],
                    ["opened", t.openedAt],
                    ["closed", t.closedAt],
                    ["late events", count(t.lateEvents)],
                  ]}
                />
                {t.state === "failed" && (
                  <form class="inline" method="post" action={`/actions/trajectories/${encodeURIComponent(id)}/retry`}>
                    <button type="submit">Retry the analysis</button>
                  </form>
                )}
              </div>
              <div class="card">
                <h2>Analysis</h2>
                {t.error && <p class="notice error">{t.error.code}: {t.error.message}</p>}
                {t.analysis
                  ? (
                    <Facts
                      items={[
                        ["summary", t.analysis.summary],
                        ["credit by", t.analysis.strategy],
                        [
                          "fallback",
                          t.analysis.fallback && `${t.analysis.fallback.strategy}: ${t.analysis.fallback.reason}`,
                        ],
                        [
                          "memory",
                          t.analysis.memory &&
                          `${t.analysis.memory.update} ${
                            t.analysis.memory.strategyId ?? ""
                          } (${t.analysis.memory.reasoning})`,
                        ],
                      ]}
                    />
                  )
                  : <p class="muted">Not analysed yet.</p>}
              </div>
            </div>
            {(t.analysis?.errors?.length ?? 0) > 0 && (
              <>
                <h2>Errors</h2>
                <table>
                  <thead>
                    <tr>
                      <th class="num">step</th>
                      <th>error</th>
                      <th>pattern</th>
                    </tr>
                  </thead>
                  <tbody>
                    {t.analysis!.errors!.map((e) => (
                      <tr>
                        <td class="num">{e.index}</td>
                        <td>{e.text}</td>
                        <td class="muted">{e.template}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
            <h2>Steps</h2>
            <table class="steps">
              <thead>
                <tr>
                  <th class="num">#</th>
                  <th>kind</th>
                  <th>content</th>
                  <th class="num">credit</th>
                </tr>
              </thead>
              <tbody>
                {t.steps.map((s) => (
                  <tr class={keySteps.has(s.index) ? "key" : undefined}>
                    <td class="num">{s.index}</td>
                    <td>{s.kind}{s.tool ? ` · ${s.tool.name}` : ""}</td>
                    <td class="content">
                      {clip(s.content, 2_000)}
                      {why.has(s.index) && <div class="muted">why: {why.get(s.index)}</div>}
                    </td>
                    <td class="num">{decimal(credit.get(s.index))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {t.evaluation && (
              <>
                <h2>Evaluation</h2>
                <pre>{json(t.evaluation)}</pre>
              </>
            )}
          </div>
        </Page>,
      );
    });
}

/** A filter's choices, with "any" for none. */
function Select(props: { name: string; options: readonly string[]; value: string | undefined }) {
  return (
    <select name={props.name}>
      <option value="">any</option>
      {props.options.map((option) => (
        <option key={option} value={option} selected={option === props.value}>{option}</option>
      ))}
    </select>
  );
}
