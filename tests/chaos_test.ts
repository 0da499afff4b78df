/**
 * The nemesis suite's short form (`deno task chaos --short`), as CI runs it: each
 * nemesis at least once, and the verifier's verdict.
 *
 * @module
 */
import assert from "node:assert/strict";
import { withoutKafka } from "./support/kafka_broker.ts";

Deno.test({
  name: "[kafka] chaos --short: every nemesis strikes and ALL-RECORDS-DELIVERED",
  ignore: withoutKafka,
  async fn() {
    const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
    const [, ...args] = String(config.tasks.chaos).split(/\s+/);
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [...args, "--short"],
      cwd: new URL("..", import.meta.url),
      stdout: "piped",
      stderr: "piped",
    }).output();
    const out = new TextDecoder().decode(stdout);
    assert.equal(code, 0, `${out}\n${new TextDecoder().decode(stderr).slice(-3000)}`);
    for (
      const nemesis of [
        "kill -9",
        "SIGSTOP past the session",
        "broker restart",
        "disk full",
        "corrupt snapshot",
        "malformed",
      ]
    ) {
      assert.match(out, new RegExp(`^  ${nemesis}: `, "m"), `${nemesis} struck`);
    }
    assert.match(out, /lost 0, doubled 0/);
    assert.match(out, /^ALL-RECORDS-DELIVERED$/m);
  },
});
