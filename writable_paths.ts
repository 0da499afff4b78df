/**
 * The folders the service writes, checked against its permissions at start: a
 * database, artifact or jobs path outside what `deno task start` may write stops the
 * service with E7500 naming the variable and what to change, not a stack trace later.
 *
 * @module
 */
import type { Config } from "./config.ts";
import { AtlasError } from "./errors.ts";
import { localPath } from "./store/database.ts";

/** Throws E7500 when a path the configuration names cannot be written under this process's permissions. */
export function checkWritablePaths(config: Config): void {
  const db = localPath(config.db.url);
  const paths: [string, string | undefined][] = [
    ["ATLAS_DB_URL", db?.replace(/[^/]*$/, "") || (db ? "." : undefined)],
    ["ATLAS_ARTIFACT_DIR", config.training.artifactDir],
    ["ATLAS_JOBS_DIR", config.training.jobsDir],
  ];
  const refused = paths.filter(([, path]) =>
    path !== undefined && Deno.permissions.querySync({ name: "write", path }).state !== "granted"
  );
  if (refused.length === 0) return;
  const names = refused.map(([name, path]) => `${name} (${path})`).join(", ");
  throw new AtlasError(
    "E7500",
    `${names}: outside what this process may write. Keep them under ./data, or add the folder to the ` +
      `"write" list of the "service" permission set in deno.json (deno task start runs with it).`,
    { details: refused.map(([name, path]) => ({ variable: name, path })) },
  );
}
