/**
 * Whole trajectories carrying the provider's messages, produced straight to the
 * traces topic as any producer would: stored with their steps, and a bad message log
 * dead-lettered with E7034.
 *
 * @module
 */
import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { silentLogger } from "../log.ts";
import { createRuntime } from "../runtime.ts";
import { anthropicMessages, conversationSteps } from "../schemas/mod.ts";
import { deadLetterTopic } from "../streams/dead_letter_topic.ts";
import { brokers, produce, readAll, uniqueTopic, withoutKafka } from "./support/kafka_broker.ts";
import { waitFor } from "./support/wait.ts";

const messages = [
  { role: "user", content: "How many lines does README.md have?" },
  {
    role: "assistant",
    content: [
      { type: "text", text: "I'll count them." },
      { type: "tool_use", id: "toolu_1", name: "bash", input: { command: "wc -l README.md" } },
    ],
  },
  { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "412 README.md" }] },
  { role: "assistant", content: "README.md has 412 lines." },
];

const event = (id: string, trajectoryId: string, log: unknown[]) => ({
  key: trajectoryId,
  value: JSON.stringify({
    specversion: "1.0",
    id,
    source: "agent://claude-code",
    type: "atlas.trajectory",
    data: { trajectoryId, task: { description: "Count README lines" }, messages: log, outcome: "success" },
  }),
});

Deno.test({
  name:
    "[kafka] an atlas.trajectory carrying messages on the topic is stored with its steps; a bad one is dead-lettered E7034",
  ignore: withoutKafka,
  async fn() {
    const topic = uniqueTopic("messages");
    const broken = messages.map((m, i) => (i === 2 ? { role: "user", content: [{ type: "tool_result" }] } : m));
    const poison = event("e-2", "claude-bad", broken);
    await produce(topic, 2, [event("e-1", "claude-1", messages), poison]);

    const dir = await Deno.makeTempDir();
    const config = loadConfig({
      ATLAS_DB_URL: `file:${dir}/atlas.db`,
      KAFKA_BROKERS: brokers().join(","),
      ATLAS_TRACES_TOPIC: topic,
      ATLAS_CONSUMER_GROUP: `${topic}-group`,
      ATLAS_CLOSE_GRACE_MS: "100",
      ATLAS_KAFKA_SESSION_TIMEOUT_MS: "6000",
    });
    const runtime = await createRuntime(config, { log: silentLogger });
    await runtime.start();
    try {
      const row = await waitFor(async () => {
        const found = await runtime.trajectories.get("claude-1");
        return found?.state === "completed" && found;
      }, { timeoutMs: 60_000, message: "claude-1 completed through Kafka" });
      assert.equal(row.stepCount, conversationSteps(anthropicMessages(messages)).length);
      assert.deepEqual(await runtime.trajectories.get("claude-bad"), undefined);

      const [letter] = await readAll(deadLetterTopic(topic), 1);
      assert.equal(letter?.headers["atlas-error-code"], "E7034");
      assert.equal(letter?.value, poison.value);
    } finally {
      await runtime.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
