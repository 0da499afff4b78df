/**
 * The CloudEvents 1.0 envelope, and reading it from the two Kafka modes: structured
 * (the message value is the JSON event) and binary (`ce_*` headers, value = data).
 *
 * @module
 */
import { z } from "zod";

/** RFC 3339 date-time with an offset or `Z`. */
const rfc3339 = z.iso.datetime({ offset: true });

/** The envelope: required `specversion`, `id`, `source`, `type`; extensions pass through. */
export const cloudEventSchema = z.looseObject({
  specversion: z.literal("1.0", { error: 'specversion must be "1.0"' }),
  id: z.string().min(1).max(512),
  source: z.string().min(1).max(1024),
  type: z.string().min(1).max(256),
  time: rfc3339.optional(),
  datacontenttype: z.string().optional(),
  dataschema: z.string().optional(),
  subject: z.string().optional(),
  data: z.unknown().optional(),
});

/** A CloudEvent whose envelope is valid; `data` not yet checked against its type. */
export type CloudEvent = z.infer<typeof cloudEventSchema>;

/** Header names are matched case-insensitively; values arrive as strings or bytes. */
export type Headers = Record<string, string | Uint8Array | undefined>;

const decoder = new TextDecoder();
const text = (value: string | Uint8Array | undefined) =>
  value === undefined ? undefined : typeof value === "string" ? value : decoder.decode(value);

/**
 * Turns a Kafka message (or an HTTP binary-mode request) into a raw event object:
 * binary mode when a `ce_specversion` (or `ce-specversion`) header is present,
 * structured mode otherwise. Throws SyntaxError when the JSON does not parse.
 */
export function readMessage(value: string, headers: Headers = {}): unknown {
  const attributes: Record<string, string> = {};
  let binary = false;
  for (const [name, raw] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith("ce_") && !lower.startsWith("ce-")) continue;
    const attribute = lower.slice(3);
    const v = text(raw);
    if (v === undefined) continue;
    attributes[attribute] = v;
    if (attribute === "specversion") binary = true;
  }
  if (!binary) return JSON.parse(value);
  const contentType = text(headers["content-type"] ?? headers["Content-Type"]);
  return {
    ...attributes,
    ...(contentType && { datacontenttype: contentType }),
    data: value.length ? JSON.parse(value) : undefined,
  };
}
