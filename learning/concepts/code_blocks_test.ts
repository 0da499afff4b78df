import assert from "node:assert/strict";
import type { StepBody } from "../../schemas/mod.ts";
import type { Trajectory } from "../trajectory.ts";
import { detectLanguage, findCodeBlocks } from "./code_blocks.ts";

const trajectory = (steps: StepBody[]): Trajectory => ({
  id: "t1",
  task: null,
  outcome: "success",
  score: null,
  steps,
});

Deno.test("findCodeBlocks() finds step.code, fenced blocks, tool input and bare code actions", () => {
  const blocks = findCodeBlocks(trajectory([
    { index: 0, kind: "thought", content: "I should mine logs first. Then craft planks." },
    {
      index: 1,
      kind: "action",
      content: "async function mine(bot) {\n  await mineBlock(bot, 'oak_log', 3);\n}",
      code: { language: "JavaScript", source: "async function mine(bot) {\n  await mineBlock(bot, 'oak_log', 3);\n}" },
    },
    {
      index: 2,
      kind: "message",
      content: "Here:\n```py\ndef f(x):\n    return x + 1\n```\nand\n```ts\nconst n: number = 1;\n```",
    },
    { index: 3, kind: "tool_call", content: "run", tool: { name: "python", input: { code: "print(len(rows))" } } },
    { index: 4, kind: "tool_call", content: "import pandas as pd\ndf = pd.read_csv('a.csv')\nprint(df.head())" },
  ]));
  assert.deepEqual(blocks.map((b) => [b.stepIndex, b.language]), [
    [1, "javascript"],
    [2, "python"],
    [2, "typescript"],
    [3, "python"],
    [4, "python"],
  ]);
  assert.ok(blocks.every((b) => b.trajectoryId === "t1"));
  // step.code and the same code as content count once.
  assert.equal(blocks.filter((b) => b.stepIndex === 1).length, 1);
  assert.equal(blocks[1]!.source, "def f(x):\n    return x + 1\n");
});

Deno.test("findCodeBlocks() skips prose, languages it cannot parse, and code-like thoughts", () => {
  const blocks = findCodeBlocks(trajectory([
    { index: 0, kind: "action", content: "Search[Nikolaj Coster-Waldau]" },
    { index: 1, kind: "action", content: "click[Buy Now]" },
    { index: 2, kind: "action", content: "ls -la", code: { language: "bash", source: "ls -la" } },
    { index: 3, kind: "message", content: "```bash\nrm -rf build\n```" },
    { index: 4, kind: "thought", content: "const x = 1; // an idea, not an action" },
    { index: 5, kind: "observation", content: "def f(): pass" },
  ]));
  assert.deepEqual(blocks, []);
});

Deno.test("detectLanguage() tells Python, JavaScript and TypeScript apart, and prose from code", () => {
  assert.equal(detectLanguage("def area(r):\n    return 3.14 * r * r\n"), "python");
  assert.equal(detectLanguage("from os import path\nimport sys\n"), "python");
  assert.equal(detectLanguage("const xs = items.map((x) => x * 2);"), "javascript");
  assert.equal(detectLanguage("function f(a) {\n  return a === 1;\n}"), "javascript");
  assert.equal(detectLanguage("interface User { id: string }\nconst u: User = { id: 'a' };"), "typescript");
  assert.equal(
    detectLanguage("export async function load(id: string): Promise<User> {\n  return db.get(id);\n}"),
    "typescript",
  );
  assert.equal(detectLanguage("The capital of France is Paris"), undefined);
});
