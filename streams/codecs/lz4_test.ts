import assert from "node:assert/strict";
import { runCommand } from "../../tests/support/command.ts";
import { lz4Compress, lz4Decompress, Lz4Error } from "./lz4.ts";

/** Inputs of every shape: empty, tiny, runs, text, JSON-like, random, and past one block. */
function samples(): Uint8Array[] {
  const text = new TextEncoder();
  let seed = 7;
  const random = (n: number) => Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
  const json = Array.from(
    { length: 3_000 },
    (_, i) =>
      JSON.stringify({ id: `e${i}`, type: "atlas.trajectory.step", data: { index: i, content: `Search[${i % 17}]` } }),
  )
    .join("\n");
  return [
    new Uint8Array(),
    text.encode("a"),
    text.encode("abcdefghijkl"),
    text.encode("abcdabcdabcdabcdabcd"),
    new Uint8Array(300_000),
    text.encode(json),
    random(100_000),
    Uint8Array.from([...random(70_000), ...random(70_000)]),
  ];
}

Deno.test("lz4Compress and lz4Decompress round-trip every shape of input", () => {
  for (const input of samples()) assert.deepEqual(lz4Decompress(lz4Compress(input)), input, `${input.length} bytes`);
  const json = samples()[5]!;
  assert.ok(lz4Compress(json).length < json.length / 4, "JSON compresses");
});

/** Runs the reference `lz4` command (liblz4) on `input`. */
const lz4Command = (args: string[], input: Uint8Array) => runCommand("lz4", args, input);

const hasLz4Command = (() => {
  try {
    return new Deno.Command("lz4", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "frames from the reference lz4 (liblz4) read here, and frames written here read there",
  ignore: !hasLz4Command && !Deno.env.get("CI"),
  async fn() {
    for (const input of samples()) {
      assert.deepEqual(await lz4Command(["-d", "-c"], lz4Compress(input)), input, `liblz4 reads ${input.length} bytes`);
      for (const flags of [["-c"], ["-c", "-BD", "-B4"], ["-c", "--no-frame-crc", "-B5"], ["-c", "-BX", "-9"]]) {
        const framed = await lz4Command(flags, input);
        assert.deepEqual(lz4Decompress(framed), input, `${flags.join(" ")}: ${input.length} bytes`);
      }
    }
  },
});

Deno.test("lz4Decompress refuses a corrupt frame with a reason, never garbage", () => {
  const framed = lz4Compress(new TextEncoder().encode("hello hello hello hello hello hello"));
  assert.throws(() => lz4Decompress(framed.slice(0, framed.length - 3)), Lz4Error);
  const badDescriptor = framed.slice();
  badDescriptor[5] = badDescriptor[5]! ^ 0x10;
  assert.throws(() => lz4Decompress(badDescriptor), /checksum/);
  assert.throws(() => lz4Decompress(new Uint8Array([1, 2, 3, 4, 5])), /not an LZ4 frame/);
});
