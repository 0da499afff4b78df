/**
 * `POST /v1/events`: the HTTP intake (`streams/intake.ts`): valid events go to the
 * ingest path, each rejected one is kept as a dead letter.
 *
 * A single invalid event answers 400 with its error; a batch answers 202 listing its
 * rejected events by position, or 400 when none of them was valid.
 *
 * @module
 */
import { Hono } from "hono";
import type { z } from "zod";
import { AtlasError } from "../../errors.ts";
import type { Runtime } from "../../runtime.ts";
import { takeEvents } from "../../streams/intake.ts";
import type { intakeResult } from "../contract/events.ts";
import { readEventBody } from "../event_body.ts";

export function eventRoutes(runtime: Runtime): Hono {
  return new Hono().post("/", async (c) => {
    const body = await readEventBody(c.req);
    const { valid, taken, rejected } = await takeEvents(runtime, body.events);
    const listed = rejected.map(({ index, error }) => ({ index, error: error.toData() }));
    if (valid.length === 0) {
      // A lone event answers with its own error; a batch with the first one and the list.
      const first = rejected[0]!.error;
      if (!body.batch) throw first;
      throw new AtlasError(first.code, `every event of the batch was rejected; the first: ${first.message}`, {
        details: { rejected: listed },
      });
    }
    const accepted = taken.filter(Boolean).length;
    const result = { accepted, duplicates: taken.length - accepted, rejected: listed };
    return c.json(result satisfies z.output<typeof intakeResult>, 202);
  });
}
