/**
 * A Kafka broker of a test's own, beside the shared one: started, stopped and
 * started again by the test (`deploy/kafka/kafka.sh` with its own port and data).
 *
 * @module
 */
const script = new URL("../../deploy/kafka/kafka.sh", import.meta.url).pathname;

export class OwnBroker {
  private constructor(readonly port: number, private readonly data: string) {}

  /** A broker on `port` whose data lives in a fresh folder; not started. */
  static async create(port: number): Promise<OwnBroker> {
    return new OwnBroker(port, await Deno.makeTempDir({ prefix: "atlas-broker-" }));
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  start(): Promise<void> {
    return this.#run("start");
  }

  /** Stops the broker (SIGTERM, as an operator's restart) and waits until it exited. */
  stop(): Promise<void> {
    return this.#run("stop");
  }

  /** Stops it and deletes its data. */
  async remove(): Promise<void> {
    await this.stop();
    await Deno.remove(this.data, { recursive: true });
  }

  async #run(action: string): Promise<void> {
    const { code, stderr } = await new Deno.Command("bash", {
      args: [script, action],
      env: { KAFKA_DATA: this.data, KAFKA_PORT: String(this.port) },
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (code !== 0) throw new Error(`kafka.sh ${action}: ${new TextDecoder().decode(stderr)}`);
  }
}
