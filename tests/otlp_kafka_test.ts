/**
 * The OTLP Kafka source against the real broker: a topic of `otlp_proto` and
 * `otlp_json` messages, as the Collector's Kafka exporter writes them, unkeyed,
 * with a repeat and a message that is not OTLP at all.
 *
 * @module
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { silentLogger } from "../log.ts";
import { createKafka, ensureTopics } from "../streams/kafka_client.ts";
import { httpRuntime } from "./support/http_runtime.ts";
import { span, weatherRun } from "./support/genai_run.ts";
import { brokers, readAll, uniqueTopic, withoutKafka } from "./support/kafka_broker.ts";
import { otlpJson, otlpProtobuf } from "./support/otlp_request.ts";
import { waitFor } from "./support/wait.ts";

const traceId = () => crypto.randomUUID().replaceAll("-", "");

async function produceRaw(topic: string, values: readonly Uint8Array[]): Promise<void> {
  const kafka = createKafka({ brokers: brokers(), clientId: "otlp-test" }, silentLogger);
  await ensureTopics(kafka, [topic], 3);
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: values.map((v) => ({ value: Buffer.from(v) })) });
  } finally {
    await producer.disconnect();
  }
}

Deno.test({
  name: "[kafka] an OTLP topic of protobuf and JSON messages becomes trajectories; garbage is dead-lettered",
  ignore: withoutKafka,
  async fn() {
    const otlpTopic = uniqueTopic("otlp");
    const tracesTopic = uniqueTopic("otlp-traces");
    const [proto, json] = [traceId(), traceId()];
    const protoRun = otlpProtobuf(weatherRun(proto));
    await produceRaw(otlpTopic, [
      protoRun,
      new TextEncoder().encode(JSON.stringify(otlpJson(weatherRun(json)))),
      new TextEncoder().encode("this is not OTLP"),
      protoRun, // an exporter's retry
    ]);
    const { runtime, close } = await httpRuntime({
      env: {
        KAFKA_BROKERS: brokers().join(","),
        ATLAS_TRACES_TOPIC: tracesTopic,
        ATLAS_CONSUMER_GROUP: `${tracesTopic}-group`,
        ATLAS_OTLP_TOPIC: otlpTopic,
      },
    });
    try {
      for (const id of [proto, json]) {
        const row = await waitFor(async () => {
          const found = await runtime.trajectories.get(id);
          return found?.state === "completed" && found;
        }, { message: `${id} completed through the OTLP topic`, timeoutMs: 60_000 });
        assert.equal(row.stepCount, 4);
        assert.equal(row.lateEvents, 0);
        assert.deepEqual((await runtime.trajectories.steps(id)).map((s) => s.index), [0, 1, 2, 3]);
      }
      const letters = await runtime.deadLetters.list(10);
      const garbage = letters.find((l) => l.topic === otlpTopic);
      assert.ok(garbage, "the unreadable message is a dead letter");
      assert.equal(garbage.origin, "kafka");
      assert.match(garbage.code, /^E703[01]$/);
      const [forwarded] = await readAll(`${otlpTopic}.dlq`, 1);
      assert.equal(forwarded?.headers["atlas-error-code"], garbage.code);
    } finally {
      await close();
    }
  },
});

Deno.test({
  name:
    "[kafka] a 9 MB OTLP request in Kafka mode reaches the topic in slices the broker takes, and every run completes",
  ignore: withoutKafka,
  async fn() {
    const topic = uniqueTopic("otlp-big");
    const { app, runtime, close } = await httpRuntime({
      env: { KAFKA_BROKERS: brokers().join(","), ATLAS_TRACES_TOPIC: topic, ATLAS_CONSUMER_GROUP: `${topic}-group` },
    });
    try {
      const traces = Array.from({ length: 30 }, traceId);
      const spans = traces.flatMap((trace, r) => [
        span(trace, "a", null, "invoke_agent reader", 0, 100_000, {
          "gen_ai.operation.name": "invoke_agent",
          "gen_ai.input.messages": JSON.stringify([{
            role: "user",
            parts: [{ type: "text", content: `Read file ${r}` }],
          }]),
        }),
        ...Array.from(
          { length: 10 },
          (_, t) =>
            span(trace, `t${t}`, "a", "execute_tool read", 100 + t * 1_000, 900 + t * 1_000, {
              "gen_ai.operation.name": "execute_tool",
              "gen_ai.tool.name": "read",
              "gen_ai.tool.call.id": `c${t}`,
              "gen_ai.tool.call.result": "y".repeat(30_000),
            }),
        ),
      ]);
      const body = otlpProtobuf(spans);
      assert.ok(body.byteLength > 9_000_000);
      const response = await app.request("/v1/traces", {
        method: "POST",
        headers: { "content-type": "application/x-protobuf" },
        body: body as Uint8Array<ArrayBuffer>,
      });
      assert.equal(response.status, 200);
      for (const trace of traces) {
        const row = await waitFor(async () => {
          const found = await runtime.trajectories.get(trace);
          return found?.state === "completed" && found;
        }, { message: `${trace} completed`, timeoutMs: 60_000 });
        assert.equal(row.stepCount, 20);
      }
    } finally {
      await close();
    }
  },
});
