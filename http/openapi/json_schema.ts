/**
 * zod schemas as the JSON Schemas (draft 2020-12) an OpenAPI 3.1 document holds:
 * requests as their input (defaults make a field optional, coercion takes strings),
 * answers as their output; a sub-schema equal to a named component becomes a `$ref`.
 *
 * @module
 */
import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

/** The formats of JSON Schema 2020-12; zod also names its string checks (`ends_with`), which are patterns. */
const formats = new Set([
  "date-time",
  "date",
  "time",
  "duration",
  "email",
  "idn-email",
  "hostname",
  "idn-hostname",
  "ipv4",
  "ipv6",
  "uri",
  "uri-reference",
  "iri",
  "iri-reference",
  "uuid",
  "uri-template",
  "json-pointer",
  "relative-json-pointer",
  "regex",
  "binary",
  "byte",
  "int32",
  "int64",
  "float",
  "double",
  "password",
]);

/** The JSON Schema of `schema`, without `$schema` (the document's dialect says it). */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    override: ({ jsonSchema }) => {
      if (typeof jsonSchema.format === "string" && !formats.has(jsonSchema.format)) delete jsonSchema.format;
    },
  });
  return rest;
}

/** Finds named components inside schemas, by their exact JSON. */
export class ComponentIndex {
  readonly #names = new Map<string, string>();

  constructor(readonly schemas: Readonly<Record<string, JsonSchema>>) {
    for (const [name, schema] of Object.entries(schemas)) this.#names.set(JSON.stringify(schema), name);
  }

  /** `schema` with every sub-schema that is a component (but `except`) replaced by its `$ref`. */
  refer(schema: JsonSchema, except?: string): JsonSchema {
    return this.#walk(schema, except) as JsonSchema;
  }

  #walk(node: unknown, except?: string): unknown {
    if (Array.isArray(node)) return node.map((item) => this.#walk(item));
    if (node === null || typeof node !== "object") return node;
    const name = this.#names.get(JSON.stringify(node));
    if (name !== undefined && name !== except) return { $ref: `#/components/schemas/${name}` };
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, this.#walk(value)]));
  }
}
