/**
 * Which backend trains a job: the config's backend and type, mapped to the one
 * instance of each backend the runtime keeps. A backend that is not configured (no
 * trainer command, no fine-tuning service) is E7938 naming what to set, at submit.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";
import type { TrainerBackend } from "../backend.ts";
import type { JobConfig } from "../config.ts";

export interface Backends {
  memory: TrainerBackend;
  reward: TrainerBackend;
  command?: TrainerBackend;
  http?: TrainerBackend;
}

export function backendFor(backends: Backends, config: JobConfig): TrainerBackend {
  switch (config.backend) {
    case "memory":
      return config.type === "reward" ? backends.reward : backends.memory;
    case "command":
      if (!backends.command) {
        throw new AtlasError(
          "E7938",
          "the command backend needs a trainer: set ATLAS_TRAINER_COMMAND (or ATLAS_PPO_COMMAND)",
        );
      }
      return backends.command;
    case "http":
      if (!backends.http) {
        throw new AtlasError("E7938", "the http backend needs a fine-tuning service: set ATLAS_FINETUNE_BASE_URL");
      }
      return backends.http;
  }
}
