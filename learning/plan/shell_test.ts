import assert from "node:assert/strict";
import type { StepBody } from "../../schemas/mod.ts";
import { judgeByRules } from "../abstractability.ts";
import { describeStep, planOf } from "./mod.ts";
import { bash, call, step, trajectoryOf } from "./testdata/steps.ts";
import { sweAgentActions, sweAgentRun } from "./testdata/swe_agent_run.ts";

const run = (steps: StepBody[], family = "repo-fix") => trajectoryOf(steps, { description: "Fix the parser", family });

Deno.test("planOf() groups a shell run into explore, reproduce, edit, verify and submit", () => {
  const trajectory = sweAgentRun();
  assert.ok(sweAgentActions.length >= 40);
  const plan = planOf(trajectory);
  assert.equal(plan.shape, "shell");
  assert.deepEqual(plan.steps.map((s) => s.verb), ["explore", "reproduce", "edit", "verify", "submit"]);
  const [explore, reproduce, edit, verify] = plan.steps;
  assert.deepEqual(explore!.uses!.slice(0, 4), ["ls", "find_file", "open", "search_file"]);
  assert.ok(explore!.uses!.includes("grep -r") && explore!.uses!.includes("cat"));
  assert.deepEqual([reproduce!.example, reproduce!.rationale], ["python reproduce.py", "Run it."]);
  // Five edit/verify rounds fold into one of each, counted; the regression test is part of the edit.
  assert.deepEqual([edit!.repeats, verify!.repeats], [5, 5]);
  assert.ok(edit!.uses!.includes("sed -i") && edit!.uses!.includes("create"));
  assert.equal(edit!.example, "edit 245:245");
  assert.ok(verify!.uses!.includes("pytest") && verify!.uses!.includes("git diff"));
  assert.equal(describeStep(verify!, plan.shape).split(":")[0], "verify ×5");
  const judged = judgeByRules(trajectory, plan, []);
  assert.equal(judged.abstractable, true, judged.reasoning);
});

Deno.test("planOf() gives runs that worked the same way one signature, and another way of working another", () => {
  const same = sweAgentActions.map(([thought, command]): [string, string] => [
    thought,
    command.replaceAll("separable", "core").replace("245:245", "88:90"),
  ]);
  assert.equal(planOf(sweAgentRun(same, "other")).signature, planOf(sweAgentRun()).signature);
  // Without reproducing first: a different way of working.
  const direct = sweAgentActions.filter(([, c]) => !/reproduce|tail -5/.test(c) && !c.startsWith("edit 1:1\nfrom"));
  assert.notEqual(planOf(sweAgentRun(direct)).signature, planOf(sweAgentRun()).signature);
});

Deno.test("planOf() reads an OpenHands run: execute_bash and str_replace_editor calls", () => {
  const plan = planOf(run([
    step("message", "Fix the crash in parse_args.", { role: "user" }),
    step("thought", "Let me look at the repository."),
    call("str_replace_editor", { command: "view", path: "/workspace/repo" }),
    call("execute_bash", { command: "grep -rn 'def parse_args' /workspace/repo/cli" }),
    call("str_replace_editor", { command: "create", path: "/workspace/reproduce.py", file_text: "import cli" }),
    call("execute_bash", { command: "cd /workspace && python reproduce.py" }),
    call("str_replace_editor", {
      command: "str_replace",
      path: "/workspace/repo/cli/args.py",
      old_str: "a",
      new_str: "b",
    }),
    call("execute_bash", { command: "cd /workspace && python reproduce.py" }),
    call("execute_bash", { command: "cd /workspace/repo && python -m pytest tests/test_args.py -q" }),
    call("finish", { message: "Fixed." }),
  ]));
  assert.deepEqual(plan.steps.map((s) => `${s.verb}: ${s.uses!.join(", ")}`), [
    "explore: view, grep -r",
    "reproduce: create, python",
    "edit: str_replace",
    "verify: python, pytest",
    "submit: finish",
  ]);
  assert.equal(plan.steps[0]!.rationale, "Let me look at the repository.");
});

