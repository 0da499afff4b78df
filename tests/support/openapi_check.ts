/**
 * Checks one HTTP exchange against the OpenAPI document: the operation exists for the
 * method and path, the query parameters and the request body match their schemas,
 * the status is documented, and the answer's body matches the schema of its status
 * and content type (each line of JSON lines, each event of a Server-Sent Event stream).
 *
 * @example
 * ```ts
 * const problems = checkExchange(doc, { method: "GET", url: "/v1/stats", status: 200,
 *   responseContentType: "application/json", responseBody: await res.text() });
 * assert.deepEqual(problems, []);
 * ```
 *
 * @module
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats' CommonJS default export, as Deno's npm interop types it.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

export interface Exchange {
  method: string;
  /** Path and query string: `/v1/trajectories?limit=2`. */
  url: string;
  requestContentType?: string;
  /** The request body: text (parsed as JSON for JSON types) or a value. */
  requestBody?: unknown;
  /** Request headers; `ce-specversion` marks a binary-mode event, whose body is the event's data. */
  requestHeaders?: Record<string, string>;
  status: number;
  responseContentType?: string;
  /** The answer's body: text (parsed by its content type) or a value. */
  responseBody?: unknown;
}

type Json = Record<string, unknown>;

interface Found {
  template: string;
  operation: Json;
}

const validators = new WeakMap<object, Map<string, ValidateFunction>>();
const ajvs = new WeakMap<object, Ajv2020>();

/** The problems of `exchange` against `doc`; empty when it matches. */
export function checkExchange(doc: Json, exchange: Exchange): string[] {
  const url = new URL(exchange.url, "http://localhost");
  const name = `${exchange.method.toUpperCase()} ${url.pathname}`;
  const found = findOperation(doc, exchange.method, url.pathname);
  if (!found) return [`${name}: no such operation in the document`];
  const { operation } = found;
  const problems: string[] = [];
  const validate = (schema: unknown, value: unknown, where: string) => {
    const check = validatorOf(doc, schema);
    if (!check(value)) {
      for (const e of check.errors ?? []) problems.push(`${name} ${where}${e.instancePath}: ${e.message}`);
    }
  };

  const parameters = (operation.parameters ?? []) as Json[];
  for (const parameter of parameters.filter((p) => p.in === "query")) {
    const given = url.searchParams.get(String(parameter.name));
    // The service treats an empty parameter as absent.
    if (given === null || given === "") {
      if (parameter.required) problems.push(`${name}: query parameter ${parameter.name} is required`);
      continue;
    }
    validate(parameter.schema, fromQuery(given, parameter.schema as Json), `query ${parameter.name}`);
  }

  const body = operation.requestBody as Json | undefined;
  if (exchange.requestBody !== undefined && exchange.requestBody !== "") {
    const binary = exchange.requestHeaders?.["ce-specversion"] !== undefined;
    const type = baseType(exchange.requestContentType ?? "application/json");
    const media = (body?.content as Record<string, Json> | undefined)?.[type];
    if (!body) problems.push(`${name}: the document takes no request body`);
    else if (!media && !binary) problems.push(`${name}: request content type ${type} is not documented`);
    else if (media && !binary && isJson(type)) {
      const value = parsed(exchange.requestBody);
      if (value === notJson) problems.push(`${name} request body: not JSON`);
      else validate(media.schema, value, "request body");
    }
  } else if (body?.required) {
    problems.push(`${name}: the request body is required`);
  }

  const answer = (operation.responses as Record<string, Json>)[String(exchange.status)];
  if (!answer) return [...problems, `${name}: status ${exchange.status} is not documented`];
  const content = (answer.content ?? {}) as Record<string, Json>;
  const type = baseType(exchange.responseContentType ?? "");
  const mediaKey = Object.keys(content).find((key) => baseType(key) === type);
  if (mediaKey === undefined) {
    if (Object.keys(content).length > 0) {
      problems.push(`${name}: ${exchange.status} ${type || "(none)"} not documented`);
    }
    return problems;
  }
  const media = content[mediaKey]!;
  const where = `${exchange.status} body`;
  if (media["x-item-schema"]) {
    const lines = String(exchange.responseBody ?? "").split("\n").filter((line) => line.trim() !== "");
    lines.forEach((line, i) => validate(media["x-item-schema"], JSON.parse(line), `${where} line ${i + 1}`));
  } else if (media["x-sse-events"]) {
    const events = media["x-sse-events"] as Record<string, unknown>;
    for (const frame of sseFrames(String(exchange.responseBody ?? ""))) {
      const schema = events[frame.event];
      if (schema === undefined) problems.push(`${name}: SSE event "${frame.event}" is not documented`);
      else validate(schema, JSON.parse(frame.data), `${where} event ${frame.event}`);
    }
  } else if (isJson(type) && exchange.responseBody !== undefined) {
    const value = parsed(exchange.responseBody);
    if (value === notJson) problems.push(`${name} ${where}: not JSON`);
    else validate(media.schema, value, where);
  }
  return problems;
}

/** The operation for `method` and `path`: a literal segment wins over a parameter (`/models/aliases`). */
export function findOperation(doc: Json, method: string, path: string): Found | undefined {
  const paths = doc.paths as Record<string, Json>;
  const candidates = Object.keys(paths).filter((template) => templateMatches(template, path))
    .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  for (const template of candidates) {
    const operation = paths[template]![method.toLowerCase()] as Json | undefined;
    if (operation) return { template, operation };
  }
  return undefined;
}

function templateMatches(template: string, path: string): boolean {
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, "[^/]+");
  return new RegExp(`^${pattern}$`).test(path);
}

/** A query string value as its schema's type expects it (the service coerces numbers). */
function fromQuery(value: string, schema: Json): unknown {
  const types = [schema.type, ...((schema.anyOf ?? []) as Json[]).map((s) => s.type)];
  if ((types.includes("number") || types.includes("integer")) && value.trim() !== "" && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  if (types.includes("boolean") && (value === "true" || value === "false")) return value === "true";
  return value;
}

function validatorOf(doc: Json, schema: unknown): ValidateFunction {
  let cache = validators.get(doc);
  if (!cache) validators.set(doc, cache = new Map());
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    // `#/components/...` refs resolve against the root: the components ride along with each schema.
    validate = ajvOf(doc).compile({ ...(schema as Json), components: doc.components });
    cache.set(key, validate);
  }
  return validate;
}

function ajvOf(doc: Json): Ajv2020 {
  let ajv = ajvs.get(doc);
  if (!ajv) {
    // Not strict: `components` and OpenAPI's `format: binary` are not JSON Schema keywords ajv knows.
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat("binary", true);
    ajvs.set(doc, ajv);
  }
  return ajv;
}

const baseType = (type: string) => type.split(";", 1)[0]!.trim().toLowerCase();
const isJson = (type: string) => type === "application/json" || type.endsWith("+json");
const notJson = Symbol("not JSON");

/** A text body parsed, or `notJson`; a value as it is. */
function parsed(body: unknown): unknown {
  if (typeof body !== "string") return body;
  try {
    return JSON.parse(body);
  } catch {
    return notJson;
  }
}

function sseFrames(text: string): { event: string; data: string }[] {
  return text.split("\n\n").filter((frame) => frame.includes("data:")).map((frame) => {
    const field = (name: string) =>
      frame.split("\n").filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1).trim())
        .join("\n");
    return { event: field("event") || "message", data: field("data") };
  });
}
