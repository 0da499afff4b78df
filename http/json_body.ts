/**
 * Request bodies checked with zod: a body that is not JSON answers E7001; one that
 * does not match `schema` answers the route's own code, naming every problem.
 *
 * @module
 */
import type { Context } from "hono";
import type { z } from "zod";
import { AtlasError, type ErrorCode } from "../errors.ts";

export async function parseBody<S extends z.ZodType>(c: Context, schema: S, code: ErrorCode): Promise<z.infer<S>> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AtlasError("E7001", "the body is not valid JSON");
    }
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  throw new AtlasError(
    code,
    `invalid request: ${problems.map((p) => `${p.path || "body"}: ${p.message}`).join("; ")}`,
    {
      details: problems,
    },
  );
}
