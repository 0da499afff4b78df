/**
 * The OpenAPI document against the app: every API route is in it and it names no
 * route the app lacks; and it is a sound OpenAPI 3.1 document: every `$ref`
 * resolves, every schema compiles under JSON Schema 2020-12, operation ids are
 * unique, and every error code it lists is in the catalogue with the status it
 * is listed under.
 *
 * @module
 */
import assert from "node:assert/strict";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { catalogue } from "../errors.ts";
import { httpRuntime } from "./support/http_runtime.ts";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
type Json = Record<string, unknown>;

/** The routes that are the API; the rest (console pages, the reference page's files) are not. */
const isApi = (path: string) =>
  path.startsWith("/v1/") || ["/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"].includes(path);

async function served(): Promise<{ doc: Json; routes: Set<string> }> {
  const { app, close } = await httpRuntime({ start: false });
  try {
    const res = await app.request("/openapi.json");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    const routes = new Set(
      app.routes.filter((r) => r.method !== "ALL" && isApi(r.path))
        .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, "{$1}")}`),
    );
    return { doc: await res.json(), routes };
  } finally {
    await close();
  }
}

function documented(doc: Json): Set<string> {
  const paths = doc.paths as Record<string, Json>;
  return new Set(
    Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)),
  );
}

function* operationsOf(doc: Json): Generator<[string, Json]> {
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, operation] of Object.entries(item)) {
      yield [`${method.toUpperCase()} ${path}`, operation as Json];
    }
  }
}

/** Every value under `node`, with its JSON pointer. */
function* walk(node: unknown, pointer = ""): Generator<[string, unknown]> {
  yield [pointer, node];
  if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) yield* walk(value, `${pointer}/${key}`);
  }
}

Deno.test("the document lists every API route of the app, and only those", async () => {
  const { doc, routes } = await served();
  const listed = documented(doc);
  assert.ok(routes.size >= 40, `the app's API routes (${routes.size})`);
  assert.deepEqual([...routes].filter((r) => !listed.has(r)), [], "routes missing from the document");
  assert.deepEqual([...listed].filter((r) => !routes.has(r)), [], "documented routes the app does not have");
});

Deno.test("the document is OpenAPI 3.1: refs resolve, schemas compile, ids are unique, codes exist", async () => {
  const { doc } = await served();
  assert.equal(doc.openapi, "3.1.0");
  assert.ok((doc.info as Json).title);

  for (const [pointer, node] of walk(doc)) {
    const ref = (node as Json | null)?.$ref;
    if (typeof ref !== "string") continue;
    assert.ok(ref.startsWith("#/"), `${pointer}: ${ref} is local`);
    const target = ref.slice(2).split("/").reduce<unknown>((at, key) => (at as Json | undefined)?.[key], doc);
    assert.ok(target !== undefined, `${pointer}: ${ref} resolves`);
  }

  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  ajv.addFormat("binary", true);
  const schemas = [...walk(doc)].filter(([pointer]) => /\/(schema|x-item-schema|x-sse-events\/[^/]+)$/.test(pointer))
    .concat(Object.entries((doc.components as Json).schemas as Json).map(([n, s]) => [`components/${n}`, s]));
  assert.ok(schemas.length > 100, `${schemas.length} schemas`);
  for (const [pointer, schema] of schemas) {
    assert.doesNotThrow(() => ajv.compile({ ...(schema as Json), components: doc.components }), pointer);
  }

  const ids = [...operationsOf(doc)].map(([, operation]) => operation.operationId);
  assert.equal(new Set(ids).size, ids.length, "operationIds are unique");

  const known = new Set(Object.keys(catalogue));
  const enumCodes = ((((doc.components as Json).schemas as Json).ErrorData as Json).properties as Json).code as Json;
  assert.deepEqual(enumCodes.enum, Object.keys(catalogue), "the Error component's code enum is the catalogue");
  for (const [name, operation] of operationsOf(doc)) {
    const codes = operation["x-error-codes"] as string[];
    assert.ok(codes.includes("E7999"), `${name} lists E7999`);
    for (const code of codes) assert.ok(known.has(code), `${name}: ${code} is in the catalogue`);
    for (const [status, answer] of Object.entries(operation.responses as Record<string, Json>)) {
      for (const code of (answer["x-error-codes"] ?? []) as (keyof typeof catalogue)[]) {
        assert.equal(String(catalogue[code].status), status, `${name}: ${code} under its status`);
      }
    }
    const params = ((operation.parameters ?? []) as Json[]).filter((p) => p.in === "path").map((p) => p.name);
    const inPath = [...name.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    assert.deepEqual(params, inPath, `${name}: every path parameter is declared`);
  }
});

Deno.test("/docs serves Swagger UI from node_modules under a self-only Content-Security-Policy", async () => {
  const { app, close } = await httpRuntime({ start: false });
  try {
    const page = await app.request("/docs");
    assert.equal(page.status, 200);
    const csp = page.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self'(;|$)/);
    const html = await page.text();
    assert.doesNotMatch(html, /<script>(?!<)/, "no inline script");
    for (const [, link = ""] of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const res = await app.request(`/${link}`);
      assert.equal(res.status, 200, link);
      assert.ok((await res.arrayBuffer()).byteLength > 0, link);
    }
    const unknown = await app.request("/docs/package.json");
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
  } finally {
    await close();
  }
});
