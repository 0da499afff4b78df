/**
 * `probeBrokers`: one plain TCP connection to the brokers before kafkajs is used.
 * The kafkajs client is set up for the long-running service, which retries a
 * refused connection for half a minute; a command should say at once that nothing
 * listens there.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";

/** Resolves when any broker accepts a connection; throws E7401 naming why each one did not. */
export async function probeBrokers(brokers: readonly string[], timeoutMs = 5_000): Promise<void> {
  const failures: string[] = [];
  for (const broker of brokers) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      (await Deno.connect({ ...brokerAddress(broker), signal: abort.signal })).close();
      return;
    } catch (error) {
      failures.push(
        `${broker}: ${abort.signal.aborted ? `no answer within ${timeoutMs} ms` : (error as Error).message}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }
  throw new AtlasError("E7401", `cannot reach kafka ${failures.join("; ")}`);
}

/** `host:port` or `[v6]:port` as Deno.connect takes it; the form was checked with the arguments. */
function brokerAddress(broker: string): { hostname: string; port: number } {
  const colon = broker.lastIndexOf(":");
  return { hostname: broker.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), port: Number(broker.slice(colon + 1)) };
}
