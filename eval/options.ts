/**
 * The eval's command line, resolved once:
 * `deno task eval [folder] [--seed=N] [--json[=file]]`, the folder also from
 * `ATLAS_EVAL_DATA`. Pure: the arguments and the environment are passed in.
 *
 * @module
 */

export interface EvalOptions {
  /** The folder of `*.events.jsonl` files. @default "../shared/data/events" (beside the repo) */
  folder: string;
  /** Seeds the replay order and the held-out split. @default 20261121 */
  seed: number;
  /** Where to write the results as JSON, or undefined for none. `--json` alone: `data/eval.json`. */
  json: string | undefined;
}

export const defaultSeed = 20261121;
export const defaultJson = "data/eval.json";

/** Reads `args` (flags anywhere, one positional folder) over the environment's `ATLAS_EVAL_DATA`. */
export function parseOptions(args: readonly string[], env: (name: string) => string | undefined): EvalOptions {
  let folder = env("ATLAS_EVAL_DATA");
  let seed = defaultSeed;
  let json: string | undefined;
  for (const arg of args) {
    if (arg === "--json") json = defaultJson;
    else if (arg.startsWith("--json=")) json = arg.slice("--json=".length);
    else if (arg.startsWith("--seed=")) {
      seed = Number(arg.slice("--seed=".length));
      if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, not ${arg.slice(7)}`);
    } else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}; usage: ${usage}`);
    else folder = arg;
  }
  return { folder: folder ?? new URL("../../shared/data/events", import.meta.url).pathname, seed, json };
}

export const usage = "deno task eval [folder of *.events.jsonl] [--seed=N] [--json[=file]]";
