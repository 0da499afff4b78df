/**
 * The console's actions, HTML forms posting here: retry a failed trajectory, run a
 * learning batch, build a dataset version, move a model to another stage. Each calls
 * what the API's route calls, then redirects back (post/redirect/get) with the outcome,
 * or the E7xxx code and message of the refusal, in the query the page shows it from.
 *
 * @module
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { requestRetry } from "../actors/trajectory/retry_request.ts";
import { AtlasError, ensureError } from "../errors.ts";
import { targetStages } from "../models/registry.ts";
import type { Runtime } from "../runtime.ts";

const transitionForm = z.object({
  to: z.enum(targetStages),
  reason: z.string().max(2_000).default(""),
  approvedBy: z.string().max(200).optional(),
  by: z.string().min(1).max(200).default("console"),
});

const datasetForm = z.object({ name: z.string().min(1).max(100) });

export function actionRoutes(runtime: Runtime): Hono {
  return new Hono()
    .post("/actions/trajectories/:id/retry", (c) => {
      const id = c.req.param("id");
      return act(c, `/trajectories/${encodeURIComponent(id)}`, async () => {
        await requestRetry(runtime, id, "atlas://console");
        return `retry of ${id} requested`;
      });
    })
    .post("/actions/learning-batch", async (c) => {
      return act(c, backOf(await formOf(c), "/"), () => {
        const runId = runtime.learning.batch.requestRun();
        return Promise.resolve(`learning batch ${runId} started`);
      });
    })
    .post("/actions/datasets", async (c) => {
      const form = await formOf(c);
      return act(c, backOf(form, "/datasets"), async () => {
        const { name } = parse(datasetForm, form, "E7102");
        const { version, created } = await runtime.trainingData.curator.build({ name });
        return created
          ? `built ${version.dataset} ${version.version}: ${version.counts.total} examples`
          : `nothing changed: ${version.dataset} ${version.version} is the newest`;
      });
    })
    .post("/actions/models/:id/transitions", async (c) => {
      const id = c.req.param("id");
      const form = await formOf(c);
      return act(c, `/models/${encodeURIComponent(id)}`, async () => {
        const { approvedBy, ...request } = parse(transitionForm, form, "E7205");
        const model = await runtime.training.registry.transition(id, {
          ...request,
          ...(approvedBy && { approvedBy }),
        });
        return `${model.id} is now ${model.stage}`;
      });
    });
}

/** Runs `action`, then sends the browser back to `back` with its outcome or its error. */
async function act(c: Context, back: string, action: () => Promise<string>): Promise<Response> {
  let outcome: Record<string, string>;
  try {
    outcome = { done: await action() };
  } catch (thrown) {
    const error = ensureError(thrown);
    // An unexpected fault's message may carry internals: the page shows the code only.
    if (error.code === "E7999") throw error;
    outcome = { failed: `${error.code}: ${error.message}` };
  }
  return c.redirect(`${back}?${new URLSearchParams(outcome)}`, 303);
}

const formOf = async (c: Context): Promise<Record<string, string>> => {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"));
};

/** A form's fields by `schema`; blank fields count as absent, as in a query. */
function parse<S extends z.ZodType>(schema: S, form: Record<string, string>, code: "E7102" | "E7205"): z.infer<S> {
  const given = Object.fromEntries(Object.entries(form).filter(([, value]) => value.trim() !== ""));
  const parsed = schema.safeParse(given);
  if (parsed.success) return parsed.data;
  throw new AtlasError(code, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
}

/** Where the form asked to go back to: a path of this console only, never elsewhere. */
function backOf(form: Record<string, string>, fallback: string): string {
  const back = form.back;
  return back !== undefined && /^\/(?![/\\])[\w\-./%]*$/.test(back) ? back : fallback;
}