Deno.test("planOf() reads a Claude Code run: Grep, Read, Edit and Bash with its description", () => {
  const plan = planOf(run([
    call("Grep", { pattern: "def parse_args", path: "src" }),
    call("Read", { file_path: "/repo/src/cli.py" }),
    call("TodoWrite", { todos: [{ content: "fix", status: "pending" }] }),
    call("Bash", { command: "python -m pytest tests/test_cli.py -x", description: "Run the failing test" }),
    call("Edit", { file_path: "/repo/src/cli.py", old_string: "args[1]", new_string: "args[0]" }),
    call("Bash", { command: "python -m pytest tests/test_cli.py -x", description: "Check the fix" }),
    call("Bash", { command: "git diff", description: "Review the change" }),
  ]));
  assert.deepEqual(plan.steps.map((s) => s.verb), ["explore", "reproduce", "edit", "verify"]);
  assert.deepEqual(plan.steps.map((s) => s.rationale), [undefined, "Run the failing test", undefined, "Check the fix"]);
  assert.deepEqual(plan.steps[3]!.uses, ["pytest", "git diff"]);
});

Deno.test("planOf() reads InterCode runs: a one-liner, and a CTF that runs a script and submits", () => {
  const oneLiner = planOf(run([
    bash("find /testbed/dir2 -type f -exec md5sum {} \\; | sort | awk '{print $1}' | md5sum"),
    step("observation", "abd1db  -"),
  ], "shell-bash-fs1"));
  assert.deepEqual(oneLiner.steps.map((s) => describeStep(s, oneLiner.shape)), ["explore: find, sort, awk, md5sum"]);
  assert.equal(oneLiner.signature, "shell-bash-fs1|shell:explore(awk,find,md5sum,sort)");
  const ctf = planOf(run([
    bash("ls"),
    bash("cat > solve.py <<'EOF'\nprint(open('enc').read()[::-1])\nEOF"),
    bash("python3 solve.py"),
    step("action", "submit picoCTF{x}", { tool: { name: "submit", input: "submit picoCTF{x}" } }),
  ], "ctf"));
  // A script written only to be run is not an edit, and with no edit there is nothing to reproduce.
  assert.deepEqual(ctf.steps.map((s) => s.verb), ["explore", "run", "submit"]);
  assert.equal(ctf.steps[1]!.example, "python3 solve.py");
});

Deno.test("planOf() shows exploring again after an edit, and folds a long run's cycles to at most 12 steps", () => {
  const again = planOf(run([
    bash("grep -rn parse src"),
    bash("python -m pytest tests/test_parse.py -q"),
    bash("sed -i 's/a/b/' src/p.py"),
    bash("pytest -q"),
    bash("grep -rn tokenize src"),
    bash("cat src/t.py"),
    bash("sed -n '1,40p' src/lex.py"),
    bash("cat src/t.py | head"),
    bash("sed -i 's/c/d/' src/t.py"),
    bash("pytest -q"),
    bash("git diff"),
    step("action", "submit"),
  ]));
  // Three looks or more in a row after the work started are exploring again.
  assert.deepEqual(again.steps.map((s) => s.verb), [
    "explore",
    "reproduce",
    "edit",
    "verify",
    "explore",
    "edit",
    "verify",
    "submit",
  ]);
  const messy: StepBody[] = [];
  for (let i = 0; i < 20; i++) {
    messy.push(bash(`grep -rn f${i} src`), bash(`cat src/m${i}.py`), bash(`head src/n${i}.py`));
    messy.push(bash(i % 3 ? `sed -i 's/${i}/x/' src/m.py` : "pip install -e ."), bash("pytest -q"));
    if (i % 4 === 0) messy.push(bash(`git log -1 src/m${i}.py`));
  }
  messy.push(step("action", "submit"));
  const plan = planOf(run(messy));
  assert.ok(messy.length > 100 && plan.steps.length <= 12, `${plan.steps.length} steps`);
  assert.equal(plan.steps.at(-1)!.verb, "submit");
  // Compressed, never cut: every program the run used is still in the plan.
  const used = new Set(plan.steps.flatMap((s) => s.uses ?? []));
  for (const program of ["grep -r", "cat", "head", "sed -i", "pip install", "pytest", "git log", "submit"]) {
    assert.ok(used.has(program), program);
  }
});
