import assert from "node:assert/strict";
import { dataSchemas, type EventType } from "./event.ts";
import { eventJsonSchema } from "./json_schema.ts";

const types = Object.keys(dataSchemas) as EventType[];

interface ObjectSchema {
  type?: string;
  required?: string[];
  properties?: Record<string, { const?: unknown; required?: string[]; enum?: unknown[] }>;
}

Deno.test("eventJsonSchema() describes every event type as a JSON Schema object with the required attributes", () => {
  assert.equal(types.length, 9);
  for (const type of types) {
    const schema = eventJsonSchema(type) as ObjectSchema & Record<string, unknown>;
    assert.match(String(schema.$schema), /json-schema\.org/, type);
    assert.equal(schema.type, "object", type);
    assert.equal(schema.title, type);
    assert.equal(schema.$id, `https://atlas.dev/schemas/${type}.json`);
    for (const name of ["specversion", "id", "source", "type"]) {
      assert.ok(schema.required?.includes(name), `${type}: ${name} is required`);
    }
    assert.equal(schema.properties?.type?.const, type, `${type}: type is fixed`);
    assert.equal(schema.properties?.specversion?.const, "1.0", `${type}: specversion is fixed`);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(schema)), `${type}: serializable`);
  }
});

Deno.test("eventJsonSchema() requires the data fields of each type", () => {
  for (const type of types.filter((t) => t.startsWith("atlas."))) {
    const data = eventJsonSchema(type).properties as ObjectSchema["properties"];
    assert.ok(data?.data?.required?.includes("trajectoryId"), `${type}: data.trajectoryId is required`);
  }
  const step = eventJsonSchema("atlas.trajectory.step").properties as Record<string, ObjectSchema>;
  for (const name of ["index", "kind", "content"]) assert.ok(step.data?.required?.includes(name), name);
  const evaluation = eventJsonSchema("evaluation.completed").properties as Record<string, ObjectSchema>;
  for (const name of ["quality_score", "confidence"]) assert.ok(evaluation.data?.required?.includes(name), name);
});
