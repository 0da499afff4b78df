/**
 * Moving a directory into the artifact store: a rename when both sides are on one
 * file system, a recursive copy and delete when they are not (a jobs folder on
 * scratch disk, artifacts on a mounted volume).
 *
 * @module
 */

export async function moveDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to.replace(/\/[^/]+\/?$/, ""), { recursive: true });
  try {
    await Deno.rename(from, to);
  } catch (error) {
    if (!(error instanceof Error) || !/cross-device|EXDEV/i.test(error.message)) throw error;
    await copyDir(from, to);
    await Deno.remove(from, { recursive: true });
  }
}

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const source = `${from}/${entry.name}`;
    const target = `${to}/${entry.name}`;
    if (entry.isDirectory) await copyDir(source, target);
    else await Deno.copyFile(source, target);
  }
}
