/**
 * Running an outside program for a test: `input` on its stdin, its stdout back, and
 * an error with the end of its stderr when it fails.
 *
 * @module
 */

export async function runCommand(
  command: string,
  args: string[],
  input: Uint8Array | string = "",
): Promise<Uint8Array> {
  const child = new Deno.Command(command, { args, stdin: "piped", stdout: "piped", stderr: "piped" }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(typeof input === "string" ? new TextEncoder().encode(input) : input);
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  if (code !== 0) throw new Error(`${command} exited with ${code}: ${new TextDecoder().decode(stderr).slice(-2000)}`);
  return stdout;
}
