/**
 * The model registry. `GET /models`: every version with its stage, and the aliases.
 * `GET /models/:id` (an id or an alias): its lineage from dataset to job to
 * validation, the latest validation report stage by stage, the audit log, its aliases,
 * and the form moving it to another stage (with the approval production needs).
 *
 * @module
 */
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import type { summaryOf } from "../../models/registry.ts";
import { targetStages } from "../../models/registry.ts";
import type { Runtime } from "../../runtime.ts";
import type { AuditEntry } from "../../store/audit_log.ts";
import type { ValidationRecord } from "../../store/models.ts";
import type { ValidationReport } from "../../validation/validate.ts";
import { count, json, when } from "../format.ts";
import { noticeOf, Page } from "../layout.tsx";
import { Badge, countItems, Facts } from "../widgets.tsx";
import { BarList } from "../charts/bar_list.tsx";

const listed = 100;

/** What `registry.describe()` answers (typed there as a plain record, since the API sends it as is). */
type ModelDescription = ReturnType<typeof summaryOf> & {
  lineage: { dataset: { name: string; version: string } | null; job: string | null; validations: string[] };
  approval: unknown;
  validation: ValidationRecord | null;
  aliases: string[];
  audit: AuditEntry[];
};

export function modelPages(runtime: Runtime): Hono {
  const { registry } = runtime.training;
  return new Hono()
    .get("/models", async (c) => {
      const [models, aliases, stages] = await Promise.all([
        registry.list({ limit: listed }),
        registry.aliases(),
        registry.counts(),
      ]);
      return c.html(
        <Page title="Models" section="models" notice={noticeOf(c.req.query())}>
          <div class="card">
            <BarList title="Models by stage" colorIndex={3} items={countItems(stages)} />
          </div>
          <table id="models">
            <thead>
              <tr>
                <th>model</th>
                <th>stage</th>
                <th>kind</th>
                <th>dataset</th>
                <th>job</th>
                <th>signed</th>
                <th>created</th>
              </tr>
            </thead>
            <tbody>
              {models.length === 0 && (
                <tr>
                  <td colspan={7} class="muted">No models yet: a training job that succeeds registers one.</td>
                </tr>
              )}
              {models.map((m) => (
                <tr>
                  <td>
                    <a href={`/models/${encodeURIComponent(m.id)}`}>{m.id}</a>
                  </td>
                  <td>
                    <Badge value={m.stage} />
                  </td>
                  <td>{m.kind}</td>
                  <td>{m.dataset ? `${m.dataset} ${m.datasetVersion}` : "–"}</td>
                  <td>{m.jobId ? <a href={`/jobs/${encodeURIComponent(m.jobId)}`}>{m.jobId}</a> : "–"}</td>
                  <td>{m.signature ? m.signature.keyId : "no"}</td>
                  <td>{when(m.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Aliases</h2>
          <Facts
            items={aliases.map((a): [string, Child] => [
              a.alias,
              <a key={a.alias} href={`/models/${encodeURIComponent(a.modelId)}`}>{a.modelId}</a>,
            ])}
          />
        </Page>,
      );
    })
    .get("/models/:id", async (c) => {
      const model = await registry.describe(c.req.param("id")) as ModelDescription;
      const report = model.validation?.report as ValidationReport | undefined;
      const { lineage } = model;
      return c.html(
        <Page title={`Model ${model.id}`} section="models" notice={noticeOf(c.req.query())}>
          <div class="grid">
            <div class="card">
              <Facts
                items={[
                  ["stage", <Badge key="stage" value={model.stage} />],
                  ["kind", model.kind],
                  ["base model", model.baseModel],
                  ["backend", model.backend],
                  ["aliases", model.aliases.length ? model.aliases.join(", ") : "none"],
                  ["checksum", <code key="checksum">{model.checksum}</code>],
                  ["signature", model.signature ? `${model.signature.algorithm} ${model.signature.keyId}` : "unsigned"],
                  ["created", when(model.createdAt)],
                ]}
              />
            </div>
            <div class="card">
              <h2>Lineage</h2>
              <ol>
                <li>
                  dataset {lineage.dataset
                    ? (
                      <a
                        href={`/datasets/${encodeURIComponent(lineage.dataset.name)}/${
                          encodeURIComponent(lineage.dataset.version)
                        }`}
                      >
                        {lineage.dataset.name} {lineage.dataset.version}
                      </a>
                    )
                    : "–"}
                </li>
                <li>
                  job {lineage.job ? <a href={`/jobs/${encodeURIComponent(lineage.job)}`}>{lineage.job}</a> : "–"}
                </li>
                <li>model {model.id}</li>
                <li>validations: {lineage.validations.length ? lineage.validations.join(", ") : "none yet"}</li>
              </ol>
            </div>
            <div class="card">
              <h2>Move to another stage</h2>
              <form method="post" action={`/actions/models/${encodeURIComponent(model.id)}/transitions`}>
                <Facts
                  items={[
                    [
                      "to",
                      <select key="to" name="to">
                        {targetStages.map((stage) => <option key={stage} value={stage}>{stage}</option>)}
                      </select>,
                    ],
                    [
                      "approved by",
                      <input key="approvedBy" name="approvedBy" maxlength={200} placeholder="needed for production" />,
                    ],
                    ["reason", <input key="reason" name="reason" maxlength={2000} />],
                    ["by", <input key="by" name="by" maxlength={200} value="console" />],
                  ]}
                />
                <button type="submit">Move</button>
              </form>
            </div>
          </div>
          <h2>Validation</h2>
          {report
            ? (
              <>
                <p>
                  <Badge value={report.recommendation} /> against {report.referenceKind} {report.reference},{" "}
                  {count(report.cases)} cases, {when(report.finishedAt)}
                </p>
                {report.reasons.length > 0 && <ul>{report.reasons.map((reason) => <li key={reason}>{reason}</li>)}</ul>}
                <table>
                  <thead>
                    <tr>
                      <th>stage</th>
                      <th>passed</th>
                      <th>errors</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.stages.map((stage) => (
                      <tr>
                        <td>{stage.stage}</td>
                        <td>
                          <Badge value={stage.passed ? "passed" : "failed"} />
                        </td>
                        <td>{stage.errors.join("; ") || "–"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <details>
                  <summary>The whole report</summary>
                  <pre>{json(report)}</pre>
                </details>
              </>
            )
            : <p class="muted">Not validated yet.</p>}
          <h2>Audit log</h2>
          <table id="audit">
            <thead>
              <tr>
                <th>when</th>
                <th>who</th>
                <th>from → to</th>
                <th>reason</th>
              </tr>
            </thead>
            <tbody>
              {model.audit.map((entry) => (
                <tr>
                  <td>{when(entry.at)}</td>
                  <td>{entry.actor}</td>
                  <td>{entry.from ?? "–"} → {entry.to}</td>
                  <td>{entry.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Page>,
      );
    });
}
