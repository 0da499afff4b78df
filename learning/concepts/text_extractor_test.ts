import assert from "node:assert/strict";
import type { Trajectory } from "../trajectory.ts";
import { extractTextConcepts } from "./text_extractor.ts";

/** A trajectory whose one action step carries `source` as its code. */
const withCode = (id: string, language: string, source: string): Trajectory => ({
  id,
  task: { description: `task of ${id}` },
  outcome: "success",
  score: 1,
  steps: [
    { index: 0, kind: "thought", content: "Let me write the code." },
    { index: 1, kind: "action", content: "(code)", code: { language, source } },
    { index: 2, kind: "observation", content: "ok" },
  ],
});

// The same shape three times (different names, models and keys) among unrelated code,
// at three depths: inside a function, at top level, inside a loop.
const python = [
  withCode(
    "py-1",
    "python",
    `import re

def slugify(title):
    words = re.split(r"\\W+", title.lower())
    return "-".join(w for w in words if w)

def current_user(session, user_id):
    # look the user up
    user = session.query(User).filter(User.id == user_id).first()
    return user
`,
  ),
  withCode(
    "py-2",
    "python",
    `class Circle:
    def __init__(self, r):
        self.r = r

    def area(self):
        return 3.14159 * self.r ** 2

order = session.query(Order).filter(Order.id == 42).first()
print(order.total)
`,
  ),
  withCode(
    "py-3",
    "python",
    `totals = {}
for key in keys:
    item = session.query(Item).filter(Item.id == key).first()
    totals[key] = item.price * item.quantity
with open("out.txt", "w") as fh:
    fh.write(str(totals))
`,
  ),
];

const typescript = [
  withCode(
    "ts-1",
    "typescript",
    `export async function profile(id: string): Promise<string> {
  const user = await api.get<User>(\`/users/\${id}\`, { timeout: 5000 });
  return user.name.toUpperCase();
}
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
`,
  ),
  withCode(
    "ts-2",
    "typescript",
    `class Orders {
  private seen = new Set<string>();
  async load(orderId: string) {
    const order = await api.get<Order>("/orders/" + orderId, { timeout: 2000 });
    this.seen.add(orderId);
    return order;
  }
}
`,
  ),
  withCode(
    "ts-3",
    "typescript",
    `interface Row { sku: string; qty: number }
const rows: Row[] = [];
const fetchItem = async (sku: string) => {
  const item = await api.get<Item>(itemUrl(sku), { timeout: 750 });
  rows.push({ sku, qty: item.stock });
};
`,
  ),
];

Deno.test("extractTextConcepts() finds a planted Python shape across three trajectories", async () => {
  const concepts = await extractTextConcepts(python);
  assert.equal(concepts.length, 1, concepts.map((c) => c.template).join("\n---\n"));
  const [concept] = concepts;
  assert.equal(concept!.language, "python");
  // $2 twice: the model and the model whose id is compared are the same in each copy.
  assert.equal(concept!.template, "$1 = session.query($2).filter($2.id == $3).first()");
  assert.equal(concept!.holes, 3);
  assert.equal(concept!.frequency, 3);
  assert.deepEqual(concept!.trajectories, ["py-1", "py-2", "py-3"]);
  assert.deepEqual(concept!.examples.map((e) => [e.trajectoryId, e.stepIndex, e.source]), [
    ["py-1", 1, "user = session.query(User).filter(User.id == user_id).first()"],
    ["py-2", 1, "order = session.query(Order).filter(Order.id == 42).first()"],
    ["py-3", 1, "item = session.query(Item).filter(Item.id == key).first()"],
  ]);
  assert.match(concept!.id, /^concept-[0-9a-f]{16}$/);
});

Deno.test("extractTextConcepts() finds a planted TypeScript shape across three trajectories", async () => {
  const concepts = await extractTextConcepts(typescript);
  assert.equal(concepts.length, 1, concepts.map((c) => c.template).join("\n---\n"));
  const [concept] = concepts;
  assert.equal(concept!.language, "typescript");
  assert.equal(concept!.template, "const $1 = await api.get<$2>($3, { timeout: $4 });");
  assert.equal(concept!.holes, 4);
  assert.deepEqual(concept!.trajectories, ["ts-1", "ts-2", "ts-3"]);
  assert.equal(
    concept!.examples[1]!.source,
    'const order = await api.get<Order>("/orders/" + orderId, { timeout: 2000 });',
  );
});

Deno.test("extractTextConcepts() needs minTrajectories distinct trajectories", async () => {
  assert.deepEqual(await extractTextConcepts(python.slice(0, 2)), []);
  const two = await extractTextConcepts(python.slice(0, 2), { minTrajectories: 2 });
  assert.equal(two[0]?.template, "$1 = session.query($2).filter($2.id == $3).first()");
  // Three copies in one trajectory are one trajectory, not three.
  const one = withCode(
    "py-x",
    "python",
    [
      "a = s.query(A).filter(A.id == 1).first()",
      "b = s.query(B).filter(B.id == 2).first()",
      "c = s.query(C).filter(C.id == 3).first()",
    ].join("\n"),
  );
  assert.deepEqual(await extractTextConcepts([one]), []);
});

Deno.test("extractTextConcepts() gives the same id to the same template however it is laid out", async () => {
  const spaced = python.map((t) => ({
    ...t,
    steps: t.steps.map((s) =>
      s.code ? { ...s, code: { ...s.code, source: s.code.source.replace(".filter(", ".filter(  ") } } : s
    ),
  }));
  const [a] = await extractTextConcepts(python);
  const [b] = await extractTextConcepts(spaced);
  assert.equal(a!.id, b!.id);
});

Deno.test("extractTextConcepts() keeps shapes apart that share only their skeleton", async () => {
  // Same statement skeleton, different callee: only `bot` would be left in common.
  const calls = (n: number) =>
    `await mineBlock(bot, "log_${n}", ${n});\nawait craftItem(bot, "plank_${n}", ${n + 1});\n`;
  const concepts = await extractTextConcepts(["a", "b", "c"].map((id, i) => withCode(id, "javascript", calls(i))));
  assert.deepEqual(concepts.map((c) => c.template).sort(), [
    "await craftItem(bot, $1, $2);",
    "await mineBlock(bot, $1, $2);",
  ]);
});
