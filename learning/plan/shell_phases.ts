/**
 * The phase of each action of a shell run. The rules, in order:
 *
 * - hand-ins (`submit`, `git commit`, `git push`) are `submit`;
 * - changing the project's files is `edit`; a file written only to be run (a
 *   reproduction script: in /tmp, named `reproduce*`, `debug*`..., or run later and
 *   not one of the project's tests) is part of running instead;
 * - running code or tests is `reproduce` before the first edit, `verify` after it,
 *   and `run` in a run that never edits;
 * - preparing the environment is `setup`;
 * - looking is `explore` until the work starts (something ran or was written);
 *   after that, three looks in a row are exploring again, fewer join the edit they
 *   lead to (opening the file at the line to change) or else the phase they
 *   interrupt; `git diff` and `git status` after an edit review it: `verify`;
 * - navigation (`cd`) and other tools join the phase before them.
 *
 * @module
 */
import type { Move, ShellAction } from "./shell_moves.ts";

export type Phase = "setup" | "explore" | "reproduce" | "edit" | "verify" | "run" | "submit";

/** A shell action with the reasoning the agent gave before it. */
export interface Act extends ShellAction {
  rationale?: string | undefined;
}

/** Files written to be run, not to change the project, by their name. */
const scratchName = /^(repro|reproduce|debug|scratch|tmp|temp|try|check|test_repro|sanity)\w*\.\w+$/i;
/** A project's tests: run, but part of the change (a regression test is an edit). */
const projectTest = /(^|\/)(tests?|spec|__tests__)\/|(^|\/)test_[^/]+$|_test\.\w+$|\.(test|spec)\.\w+$/;

/** Each action's phase, and which moves changed the project (what the first edit is). */
export function phasesOf(acts: readonly Act[]): { phases: Phase[]; projectEdit: (m: Move) => boolean } {
  const executed = new Set(acts.flatMap((a) => a.moves.flatMap((m) => m.runs.map(basename))));
  const scratch = (path: string) =>
    path.startsWith("/tmp/") || scratchName.test(basename(path)) ||
    (executed.has(basename(path)) && !projectTest.test(path));
  const projectEdit = (m: Move) => m.kind === "write" && (m.writes.length === 0 || m.writes.some((w) => !scratch(w)));
  const firstEdit = acts.findIndex((a) => a.moves.some(projectEdit));
  let started = false;
  const phases = acts.map((act, i) => {
    const phase = phaseOf(act, i, firstEdit, started, projectEdit);
    started ||= act.moves.some((m) => m.kind === "run" || m.kind === "write");
    return phase;
  });
  resolveGlances(phases);
  return { phases: phases as Phase[], projectEdit };
}

/**
 * An action's phase, or `glance` (a read once the work has started: after a run or
 * an edit) and `inherit` (navigation, another tool) to resolve from the phases around.
 */
function phaseOf(act: Act, i: number, firstEdit: number, started: boolean, projectEdit: (m: Move) => boolean) {
  const kinds = new Set(act.moves.map((m) => m.kind));
  const edited = firstEdit >= 0 && i >= firstEdit;
  if (kinds.has("submit")) return "submit";
  if (act.moves.some(projectEdit)) return "edit";
  if (kinds.has("run") || kinds.has("write")) return firstEdit < 0 ? "run" : edited ? "verify" : "reproduce";
  if (kinds.has("setup")) return "setup";
  if (kinds.has("read")) {
    if (edited && act.moves.some((m) => /^git (diff|status|show)$/.test(m.program))) return "verify";
    return started ? "glance" : "explore";
  }
  return "inherit";
}

/**
 * Three glances in a row are exploring again. Fewer join the edit they lead to
 * (opening the file at the line to change), else the phase they interrupt;
 * navigation and other tools join the phase before them.
 */
function resolveGlances(phases: (Phase | "glance" | "inherit")[]): void {
  for (let i = 0; i < phases.length; i++) {
    if (phases[i] !== "glance") continue;
    let end = i;
    while (phases[end + 1] === "glance" || phases[end + 1] === "inherit") end++;
    const glances = phases.slice(i, end + 1).filter((p) => p === "glance").length;
    const joins = glances >= 3 ? "explore" : phases[end + 1] === "edit" ? "edit" : "inherit";
    for (let k = i; k <= end; k++) if (joins !== "inherit" || phases[k] === "glance") phases[k] = joins;
  }
  phases.forEach((p, i) => {
    if (p === "inherit" || p === "glance") phases[i] = i > 0 ? phases[i - 1]! : "explore";
  });
}

const basename = (path: string) => path.split("/").at(-1) ?? path;
