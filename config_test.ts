import assert from "node:assert/strict";
import { describeConfig, loadConfig } from "./config.ts";
import { AtlasError } from "./errors.ts";

/** Asserts that loading `env` throws E7500 naming `variable`. */
function assertRejects(env: Record<string, string>, variable: string) {
  assert.throws(
    () => loadConfig(env),
    (error: unknown) => {
      assert.ok(error instanceof AtlasError, `expected an AtlasError, got ${error}`);
      assert.equal(error.code, "E7500");
      assert.equal(error.status, 500);
      assert.match(error.message, new RegExp(variable), `the message names ${variable}: ${error.message}`);
      return true;
    },
  );
}

Deno.test("loadConfig() applies the documented defaults to an empty environment", () => {
  const config = loadConfig({});
  assert.equal(config.port, 8080);
  assert.equal(config.db.url, "file:./data/atlas.db");
  assert.equal(config.db.authToken, undefined);
  assert.equal(config.kafka, undefined, "no KAFKA_BROKERS: the embedded log");
  assert.equal(config.topic, "atlas.traces");
  assert.equal(config.consumerGroup, "atlas-learning");
  assert.deepEqual(config.anthropic, { concurrency: 4 });
  assert.equal(config.embedding, "hashing");
  assert.deepEqual(config.learning, {
    creditStrategy: "llm",
    patternExtractor: "both",
    minTrajectories: 50,
  });
  assert.equal(config.apiToken, undefined);
  assert.equal(config.inactivityGapMs, 5 * 60_000);
  assert.equal(config.closeGraceMs, 2_000);
  assert.deepEqual(config.batch, { maxEvents: 5_000, maxWaitMs: 50 });
  assert.equal(config.retentionMs, 168 * 3_600_000);
  assert.equal(config.logLevel, "info");
  assert.ok(Object.isFrozen(config));
});

Deno.test("loadConfig() reads every documented variable", () => {
  const config = loadConfig({
    PORT: "9090",
    ATLAS_DB_URL: "libsql://db.example:8080",
    ATLAS_DB_AUTH_TOKEN: "db-secret",
    ATLAS_TRACES_TOPIC: "traces",
    ATLAS_CONSUMER_GROUP: "group-2",
    ANTHROPIC_API_KEY: "sk-ant-secret",
    ANTHROPIC_BASE_URL: "http://llm.local",
    ATLAS_API_TOKEN: "api-secret",
    ATLAS_INACTIVITY_GAP_MS: "1000",
    ATLAS_CLOSE_GRACE_MS: "0",
    ATLAS_LOG_LEVEL: "debug",
    ATLAS_LLM_MODEL: "claude-haiku-4-5",
    ATLAS_LLM_CONCURRENCY: "2",
    ATLAS_EMBEDDING: "none",
    ATLAS_CREDIT_STRATEGY: "counterfactual",
    ATLAS_PATTERN_EXTRACTOR: "text",
    ATLAS_MIN_TRAJECTORIES: "10",
    ATLAS_MIN_HOURS_SINCE_LAST: "1.5",
    ATLAS_MIN_SUCCESS_RATE: "0.6",
  });
  assert.equal(config.port, 9090);
  assert.deepEqual(config.db, { url: "libsql://db.example:8080", authToken: "db-secret" });
  assert.equal(config.topic, "traces");
  assert.equal(config.consumerGroup, "group-2");
  assert.deepEqual(config.anthropic, {
    apiKey: "sk-ant-secret",
    baseURL: "http://llm.local",
    model: "claude-haiku-4-5",
    concurrency: 2,
  });
  assert.equal(config.embedding, "none");
  assert.deepEqual(config.learning, {
    creditStrategy: "counterfactual",
    patternExtractor: "text",
    minTrajectories: 10,
    minHoursSinceLast: 1.5,
    minSuccessRate: 0.6,
  });
  assert.equal(config.apiToken, "api-secret");
  assert.equal(config.inactivityGapMs, 1_000);
  assert.equal(config.closeGraceMs, 0, "0 is a valid grace, not unset");
  assert.equal(config.logLevel, "debug");
});

Deno.test("loadConfig() switches to Kafka mode when KAFKA_BROKERS is set, with a trimmed broker list", () => {
  const config = loadConfig({ KAFKA_BROKERS: " broker-1:9092 , broker-2:9092,, ", ATLAS_TOPIC_PARTITIONS: "12" });
  assert.ok(config.kafka, "Kafka mode");
  assert.deepEqual(config.kafka.brokers, ["broker-1:9092", "broker-2:9092"]);
  assert.equal(config.kafka.partitions, 12);
  assert.equal(loadConfig({ KAFKA_BROKERS: "localhost:9092" }).kafka?.partitions, 6);
});

Deno.test("loadConfig() treats empty strings as unset", () => {
  const config = loadConfig({
    PORT: "",
    KAFKA_BROKERS: "",
    ANTHROPIC_API_KEY: "",
    ATLAS_API_TOKEN: "",
    ATLAS_DB_URL: "",
    ATLAS_INACTIVITY_GAP_MS: "",
  });
  assert.equal(config.port, 8080);
  assert.equal(config.kafka, undefined);
  assert.equal(config.anthropic.apiKey, undefined);
  assert.equal(config.apiToken, undefined);
  assert.equal(config.db.url, "file:./data/atlas.db");
  assert.equal(config.inactivityGapMs, 5 * 60_000);
});

