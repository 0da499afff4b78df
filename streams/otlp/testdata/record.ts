/**
 * Records what the real OpenTelemetry exporters send, as the decoder tests' fixtures.
 * A local `Deno.serve` stands in for the OTLP/HTTP endpoint and keeps each request
 * body (gunzipped); the JS SDK traces {@linkcode recordedRuns} once and exports the
 * same spans through both its protobuf and its JSON exporter, so the two fixtures
 * hold identical spans; Python's SDK traces the same runs through its protobuf
 * exporter.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 --allow-read --allow-write=streams/otlp/testdata --allow-run --allow-env \
 *   streams/otlp/testdata/record.ts [--python /tmp/otelpy/bin/python]
 * ```
 *
 * @module
 */
import type { AgentRun } from "../../../tests/support/otel_agent.ts";

/** The runs the fixtures hold: one success with a failing tool and a retry, one failure. */
export const recordedRuns: AgentRun[] = [
  {
    task: "What is the population of the capital of France, and is it larger than Berlin's?",
    taskId: "geo-17",
    family: "question-answering",
    outcome: "success",
    score: 1,
    evaluation: { name: "correctness", score: 0.9, label: "pass" },
    turns: [
      { toolCalls: [{ tool: "web_search", arguments: { query: "capital of France" }, result: { answer: "Paris" } }] },
      {
        text: "Paris it is. Now both populations.",
        toolCalls: [
          { tool: "population", arguments: { city: "Paris" }, result: { population: 2102650 } },
          {
            tool: "population",
            arguments: { city: "Berlin" },
            error: "rate limited: retry in 30 s",
            errorType: "RateLimitError",
          },
        ],
      },
      { toolCalls: [{ tool: "population", arguments: { city: "Berlin" }, result: { population: 3878100 } }] },
      {
        answer:
          "Paris, the capital of France, has about 2.1 million people; Berlin has about 3.9 million, so Paris is smaller.",
      },
    ],
  },
  {
    task: "Book a table for two at Chez Marcel tonight at 8 pm.",
    taskId: "booking-3",
    family: "web-navigation",
    outcome: "failure",
    failureReason: "the booking service refused every request",
    turns: [
      {
        toolCalls: [{
          tool: "book_table",
          arguments: { restaurant: "Chez Marcel", time: "20:00", people: 2 },
          error: "503 Service Unavailable",
          errorType: "HTTPError",
        }],
      },
      { answer: "I could not book the table: the booking service is unavailable." },
    ],
  },
];

/** The fixtures' file names, beside this script. */
export const fixtures = {
  jsProtobuf: "js_protobuf.bin",
  jsJson: "js_json.json",
  pythonProtobuf: "python_protobuf.bin",
} as const;

interface Captured {
  contentType: string;
  body: Uint8Array;
}

/** Serves OTLP/HTTP on a free port, keeping every request body; answers full success. */
function captureServer(): { url: string; bodies: Captured[]; close: () => Promise<void> } {
  const bodies: Captured[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    let stream = request.body!;
    if (request.headers.get("content-encoding") === "gzip") {
      stream = stream.pipeThrough(new DecompressionStream("gzip"));
    }
    const contentType = request.headers.get("content-type") ?? "";
    bodies.push({ contentType, body: new Uint8Array(await new Response(stream).arrayBuffer()) });
    const json = contentType.startsWith("application/json");
    return new Response(json ? "{}" : new Uint8Array(0), { headers: { "content-type": contentType } });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/v1/traces`,
    bodies,
    close: () => server.shutdown(),
  };
}

function only(bodies: Captured[], contentType: string, who: string): Uint8Array {
  const matching = bodies.filter((b) => b.contentType.startsWith(contentType));
  if (matching.length !== 1) throw new Error(`${who} sent ${matching.length} ${contentType} requests, expected 1`);
  return matching[0]!.body;
}

async function record(python: string): Promise<void> {
  const { traceAgentRuns } = await import("../../../tests/support/otel_agent.ts");
  const dir = new URL(".", import.meta.url);
  const js = captureServer();
  try {
    await traceAgentRuns({
      url: js.url,
      protocol: ["http/protobuf", "http/json"],
      runs: recordedRuns,
      compression: "gzip",
    });
  } finally {
    await js.close();
  }
  await Deno.writeFile(new URL(fixtures.jsProtobuf, dir), only(js.bodies, "application/x-protobuf", "the JS SDK"));
  await Deno.writeFile(new URL(fixtures.jsJson, dir), only(js.bodies, "application/json", "the JS SDK"));

  const py = captureServer();
  try {
    const script = new URL("../../../tests/support/otel_agent.py", import.meta.url).pathname;
    const child = new Deno.Command(python, {
      args: [script, "--endpoint", py.url, "--runs-file", "-", "--gzip"],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(JSON.stringify(recordedRuns)));
    await writer.close();
    const output = await child.output();
    if (!output.success) throw new Error(`${python} ${script} failed with code ${output.code}`);
    console.log(`Python trace ids: ${new TextDecoder().decode(output.stdout).trim()}`);
  } finally {
    await py.close();
  }
  await Deno.writeFile(new URL(fixtures.pythonProtobuf, dir), only(py.bodies, "application/x-protobuf", "Python"));
  for (const name of Object.values(fixtures)) {
    console.log(`${name}: ${(await Deno.stat(new URL(name, dir))).size} bytes`);
  }
}

if (import.meta.main) {
  const at = Deno.args.indexOf("--python");
  await record(at >= 0 ? Deno.args[at + 1]! : "python3");
}
