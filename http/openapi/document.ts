/**
 * The OpenAPI 3.1 document of the API, generated from the operation registry
 * (`operations.ts`) and the zod schemas it names: the schemas that validate requests
 * and type the answers, so the document cannot drift from the code that serves it.
 *
 * @module
 */
import { catalogue, type ErrorCode } from "../../errors.ts";
import { components } from "./components.ts";
import { ComponentIndex, type JsonSchema, jsonSchemaOf } from "./json_schema.ts";
import type { Access, Answer, Media, Operation } from "./operation.ts";
import { operations } from "./operations.ts";

/** Codes any call can meet, by who may call it. */
const accessErrors: Record<Access, ErrorCode[]> = {
  open: [],
  read: ["E7501"],
  write: ["E7501", "E7504"],
  metrics: ["E7501"],
};

const security: Record<Access, Record<string, string[]>[]> = {
  open: [],
  read: [{ apiToken: [] }, { readToken: [] }],
  write: [{ apiToken: [] }],
  metrics: [{ metricsToken: [] }, { apiToken: [] }],
};

/** Every code `operation` can answer with, in catalogue order. */
export function errorCodesOf(operation: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>([...operation.errors, ...accessErrors[operation.access], "E7999"]);
  if (operation.body) codes.add("E7700");
  return (Object.keys(catalogue) as ErrorCode[]).filter((code) => codes.has(code));
}

/** Builds the document; cheap enough to build once per app. */
export function openApiDocument(): JsonSchema {
  const index = new ComponentIndex(
    Object.fromEntries(Object.entries(components).map(([name, schema]) => [name, jsonSchemaOf(schema, "output")])),
  );
  const schemas = Object.fromEntries(
    Object.entries(index.schemas).map(([name, schema]) => [name, index.refer(schema, name)]),
  );
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    (paths[operation.path] ??= {})[operation.method] = operationObject(operation, index);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "ATLAS Learning Layer API",
      version: "1.0.0",
      description: "Ingests agent traces (CloudEvents, OTLP) and learns from them. Every error answers " +
        "`{ error: { code, message, details? } }`; each operation lists its codes in `x-error-codes`.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: "/" }],
    security: security.read,
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiToken: {
          type: "http",
          scheme: "bearer",
          description: "ATLAS_API_TOKEN: every call but the probes when it is set; the API is open when it is not",
        },
        readToken: { type: "http", scheme: "bearer", description: "ATLAS_READ_TOKEN: reads (GET) only" },
        metricsToken: {
          type: "http",
          scheme: "bearer",
          description: "ATLAS_METRICS_TOKEN: /metrics (open when unset); the API token opens it too",
        },
      },
    },
  };
}

function operationObject(operation: Operation, index: ComponentIndex): Record<string, unknown> {
  const codes = errorCodesOf(operation);
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description && { description: operation.description }),
    tags: [operation.tag],
    security: security[operation.access],
    parameters: parametersOf(operation),
    ...(operation.body && {
      requestBody: {
        required: operation.body.required,
        content: contentOf(operation.body.content, "input", index),
      },
    }),
    responses: { ...answersOf(operation.answers, index), ...errorAnswers(operation, codes, index) },
    "x-error-codes": codes,
  };
}

function parametersOf(operation: Operation): Record<string, unknown>[] {
  const path = Object.entries(operation.params ?? {}).map(([name, description]) => ({
    name,
    in: "path",
    required: true,
    description,
    schema: { type: "string" },
  }));
  const headers = Object.entries(operation.headers ?? {}).map(([name, description]) => ({
    name,
    in: "header",
    required: false,
    description,
    schema: { type: "string" },
  }));
  if (!operation.query) return [...path, ...headers];
  const query = jsonSchemaOf(operation.query, "input");
  const properties = (query.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((query.required ?? []) as string[]);
  const inQuery = Object.entries(properties).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: "query", required: required.has(name), ...(description ? { description } : {}), schema: rest };
  });
  return [...path, ...inQuery, ...headers];
}

function answersOf(answers: Record<number, Answer>, index: ComponentIndex): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(answers).map(([status, answer]) => [
      status,
      { description: answer.description, content: contentOf(answer.content, "output", index) },
    ]),
  );
}

/** One answer per error status, its description naming each code and what it means. */
function errorAnswers(operation: Operation, codes: ErrorCode[], index: ComponentIndex): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(catalogue[code].status, [...byStatus.get(catalogue[code].status) ?? [], code]);
  const schema = operation.errorBody
    ? index.refer(jsonSchemaOf(operation.errorBody, "output"))
    : { $ref: "#/components/schemas/Error" };
  return Object.fromEntries(
    [...byStatus].sort(([a], [b]) => a - b).map(([status, listed]) => [
      String(status),
      {
        description: listed.map((code) => `${code}: ${catalogue[code].title}`).join("; "),
        content: { "application/json": { schema } },
        "x-error-codes": listed,
      },
    ]),
  );
}

/**
 * Media type objects. JSON lines and Server-Sent Events are strings to OpenAPI 3.1; the
 * schema of each line (`x-item-schema`) or of each event's data (`x-sse-events`) rides along.
 */
function contentOf(content: Record<string, Media>, io: "input" | "output", index: ComponentIndex) {
  const schemaOf = (schema: Parameters<typeof jsonSchemaOf>[0]) =>
    io === "output" ? index.refer(jsonSchemaOf(schema, io)) : jsonSchemaOf(schema, io);
  return Object.fromEntries(
    Object.entries(content).map(([type, media]) => {
      switch (media.kind) {
        case "json":
          return [type, { schema: schemaOf(media.schema) }];
        case "jsonl":
          return [type, {
            schema: { type: "string", description: media.description },
            "x-item-schema": schemaOf(media.line),
          }];
        case "sse":
          return [type, {
            schema: { type: "string", description: media.description },
            "x-sse-events": Object.fromEntries(Object.entries(media.events).map(([name, s]) => [name, schemaOf(s)])),
          }];
        case "text":
          return [type, { schema: { type: "string", description: media.description } }];
        case "binary":
          return [type, { schema: { type: "string", format: "binary", description: media.description } }];
      }
    }),
  );
}
