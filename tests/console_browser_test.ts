/**
 * The console in a real browser (Chromium through puppeteer-core) against the real
 * service started as `deno task start` starts it: login through the form, every page
 * rendered with no console error and no failed request (the CSP would report any inline
 * code), a trajectory posted meanwhile appearing live on the list and on its page
 * (SSE, no reload), an action changing state visibly. Screenshots of the main pages go
 * to `.ci/out/console/`.
 *
 * Chromium comes from `ATLAS_CHROMIUM` or `/usr/bin/chromium`; without it the test is
 * skipped with a message, unless `CI=true`, where it fails.
 *
 * @module
 */
import assert from "node:assert/strict";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { completed, started, step } from "./support/events.ts";
import { serviceDataDir, startService } from "./support/service.ts";
import { upstreamEventsFromRuns } from "./support/upstream_events.ts";
import { waitFor } from "./support/wait.ts";

const chromium = Deno.env.get("ATLAS_CHROMIUM") ?? "/usr/bin/chromium";
const found = await Deno.stat(chromium).then(() => true, () => false);
const inCi = Deno.env.get("CI") === "true";
if (!found && !inCi) console.warn(`skipping the console browser test: no Chromium at ${chromium} (set ATLAS_CHROMIUM)`);

const screenshots = new URL("../.ci/out/console/", import.meta.url);
const fever = new URL("../../shared/data/events/fever.events.jsonl", import.meta.url);
const token = "console-browser-token";

Deno.test({
  name: "[browser] the console: login, every page clean, a trajectory live over SSE, an action",
  ignore: !found && !inCi,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    assert.ok(found, `CI=true and no Chromium at ${chromium}: install it or set ATLAS_CHROMIUM`);
    await Deno.mkdir(screenshots, { recursive: true });
    const dir = await serviceDataDir("console-browser-");
    const service = await startService({
      ATLAS_DB_URL: `file:${dir}/atlas.db`,
      ATLAS_ARTIFACT_DIR: `${dir}/artifacts`,
      ATLAS_JOBS_DIR: `${dir}/jobs`,
      ATLAS_API_TOKEN: token,
      ATLAS_CLOSE_GRACE_MS: "200",
      ATLAS_INACTIVITY_GAP_MS: "60000",
      ATLAS_BATCH_MAX_WAIT_MS: "10",
    });
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${service.url}${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...init.headers },
      });
    const postEvents = async (events: unknown[]) => {
      for (let i = 0; i < events.length; i += 300) {
        const response = await api("/v1/events", {
          method: "POST",
          headers: { "Content-Type": "application/cloudevents-batch+json" },
          body: JSON.stringify(events.slice(i, i + 300)),
        });
        assert.equal(response.status, 202, await response.text());
      }
    };
    let browser: Browser | undefined;
    try {
      // Real data: FEVER trajectories, and a dataset → job → model from real runs.
      const lines = (await Deno.readTextFile(fever)).split("\n").filter((l) => l.trim()).slice(0, 1_500);
      await postEvents(lines.map((line) => JSON.parse(line)));
      await postEvents(await upstreamEventsFromRuns({ limit: 30 }));
      const dataset = await waitFor(async () => {
        const response = await api("/v1/datasets", { method: "POST", body: JSON.stringify({ name: "react" }) });
        const body = await response.json();
        return response.status === 201 && body.version.counts.total >= 20 ? body.version : undefined;
      }, { timeoutMs: 20_000, message: "a dataset with examples" });
      const submitted = await (await api("/v1/jobs", {
        method: "POST",
        body: JSON.stringify({ dataset: { name: "react", version: dataset.version }, config: { fewShot: 2 } }),
      })).json();
      const job = await waitFor(async () => {
        const view = await (await api(`/v1/jobs/${submitted.id}`)).json();
        return ["succeeded", "failed", "cancelled"].includes(view.state) ? view : undefined;
      }, { timeoutMs: 20_000, message: "the job" });
      assert.equal(job.state, "succeeded", JSON.stringify(job.error));

      browser = await puppeteer.launch({
        executablePath: chromium,
        args: ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage"],
      });
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      const problems = watch(page);

      // Login through the form.
      await page.goto(`${service.url}/jobs`);
      assert.equal(new URL(page.url()).pathname, "/login");
      await page.type("#token", token);
      await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
      assert.equal(new URL(page.url()).pathname, "/jobs", "back where the browser was going");

      const pages: [string, string][] = [
        ["overview", "/"],
        ["trajectories", "/trajectories"],
        ["trajectory", `/trajectories/${JSON.parse(lines[0]!).data.trajectoryId}`],
        ["memory", "/memory"],
        ["datasets", "/datasets"],
        ["dataset-version", `/datasets/react/${dataset.version}`],
        ["jobs", "/jobs"],
        ["job", `/jobs/${job.id}`],
        ["models", "/models"],
        ["model", `/models/${job.modelId}`],
      ];
      for (const [name, path] of pages) {
        const response = await page.goto(`${service.url}${path}`, { waitUntil: "load" });
        assert.equal(response?.status(), 200, path);
        assert.ok(await page.$("main h1"), `${path} has its heading`);
        await page.screenshot({
          path: new URL(`${name}.png`, screenshots).pathname as `${string}.png`,
          fullPage: true,
        });
      }

      // A trajectory posted now appears on the open list, without a reload.
      await page.goto(`${service.url}/trajectories`, { waitUntil: "load" });
      await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
      const id = `live-${crypto.randomUUID().slice(0, 8)}`;
      await waitForStream(page);
      await postEvents([started(id, "A trajectory posted while the console is open.")]);
      await page.waitForSelector(`tr[data-id="${id}"]`, { timeout: 10_000 });
      assert.ok(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded));

      // And on its own page, its state follows it.
      await page.goto(`${service.url}/trajectories/${id}`, { waitUntil: "load" });
      await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
      assert.match(await page.$eval("#trajectory-live", (el) => el.textContent ?? ""), /state\s*open/);
      await waitForStream(page);
      await postEvents([
        step(id, 0, "thought", "I should look it up."),
        completed(id),
      ]);
      await page.waitForFunction(
        `/state\\s*(closing|completed|analyzing)/.test(document.querySelector("#trajectory-live")?.textContent ?? "")`,
        { timeout: 10_000 },
      );
      assert.ok(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded));
      await page.screenshot({ path: new URL("trajectory-live.png", screenshots).pathname as `${string}.png` });

      // An action from the console: run a learning batch; the redirect shows its outcome.
      await page.goto(`${service.url}/`, { waitUntil: "load" });
      await Promise.all([page.waitForNavigation(), page.click("form[action='/actions/learning-batch'] button")]);
      const notice = await page.$eval(".notice", (el) => el.textContent ?? "");
      assert.match(notice, /learning batch .* started/);
      await page.screenshot({ path: new URL("action.png", screenshots).pathname as `${string}.png` });

      assert.deepEqual(problems, [], "no console errors, no failed requests");
    } finally {
      await browser?.close();
      await service.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** Console errors, page errors, failed requests and error answers, as they happen. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error}`));
  page.on("requestfailed", (request) => {
    // A navigation closes the open event stream: that is the page leaving, not a failure.
    if (request.url().includes("/v1/events/stream") && request.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** Until the page's event stream is open: a change sent before would not reach it. */
async function waitForStream(page: Page): Promise<void> {
  // A string: the function runs in the page, whose globals this file's types do not know.
  await page.waitForFunction(`!document.querySelector(".live-dot")?.classList.contains("connecting")`, {
    timeout: 5_000,
  });
}
