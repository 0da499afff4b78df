/**
 * Opening the target a command line chose: the service over HTTP, or its Kafka
 * topic. Shared by the commands that send events (`deno task replay`, `deno task import`).
 *
 * @module
 */
import type { Logger } from "../../log.ts";
import type { TargetChoice } from "./args.ts";
import { HttpTarget } from "./http_target.ts";
import type { Sleep } from "./sleep.ts";
import type { ReplayTarget } from "./target.ts";

/** Opens `choice`; waits between HTTP retries with `sleep`; kafkajs's warnings go to `log`. */
export async function openReplayTarget(choice: TargetChoice, sleep: Sleep, log: Logger): Promise<ReplayTarget> {
  if (choice.kind === "kafka") {
    // Loaded only when needed: kafkajs reads its environment variables as it loads.
    const { openKafkaTarget } = await import("./kafka_target.ts");
    return openKafkaTarget({ ...choice, log });
  }
  const { url, token } = choice;
  return new HttpTarget(token === undefined ? { url, sleep } : { url, token, sleep });
}

/** The target as a summary names it when it could not even be opened. */
export function describeTarget(choice: TargetChoice): string {
  return choice.kind === "http" ? choice.url.href : `kafka ${choice.brokers.join(",")} topic ${choice.topic}`;
}
