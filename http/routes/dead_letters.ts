/**
 * `GET /v1/dead-letters?limit=&cursor=`: what could not be applied (invalid or
 * unparseable messages, rejected HTTP events), newest first, by pages, with the raw
 * value and the reason.
 *
 * @module
 */
import { Hono } from "hono";
import type { z } from "zod";
import type { Runtime } from "../../runtime.ts";
import { deadLetterPage, deadLetterQuery } from "../contract/dead_letters.ts";
import { parseQuery } from "../query.ts";

export function deadLetterRoutes(runtime: Runtime): Hono {
  return new Hono().get("/", async (c) => {
    const { limit, cursor } = parseQuery(c, deadLetterQuery);
    // One more than the page tells whether another page follows.
    const letters = await runtime.deadLetters.list(limit + 1, cursor);
    const items = letters.slice(0, limit);
    const last = items.at(-1);
    return c.json(
      {
        items: items.map((letter) => ({ ...letter, at: new Date(letter.at).toISOString() })),
        nextCursor: letters.length > limit && last ? String(last.id) : null,
      } satisfies z.output<typeof deadLetterPage>,
    );
  });
}
