/**
 * `GET /memory?q=`: what learning remembers: strategies, concepts and error patterns,
 * the newest (or most frequent) first, or with `q` ranked as the API ranks `?q=` (a
 * look here is not counted as a retrieval); how often each was retrieved, and the share
 * of the agents' searches that found something, by minute; and what pruning took out,
 * with its reason.
 *
 * @module
 */
import { Hono } from "hono";
import { z } from "zod";
import { parseQuery } from "../../http/query.ts";
import type { Runtime } from "../../runtime.ts";
import { BarList } from "../charts/bar_list.tsx";
import { LineChart } from "../charts/line_chart.tsx";
import { clip, count, decimal, when } from "../format.ts";
import { noticeOf, Page } from "../layout.tsx";

/** Items per section: the page stays one screen of each. */
const shown = 25;
const prunedShown = 20;
const hitRateWindowMs = 24 * 60 * 60_000;

const query = z.object({ q: z.string().max(1_000).optional() });

export function memoryPage(runtime: Runtime): Hono {
  const { strategies, concepts, errorPatterns } = runtime.learning;
  return new Hono().get("/memory", async (c) => {
    const { q } = parseQuery(c, query);
    const since = runtime.clock.now() - hitRateWindowMs;
    const [strategyList, conceptList, patterns, prunedStrategies, prunedConcepts, strategySearches, conceptSearches] =
      await Promise.all([
        q === undefined ? strategies.newest(shown) : strategies.search(q, shown, null),
        q === undefined ? concepts.top(shown) : concepts.search(q, shown, null),
        q === undefined ? errorPatterns.mostFrequent(shown) : errorPatterns.search(q, shown),
        strategies.pruned(prunedShown),
        concepts.pruned(prunedShown),
        strategies.searchesByMinute(since),
        concepts.searchesByMinute(since),
      ]);
    const hitRate = (rows: { minute: number; searches: number; hits: number }[]) =>
      rows.map((r) => ({ x: r.minute, y: r.hits / r.searches }));
    const retrieved = [
      ...strategyList.map((s) => ({ label: clip(s.title, 40), value: s.retrievals })),
      ...conceptList.map((k) => ({ label: k.name, value: k.retrievals })),
    ]
      .filter((item) => item.value > 0).sort((a, b) => b.value - a.value).slice(0, 12);
    return c.html(
      <Page title="Memory" section="memory" notice={noticeOf(c.req.query())}>
        <form class="inline" method="get" action="/memory">
          <input type="search" name="q" value={q ?? ""} placeholder="a task or an error, ranked by BM25" size={50} />
          <button type="submit">Search</button>
          {q !== undefined && <a href="/memory">clear</a>}
        </form>
        <div class="card">
          <LineChart
            title="Searches that found something, per minute (last 24 h)"
            xScale="time"
            yDomain={[0, 1]}
            yFormat={(y) => `${Math.round(y * 100)}%`}
            series={[
              { name: "strategies", points: hitRate(strategySearches) },
              { name: "concepts", points: hitRate(conceptSearches) },
            ]}
          />
        </div>
        <div class="card">
          <BarList title="Most retrieved (of those listed)" items={retrieved} />
        </div>
        <h2>Strategies {q !== undefined ? "matching" : "(newest)"}</h2>
        <table id="strategies">
          <thead>
            <tr>
              <th>title</th>
              <th>when to use</th>
              <th>family</th>
              <th class="num">support</th>
              <th class="num">retrievals</th>
              {q !== undefined && <th class="num">score</th>}
              <th>created</th>
            </tr>
          </thead>
          <tbody>
            {strategyList.map((s) => (
              <tr>
                <td>{s.title}</td>
                <td>{clip(s.description, 160)}</td>
                <td>{s.family ?? "–"}</td>
                <td class="num">{count(s.support)}</td>
                <td class="num">{count(s.retrievals)}</td>
                {q !== undefined && <td class="num">{decimal(s.score)}</td>}
                <td>{when(s.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Concepts {q !== undefined ? "matching" : "(most frequent)"}</h2>
        <table id="concepts">
          <thead>
            <tr>
              <th>name</th>
              <th>signature</th>
              <th>docs</th>
              <th class="num">frequency</th>
              <th class="num">retrievals</th>
            </tr>
          </thead>
          <tbody>
            {conceptList.map((k) => (
              <tr>
                <td>{k.name}</td>
                <td>
                  <code>{clip(k.signature, 80)}</code>
                </td>
                <td>{clip(k.docs, 160)}</td>
                <td class="num">{count(k.frequency)}</td>
                <td class="num">{count(k.retrievals)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Error patterns {q !== undefined ? "matching" : "(most frequent)"}</h2>
        <table id="error-patterns">
          <thead>
            <tr>
              <th>name</th>
              <th>family</th>
              <th class="num">seen</th>
              <th class="num">trajectories</th>
              <th>suggested fix</th>
            </tr>
          </thead>
          <tbody>
            {patterns.map((p) => (
              <tr>
                <td>{p.name}</td>
                <td>{p.family ?? "–"}</td>
                <td class="num">{count(p.frequency)}</td>
                <td class="num">{count(p.distinctTrajectories)}</td>
                <td>{clip(p.suggestedFix ?? "–", 160)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Pruned</h2>
        <table id="pruned">
          <thead>
            <tr>
              <th>kind</th>
              <th>name</th>
              <th>reason</th>
              <th class="num">retrievals</th>
              <th>pruned</th>
            </tr>
          </thead>
          <tbody>
            {prunedStrategies.length + prunedConcepts.length === 0 && (
              <tr>
                <td colspan={5} class="muted">Nothing pruned.</td>
              </tr>
            )}
            {prunedStrategies.map((s) => (
              <tr>
                <td>strategy</td>
                <td>{s.title}</td>
                <td>{s.pruned?.reason}</td>
                <td class="num">{count(s.retrievals)}</td>
                <td>{when(s.pruned?.at)}</td>
              </tr>
            ))}
            {prunedConcepts.map((k) => (
              <tr>
                <td>concept</td>
                <td>{k.name}</td>
                <td>{k.pruned?.reason}</td>
                <td class="num">{count(k.retrievals)}</td>
                <td>{when(k.pruned?.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Page>,
    );
  });
}
