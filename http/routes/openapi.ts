/**
 * `GET /openapi.json`: the OpenAPI 3.1 document of the API (`http/openapi/document.ts`),
 * built on the first request and kept: it depends on the code alone.
 *
 * @module
 */
import { Hono } from "hono";
import { openApiDocument } from "../openapi/document.ts";

export function openApiRoutes(): Hono {
  let document: string | undefined;
  return new Hono().get("/openapi.json", (c) => {
    document ??= JSON.stringify(openApiDocument());
    return c.body(document, 200, { "Content-Type": "application/json; charset=utf-8" });
  });
}
