/**
 * The artifact of a hosted fine-tuning: the model stays with the service, so the
 * output directory holds `remote_model.json`, which names it and the job that made it.
 * Written to a temporary name and renamed, so the file is whole or absent.
 *
 * @module
 */
import { join } from "node:path";

/** The manifest's file name in the output directory. */
export const remoteModelFile = "remote_model.json";

/** What `remote_model.json` holds. */
export interface RemoteModelManifest {
  /** The service's API root the model lives behind. */
  baseUrl: string;
  /** The service's job id. */
  jobId: string;
  /** The model id to call, the service's `fine_tuned_model`. */
  fineTunedModel: string;
  /** The service's file ids of the job's results (its metrics CSV). */
  resultFiles: string[];
  trainedTokens: number | null;
  /** Settings of the job config the API took no field for. */
  notSent: Record<string, unknown>;
}

/** Writes the manifest into `outputDir`, replacing one a previous attempt wrote. */
export async function writeRemoteModel(outputDir: string, manifest: RemoteModelManifest): Promise<void> {
  const path = join(outputDir, remoteModelFile);
  await Deno.writeTextFile(`${path}.tmp`, JSON.stringify(manifest, null, 2) + "\n");
  await Deno.rename(`${path}.tmp`, path);
}
