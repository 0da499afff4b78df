/**
 * Shell agents (a repository fixer, a CTF solver, a one-liner writer): the plan is
 * the run's phases (`shell_phases.ts`), each with its programs in order of first
 * use and a concrete command that shows the phase's work, with the reason the agent
 * gave for it:
 *
 * - `setup`: preparing the environment (`pip install`, `git clone`, `export`);
 * - `explore`: looking (`find`, `grep -r`, `cat`, `open`, `git log`);
 * - `reproduce`: running the code or its tests before the first edit, including
 *   writing the script that does it (`create reproduce.py`, `python reproduce.py`);
 * - `edit`: changing the project's files (`sed -i`, `str_replace`, `edit`, `cat > f`);
 * - `verify`: running after an edit, and reviewing the change (`pytest`, `git diff`);
 * - `run`: running code in a run that never edits (nothing to reproduce or verify);
 * - `submit`: handing the work in (`submit`, `git commit`, `git push`).
 *
 * Phases in a row are one step; repeated cycles (edit, verify, edit, verify) fold
 * with a count; a long run is compressed to the cap, never cut. The signature keeps
 * each phase with its four most used programs, so runs that worked the same way
 * share it and a different way of working (tests instead of a script) does not.
 *
 * @module
 */
import type { StepBody } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { compress, type Draft, mostUsed } from "./compress.ts";
import { excerpt, firstLine } from "./excerpt.ts";
import { type Move, type ShellAction, shellActionOf } from "./shell_moves.ts";
import { type Act, type Phase, phasesOf } from "./shell_phases.ts";
import { isAction } from "./step_input.ts";
import { maxPlanSteps, type Plan, type PlanStep } from "./types.ts";

/** Programs per phase the signature keeps: the way of working, not every glance. */
const signaturePrograms = 4;
const submitTools = /^(submit|finish|final_answer|done|answer|complete|task_complete|attempt_completion)$/i;
const planningTools = /^(think|todo\w*|plan|update_plan|task)$/i;

/** The plan of a shell trajectory. */
export function shellPlan(scope: string, trajectory: Trajectory): Plan {
  const acts = actsOf(trajectory.steps);
  const { phases, projectEdit } = phasesOf(acts);
  const drafts: Draft[] = [];
  let shown: Act | undefined;
  acts.forEach((act, i) => {
    const phase = phases[i]!;
    const moves = act.moves.filter((m) => m.kind !== "navigate");
    if (drafts.at(-1)?.key !== phase) {
      drafts.push({ key: phase, verb: phase, uses: new Map(), actions: 0, repeats: 1, example: "" });
      shown = undefined;
    }
    const d = drafts.at(-1)!;
    // A pipeline's head says more than its filters (`grep -r x | head` is a grep).
    for (const m of moves.length ? moves : act.moves) {
      d.uses.set(m.program, (d.uses.get(m.program) ?? 0) + (m.piped ? 0.5 : 1));
    }
    d.actions++;
    // The example is the first action that shows the phase's work, and its reason goes with it.
    if (!shown || (!shows(shown, phase, projectEdit) && shows(act, phase, projectEdit))) {
      shown = act;
      d.example = act.text;
      d.rationale = act.rationale === undefined ? undefined : excerpt(act.rationale);
    }
  });
  const compressed = compress(drafts, maxPlanSteps, (d) => d.key === "submit");
  const steps = compressed.map(toStep);
  const form = compressed.map((d) => `${d.verb}(${mostUsed(d, signaturePrograms).sort().join(",")})`).join(">");
  return { shape: "shell", steps, signature: `${scope}|shell:${form}` };
}

/** The run's shell actions, with the reasoning before each; tools other than shell and file tools by their name. */
function actsOf(steps: readonly StepBody[]): Act[] {
  const acts: Act[] = [];
  const openFile: { path?: string } = {};
  let reason: string | undefined;
  for (const step of steps) {
    if (step.kind === "thought" || (step.kind === "message" && step.role === "assistant")) reason = step.content;
    if (!isAction(step)) continue;
    const name = step.tool?.name ?? "";
    const shell = shellActionOf(step, openFile);
    if (!shell && planningTools.test(name)) continue;
    const act = shell ?? {
      moves: [{
        program: name.toLowerCase() || "act",
        kind: submitTools.test(name) ? "submit" : "navigate",
        writes: [],
        runs: [],
        piped: false,
      }],
      text: step.content || name,
    } as ShellAction;
    // A comment sent as a command did nothing, but what it says is the reason for the next one.
    if (act.moves.length === 0) {
      reason = act.text.replace(/^\s*#\s*/, "");
      continue;
    }
    acts.push({ ...act, rationale: reason ?? act.note });
    reason = undefined;
  }
  return acts;
}

/** Commands too common to show what a step did: `ls` is rarely the example worth keeping. */
const trivial = /^\s*(ls|pwd|cd|clear|whoami|scroll_up|scroll_down|goto)\b[^|;&]*$/;

/** Whether an action shows its phase's work: a run for reproduce and verify, an edit for edit, more than a glance. */
function shows(act: Act, phase: Phase, projectEdit: (m: Move) => boolean): boolean {
  switch (phase) {
    case "reproduce":
    case "verify":
    case "run":
      return act.moves.some((m) => m.kind === "run");
    case "edit":
      return act.moves.some(projectEdit);
    default:
      return !trivial.test(act.text);
  }
}

function toStep(d: Draft): PlanStep {
  return {
    verb: d.verb,
    example: firstLine(d.example),
    ...(d.rationale !== undefined && { rationale: d.rationale }),
    uses: [...d.uses.keys()],
    ...(d.repeats > 1 && { repeats: d.repeats }),
  };
}
