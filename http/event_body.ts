/**
 * Reading the events out of a `POST /v1/events` request, by content type
 * (CONTRACT section 1 and the CloudEvents HTTP binding):
 *
 * - `application/cloudevents+json`: one event (structured mode);
 * - `application/cloudevents-batch+json`: a JSON array of events;
 * - a `ce-specversion` header: binary mode, attributes in `ce-*` headers, body = `data`;
 * - `application/json`: one event or an array of them.
 *
 * The events come out raw: validating them is the caller's business.
 *
 * @module
 */
import type { HonoRequest } from "hono";
import { AtlasError } from "../errors.ts";
import { readMessage } from "../schemas/mod.ts";

/** The raw events of a request, and whether they came as a batch (an array). */
export interface EventBody {
  batch: boolean;
  events: unknown[];
}

const single = "application/cloudevents+json";
const batch = "application/cloudevents-batch+json";
const json = "application/json";

type Mode = "single" | "batch" | "binary" | "either";

/** Throws E7005 (content type), E7001 (not JSON) or E7006 (empty or not an array). */
export async function readEventBody(req: HonoRequest): Promise<EventBody> {
  const mode = modeOf(mediaType(req.header("Content-Type")), req.header("ce-specversion") !== undefined);
  const text = utf8Text(await req.arrayBuffer());
  switch (mode) {
    case "single":
      return { batch: false, events: [parsed(() => JSON.parse(text))] };
    case "batch":
      return nonEmpty(parsed(() => JSON.parse(text)));
    case "binary":
      return { batch: false, events: [parsed(() => readMessage(text, req.header()))] };
    case "either": {
      const body = parsed(() => JSON.parse(text));
      return Array.isArray(body) ? nonEmpty(body) : { batch: false, events: [body] };
    }
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The body as text: bytes that are not UTF-8 are refused (E7001), not replaced and then taken. */
function utf8Text(body: ArrayBuffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new AtlasError("E7001", "body is not valid UTF-8");
  }
}

/** Structured types win over `ce-*` headers, as the CloudEvents HTTP binding says. */
function modeOf(type: string, ceHeaders: boolean): Mode {
  if (type === single) return "single";
  if (type === batch) return "batch";
  if (ceHeaders) {
    if (isJson(type)) return "binary";
    throw unsupported(type, "binary-mode data must be JSON");
  }
  if (type === json) return "either";
  throw unsupported(type, `use ${single}, ${batch} or ${json}`);
}

/** The media type without parameters, lower-cased (`application/json; charset=utf-8` → `application/json`). */
const mediaType = (header: string | undefined) => header?.split(";", 1)[0]?.trim().toLowerCase() ?? "";

/** `application/json` or a `+json` type: what binary-mode data may be. */
const isJson = (type: string) => type === json || /^[a-z]+\/[^/]+\+json$/.test(type);

/** The result of `read`, which parses JSON; its SyntaxError becomes E7001. */
function parsed(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    throw new AtlasError("E7001", `body is not valid JSON: ${(error as Error).message}`);
  }
}

function nonEmpty(body: unknown): EventBody {
  if (!Array.isArray(body)) throw new AtlasError("E7006", "a batch must be a JSON array of events");
  if (body.length === 0) throw new AtlasError("E7006", "the batch is empty");
  return { batch: true, events: body };
}

function unsupported(type: string, hint: string): AtlasError {
  return new AtlasError("E7005", `unsupported content type ${type ? `"${type}"` : "(none)"}: ${hint}`, {
    details: { accepted: [single, batch, json, "binary mode (ce-* headers) with JSON data"] },
  });
}
