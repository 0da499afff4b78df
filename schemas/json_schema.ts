/**
 * `deno task schemas`: writes a JSON Schema per event type (envelope + data) into
 * `schemas/json/`, for producers that validate before they send.
 *
 * @module
 */
import { z } from "zod";
import { cloudEventSchema } from "./cloudevent.ts";
import { dataSchemas } from "./event.ts";

/** The JSON Schema of one event type: the CloudEvents envelope with that type's data. */
export function eventJsonSchema(type: keyof typeof dataSchemas): Record<string, unknown> {
  const schema = cloudEventSchema.extend({ type: z.literal(type), data: dataSchemas[type] });
  return {
    ...z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }),
    $id: `https://atlas.dev/schemas/${type}.json`,
    title: type,
  };
}

if (import.meta.main) {
  const dir = new URL("./json/", import.meta.url);
  await Deno.mkdir(dir, { recursive: true });
  for (const type of Object.keys(dataSchemas) as (keyof typeof dataSchemas)[]) {
    const file = new URL(`${type}.json`, dir);
    await Deno.writeTextFile(file, JSON.stringify(eventJsonSchema(type), null, 2) + "\n");
    console.log(`wrote ${file.pathname}`);
  }
}
