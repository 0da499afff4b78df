/**
 * The formats `deno task import` reads: one table from a format's name to what a
 * line of it becomes. A message-log format turns a run into one whole-trajectory
 * event; a format of another shape (OTLP JSON lines, say) is one more entry whose
 * converter returns its own events.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import { isObject } from "../../schemas/messages/message_fields.ts";
import type { MessageFormat } from "../../schemas/messages/message_formats.ts";
import { messageLogTrajectory } from "../../schemas/messages/message_log.ts";
import type { Outcome } from "../../schemas/trajectory.ts";
import { decodeJsonRequest } from "../otlp/decode_json.ts";
import { traceEvents } from "../otlp/mod.ts";

/** What every line of an import shares. */
export interface ImportContext {
  /** The CloudEvents `source` of the events made (`import://<format>` unless `--source`). */
  source: string;
  /** The outcome of a run that says none (`--outcome`). */
  outcome?: Outcome;
}

/** What one line became: the raw CloudEvents to send, and the runs and steps they hold. */
export interface ConvertedLine {
  events: unknown[];
  runs: number;
  steps: number;
}

/** One line (parsed JSON) of a format into events. Throws an AtlasError (E7034 for a bad message log). */
export type LineConverter = (line: unknown, context: ImportContext) => ConvertedLine;

/**
 * A message log's run as one `atlas.trajectory` event. Its id is the trajectory id,
 * itself the run's id or the hash of its messages, so importing a file again sends
 * the same (source, id) pairs and the service counts them as duplicates.
 */
function messageLog(format: MessageFormat): LineConverter {
  return (run, { source, outcome }) => {
    const data = messageLogTrajectory(run, outcome === undefined ? { format } : { format, outcome });
    const event = {
      specversion: "1.0",
      id: data.trajectoryId,
      source,
      type: "atlas.trajectory",
      datacontenttype: "application/json",
      data,
    };
    return { events: [event], runs: 1, steps: data.steps.length };
  };
}

/** An import reads files of any size; the limits are the service's own defaults, raised. */
const importLimits = { maxSpans: 1_000_000, maxAttributeBytes: 64 * 1024 * 1024 };

/**
 * `otlp-json`: a line is an OTLP/JSON `ExportTraceServiceRequest`, as the Collector's
 * file exporter writes them, whose spans map as `POST /v1/traces` maps them (same
 * event ids, so the same spans sent both ways count once); or a run record whose
 * messages are the GenAI conventions' `{role, parts}`.
 */
const otlpJson: LineConverter = (line, context) => {
  if (!isObject(line) || !("resourceSpans" in line || "resource_spans" in line)) {
    return messageLog("otlp-json")(line, context);
  }
  const decoded = decodeJsonRequest(JSON.stringify(line), importLimits);
  if (decoded.rejected.length) {
    const [first] = decoded.rejected;
    throw new AtlasError(
      "E7032",
      `${decoded.rejected.length} span(s) rejected; span ${first!.index}: ${first!.reason}`,
    );
  }
  const { events } = traceEvents(decoded.spans);
  return {
    events,
    runs: new Set(events.map((e) => e.data.trajectoryId)).size,
    steps: events.filter((e) => e.type === "atlas.trajectory.step").length,
  };
};

/** Every format `--format` takes, and how its lines convert. */
export const importFormats = {
  "openai-chat": messageLog("openai-chat"),
  "openai-responses": messageLog("openai-responses"),
  anthropic: messageLog("anthropic"),
  "otlp-json": otlpJson,
} as const satisfies Record<string, LineConverter>;

export type ImportFormat = keyof typeof importFormats;

export const isImportFormat = (name: string): name is ImportFormat => Object.hasOwn(importFormats, name);
