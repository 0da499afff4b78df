/**
 * `GET /v1/dead-letters?limit=&cursor=`: what could not be applied (invalid or
 * unparseable messages, rejected HTTP events), newest first, by pages, with the raw
 * value and the reason.
 *
 * @module
 */
import { Hono } from "hono";
import { z } from "zod";
import type { Runtime } from "../../runtime.ts";
import { parseQuery } from "../query.ts";

const query = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  // The id of the last item of the previous page: ids only go up, so it is stable.
  cursor: z.coerce.number().int().min(1).optional(),
});

export function deadLetterRoutes(runtime: Runtime): Hono {
  return new Hono().get("/", async (c) => {
    const { limit, cursor } = parseQuery(c, query);
    // One more than the page tells whether another page follows.
    const letters = await runtime.deadLetters.list(limit + 1, cursor);
    const items = letters.slice(0, limit);
    const last = items.at(-1);
    return c.json({
      items: items.map((letter) => ({ ...letter, at: new Date(letter.at).toISOString() })),
      nextCursor: letters.length > limit && last ? String(last.id) : null,
    });
  });
}
