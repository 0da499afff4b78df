/**
 * A realistic SWE-agent run (44 actions) fixing astropy's nested-CompoundModel
 * separability bug (SWE-bench `astropy__astropy-12907`), written as SWE-agent logs
 * it: a thought, a command as plain text, the observation. It explores with
 * `find_file`, `open`, `search_file`, `grep -rn` and `cat`; writes `reproduce.py`
 * with `create` and `edit` and runs it; edits `separable.py` with `edit` and
 * `sed -i`, running the script and `pytest` after each edit; adds a regression test;
 * reviews with `git diff`; and submits.
 *
 * @module
 */
import type { StepBody } from "../../../schemas/mod.ts";
import type { Trajectory } from "../../trajectory.ts";

/** [thought, command] per action, in order. */
export const sweAgentActions: [string, string][] = [
  ["Let me look at the repository layout first.", "ls -F"],
  ["The issue is about separability_matrix; find the module.", 'find_file "separable.py"'],
  ["Open the module.", "open astropy/modeling/separable.py"],
  ["Find where compound models are stacked.", 'search_file "def _cstack"'],
  ["Go to _cstack.", "goto 219"],
  ["Read on.", "scroll_down"],
  ["Which tests cover it?", 'search_dir "separability_matrix" astropy/modeling/tests'],
  [
    "Check every helper that builds the matrix.",
    'grep -rn "_cstack\\|_cdot\\|_coord_matrix" astropy/modeling/*.py | head -20',
  ],
  ["Locate the test module.", 'find astropy/modeling -name "test_separable.py"'],
  ["Read the existing tests.", "cat astropy/modeling/tests/test_separable.py | head -60"],
  ["Has this code changed lately?", "git log --oneline -3 -- astropy/modeling/separable.py"],
  ["Print the lines around the right-hand stacking.", "sed -n '230,260p' astropy/modeling/separable.py"],
  ["List the modeling package.", "ls astropy/modeling/"],
  ["Where else is _separable used?", 'search_file "_separable("'],
  ["Write a script reproducing the issue.", "create reproduce.py"],
  [
    "Fill it with the example from the issue.",
    "edit 1:1\nfrom astropy.modeling import models as m\nfrom astropy.modeling.separable import separability_matrix\n\ncm = m.Linear1D(10) & m.Linear1D(5)\nprint(separability_matrix(m.Pix2Sky_TAN() & cm))\nend_of_edit",
  ],
  ["Run it.", "python reproduce.py"],
  [
    "And the existing tests, to know where we start.",
    "python -m pytest astropy/modeling/tests/test_separable.py -q 2>&1 | tail -5",
  ],
  ["Back to the stacking code.", "open astropy/modeling/separable.py 242"],
  [
    "The right matrix is replaced by ones; copy it instead.",
    "edit 245:245\n        cright[-right.shape[0]:, -right.shape[1]:] = right\nend_of_edit",
  ],
  ["Check the fix.", "python reproduce.py"],
  ["Run the module's tests.", "python -m pytest astropy/modeling/tests/test_separable.py -q"],
  ["The left side has the same problem.", "goto 236"],
  ["Fix the left side too.", "edit 238:238\n        cleft[: left.shape[0], : left.shape[1]] = left\nend_of_edit"],
  ["Check again.", "python reproduce.py"],
  [
    "A leftover assignment of 1 remains below; replace it.",
    "sed -i 's/cright\\[-right.shape\\[0\\]:, -right.shape\\[1\\]:\\] = 1/cright[-right.shape[0]:, -right.shape[1]:] = right/' astropy/modeling/separable.py",
  ],
  ["Check again.", "python reproduce.py"],
  ["Run the whole modeling test suite.", "pytest astropy/modeling/tests/ -q -x"],
  ["Look at the mapping case as well.", 'search_file "def _coord_matrix"'],
  [
    "Keep the mapping's own matrix.",
    "edit 205:206\n        mat = np.zeros((noutp, model.n_inputs))\n        mat[: model.n_outputs, : model.n_inputs] = 1\nend_of_edit",
  ],
  ["Check again.", "python reproduce.py"],
  ["And the module's tests.", "pytest astropy/modeling/tests/test_separable.py -q"],
  ["Add a regression test for nested compound models.", "create astropy/modeling/tests/test_separable_nested.py"],
  [
    "Write the test.",
    "edit 1:1\nfrom astropy.modeling import models as m\nfrom astropy.modeling.separable import separability_matrix\n\n\ndef test_nested_compound():\n    cm = m.Linear1D(10) & m.Linear1D(5)\n    assert separability_matrix(m.Pix2Sky_TAN() & cm)[2:, 2:].tolist() == [[True, False], [False, True]]\nend_of_edit",
  ],
  ["Run the new test.", "pytest astropy/modeling/tests/test_separable_nested.py -q"],
  ["Run everything in modeling once more.", "python -m pytest astropy/modeling/tests/ -q"],
  ["The core tests use separability too.", "python -m pytest astropy/modeling/tests/test_core.py -q -k separab"],
  ["Clean up the script.", "rm reproduce.py"],
  ["Review the change.", "git diff"],
  ["Only the intended files changed?", "git status"],
  ["Check the diff of the test file alone.", "git diff --stat"],
  [
    "Double-check the fix with the issue's second example.",
    'python -c "from astropy.modeling import models as m; from astropy.modeling.separable import separability_matrix; print(separability_matrix(m.Pix2Sky_TAN() & m.Linear1D(10) & m.Linear1D(5)))"',
  ],
  ["Final look at the diff.", "git diff astropy/modeling/separable.py"],
  ["Everything passes; submit.", "submit"],
];

/** The run as a trajectory: thought, action, observation per command. */
export function sweAgentRun(actions: [string, string][] = sweAgentActions, id = "swe-astropy-12907"): Trajectory {
  const steps: StepBody[] = [];
  for (const [thought, command] of actions) {
    steps.push({ index: steps.length, kind: "thought", content: thought });
    steps.push({ index: steps.length, kind: "action", content: command });
    steps.push({ index: steps.length, kind: "observation", content: "(output)" });
  }
  return {
    id,
    task: {
      id: "astropy__astropy-12907",
      description:
        "Modeling's `separability_matrix` does not compute separability correctly for nested CompoundModels. " +
        "Consider `cm = m.Linear1D(10) & m.Linear1D(5)`: `separability_matrix(m.Pix2Sky_TAN() & cm)` shows the " +
        "inputs and outputs of the nested model as no longer separable. See astropy/modeling/separable.py.",
      family: "swe-bench-astropy",
    },
    outcome: "success",
    score: 1,
    steps,
  };
}
