import assert from "node:assert/strict";
import { createLogger, type Level } from "./log.ts";

function capture(level: Level = "debug") {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, (line) => lines.push(JSON.parse(line)));
  return { lines, log };
}

Deno.test("createLogger() writes one JSON object a line with time, level, message and fields", () => {
  const { lines, log } = capture();
  log.info("partitions assigned", { partitions: [0, 1] });
  assert.equal(lines.length, 1);
  const [line] = lines;
  assert.equal(line!.level, "info");
  assert.equal(line!.msg, "partitions assigned");
  assert.deepEqual(line!.partitions, [0, 1]);
  assert.ok(!Number.isNaN(Date.parse(String(line!.time))));
});

Deno.test("createLogger() redacts authorization, token and API key fields", () => {
  const { lines, log } = capture();
  log.warn("request", {
    authorization: "Bearer abc",
    Authorization: "Bearer def",
    token: "t0k",
    apiToken: "api-t0k",
    ATLAS_API_TOKEN: "env-t0k",
    apiKey: "sk-1",
    api_key: "sk-2",
    "x-api-key": "sk-3",
    password: "hunter2",
    path: "/v1/events",
  });
  const line = lines[0]!;
  for (const key of ["authorization", "Authorization", "token", "apiToken", "ATLAS_API_TOKEN", "apiKey", "api_key"]) {
    assert.equal(line[key], "***", key);
  }
  assert.equal(line["x-api-key"], "***");
  assert.equal(line.password, "***");
  assert.equal(line.path, "/v1/events", "other fields are kept");
  for (const secret of ["abc", "def", "t0k", "sk-1", "sk-2", "sk-3", "hunter2"]) {
    assert.ok(!JSON.stringify(line).includes(secret), `${secret} leaked`);
  }
});

Deno.test("createLogger() redacts secrets bound to a child logger", () => {
  const { lines, log } = capture();
  log.child({ apiKey: "sk-child", component: "llm" }).info("call");
  assert.equal(lines[0]!.apiKey, "***");
  assert.equal(lines[0]!.component, "llm");
});

Deno.test("createLogger() redacts secrets nested inside a field", () => {
  const { lines, log } = capture();
  log.info("request", { headers: { authorization: "Bearer nested-secret" }, config: { apiToken: "nested-token" } });
  const text = JSON.stringify(lines[0]);
  assert.ok(!text.includes("nested-secret"), `authorization leaked: ${text}`);
  assert.ok(!text.includes("nested-token"), `apiToken leaked: ${text}`);
});

Deno.test("createLogger() drops lines below its level", () => {
  const { lines, log } = capture("warn");
  log.debug("d");
  log.info("i");
  log.warn("w");
  log.error("e");
  log.child({ c: 1 }).info("child info");
  log.child({ c: 1 }).error("child error");
  assert.deepEqual(lines.map((l) => l.msg), ["w", "e", "child error"]);
  assert.deepEqual(lines.map((l) => l.level), ["warn", "error", "error"]);
});

Deno.test("createLogger() writes errors as their name and message", () => {
  const { lines, log } = capture();
  log.error("failed", { error: new RangeError("out of range") });
  assert.deepEqual(lines[0]!.error, { name: "RangeError", message: "out of range" });
});

Deno.test("createLogger() lets call fields override bound ones without touching the parent", () => {
  const { lines, log } = capture();
  const child = log.child({ component: "pipeline", partition: 1 });
  child.info("a", { partition: 2 });
  log.info("b");
  assert.equal(lines[0]!.component, "pipeline");
  assert.equal(lines[0]!.partition, 2);
  assert.equal(lines[1]!.component, undefined);
});