Deno.test("loadConfig() rejects invalid numbers with E7500 naming the variable", () => {
  assertRejects({ PORT: "eighty" }, "PORT");
  assertRejects({ PORT: "70000" }, "PORT");
  assertRejects({ PORT: "80.5" }, "PORT");
  assertRejects({ ATLAS_INACTIVITY_GAP_MS: "-1" }, "ATLAS_INACTIVITY_GAP_MS");
  assertRejects({ ATLAS_CLOSE_GRACE_MS: "2s" }, "ATLAS_CLOSE_GRACE_MS");
  assertRejects({ ATLAS_BATCH_MAX_EVENTS: "0" }, "ATLAS_BATCH_MAX_EVENTS");
  assertRejects({ ATLAS_TOPIC_PARTITIONS: "many" }, "ATLAS_TOPIC_PARTITIONS");
  assertRejects({ ATLAS_LOG_LEVEL: "verbose" }, "ATLAS_LOG_LEVEL");
  assertRejects({ ATLAS_MIN_TRAJECTORIES: "lots" }, "ATLAS_MIN_TRAJECTORIES");
  assertRejects({ ATLAS_MIN_SUCCESS_RATE: "1.5" }, "minSuccessRate");
  assertRejects({ ATLAS_CREDIT_STRATEGY: "magic" }, "creditStrategy");
  assertRejects({ KAFKA_BROKERS: "k:9092", ATLAS_KAFKA_COMPRESSION: "brotli" }, "ATLAS_KAFKA_COMPRESSION");
});

Deno.test("loadConfig() serves an API without a token to this machine alone", () => {
  assert.equal(loadConfig({}).host, "127.0.0.1");
  const open = loadConfig({ ATLAS_HOST: "0.0.0.0" });
  assert.equal(open.host, "127.0.0.1");
  assert.equal(open.hostRefused, "0.0.0.0");
  assert.equal(loadConfig({ ATLAS_HOST: "::1" }).host, "::1");
  const guarded = loadConfig({ ATLAS_HOST: "0.0.0.0", ATLAS_API_TOKEN: "t" });
  assert.equal(guarded.host, "0.0.0.0");
  assert.equal(guarded.hostRefused, undefined);
});

Deno.test("loadConfig() refuses a read token without an API token: writes would be open", () => {
  assertRejects({ ATLAS_READ_TOKEN: "r" }, "ATLAS_READ_TOKEN needs ATLAS_API_TOKEN");
  const config = loadConfig({ ATLAS_API_TOKEN: "a", ATLAS_READ_TOKEN: "r", ATLAS_METRICS_TOKEN: "m" });
  assert.deepEqual([config.apiToken, config.readToken, config.metricsToken], ["a", "r", "m"]);
});

Deno.test("loadConfig() takes the codec the service produces with", () => {
  assert.equal(loadConfig({ KAFKA_BROKERS: "k:9092" }).kafka?.compression, "none");
  assert.equal(loadConfig({ KAFKA_BROKERS: "k:9092", ATLAS_KAFKA_COMPRESSION: "zstd" }).kafka?.compression, "zstd");
});

Deno.test("loadConfig() names every invalid variable at once", () => {
  assert.throws(
    () => loadConfig({ PORT: "x", ATLAS_CLOSE_GRACE_MS: "y" }),
    (error: AtlasError) => /PORT/.test(error.message) && /ATLAS_CLOSE_GRACE_MS/.test(error.message),
  );
});

Deno.test("loadConfig() ignores variables it does not know", () => {
  const config = loadConfig({ HOME: "/root", UNRELATED: "x" });
  assert.equal(config.port, 8080);
  assert.equal((config as unknown as Record<string, unknown>).HOME, undefined);
});

Deno.test("describeConfig() masks the secrets and keeps the rest", () => {
  const config = loadConfig({
    ATLAS_DB_URL: "libsql://user:db-password@db.example",
    ATLAS_DB_AUTH_TOKEN: "db-secret",
    ANTHROPIC_API_KEY: "sk-ant-secret",
    ANTHROPIC_BASE_URL: "http://llm.local",
    ATLAS_API_TOKEN: "api-secret",
    KAFKA_BROKERS: "broker-1:9092",
  });
  const described = describeConfig(config);
  const text = JSON.stringify(described);
  for (const secret of ["db-password", "db-secret", "sk-ant-secret", "api-secret"]) {
    assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
  }
  assert.deepEqual(described.db, { url: "libsql://***@db.example", authToken: "***" });
  assert.deepEqual(described.anthropic, { apiKey: "***", baseURL: "http://llm.local", concurrency: 4 });
  assert.equal(described.apiToken, "***");
  assert.equal(described.port, 8080);
  assert.deepEqual((described.kafka as { brokers: string[] }).brokers, ["broker-1:9092"]);
});

Deno.test("describeConfig() says a secret is unset rather than masking nothing", () => {
  const described = describeConfig(loadConfig({}));
  assert.equal(described.apiToken, undefined);
  assert.equal((described.anthropic as { apiKey?: string }).apiKey, undefined);
  assert.equal((described.db as { url: string }).url, "file:./data/atlas.db");
});

Deno.test("describeConfig() masks an auth token given in the database URL's query", () => {
  // @libsql/client reads `authToken` from the URL's query as well as from the option.
  const described = describeConfig(loadConfig({ ATLAS_DB_URL: "libsql://db.example.turso.io?authToken=jwt-secret" }));
  const url = (described.db as { url: string }).url;
  assert.ok(!url.includes("jwt-secret"), `the token leaked: ${url}`);
  assert.ok(url.startsWith("libsql://db.example.turso.io"), url);
});
