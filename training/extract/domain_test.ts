import assert from "node:assert/strict";
import type { Trajectory } from "../../learning/trajectory.ts";
import type { StepBody } from "../../schemas/mod.ts";
import { readRuns, readVoyagerSkills, upstreamRuns } from "../../tests/support/upstream_events.ts";
import { classifyDomain, type DomainInput, domains, domainScores } from "./domain.ts";
import { trajectoryInput, trajectoryOutput } from "./render_trajectory.ts";
import { distinctTools, toolOf } from "./tools.ts";

/** The share of inputs classified as `domain`. */
const shareOf = (inputs: readonly DomainInput[], domain: string) =>
  inputs.filter((input) => classifyDomain(input) === domain).length / inputs.length;

/** A trajectory's classifier input: its task and transcript, the tools it used, and its labels. */
const fromTrajectory = (steps: StepBody[], description: string, labels: Partial<DomainInput>): DomainInput => {
  const t: Trajectory = { id: "t", task: { description }, outcome: "success", score: 1, steps };
  return { text: `${trajectoryInput(t)}\n${trajectoryOutput(t)}`, tools: distinctTools(steps.map(toolOf)), ...labels };
};

Deno.test("classifyDomain() files ≥95% of the real FEVER and WebShop runs as upstream events, without labels", async () => {
  const runs = await upstreamRuns();
  const inputs = (prefix: string) =>
    runs.filter((r) => r.executionId.startsWith(prefix)).map((r) => ({
      text: `${r.input}\n${r.output}`,
      tools: r.tools,
    }));
  assert.ok(shareOf(inputs("fever-"), "question-answering") >= 0.95);
  assert.ok(shareOf(inputs("webshop-"), "web-navigation") >= 0.95);
});

Deno.test("classifyDomain() files ≥95% of the real runs as trajectories, with and without their labels", async () => {
  const { fever, webshop } = await readRuns();
  const feverInputs = (labels: Partial<DomainInput>) =>
    fever.map((run) =>
      fromTrajectory(
        run.steps.flatMap((s, i): StepBody[] => [
          { index: 3 * i, kind: "thought", content: s.thought },
          { index: 3 * i + 1, kind: "action", content: s.action },
          { index: 3 * i + 2, kind: "observation", content: s.observation },
        ]),
        run.claim,
        labels,
      )
    );
  const webshopInputs = (labels: Partial<DomainInput>) =>
    webshop.map((run) =>
      fromTrajectory(
        run.steps.flatMap((s, i): StepBody[] => [
          { index: 2 * i, kind: "action", content: s.action },
          { index: 2 * i + 1, kind: "observation", content: s.observation },
        ]),
        run.instruction,
        labels,
      )
    );
  for (const labels of [{}, { family: "fact-verification", declared: "wikipedia" }]) {
    assert.ok(shareOf(feverInputs(labels), "question-answering") >= 0.95);
  }
  for (const labels of [{}, { family: "web-shopping", declared: "webshop" }]) {
    assert.ok(shareOf(webshopInputs(labels), "web-navigation") >= 0.95);
  }
});

Deno.test("classifyDomain() files ≥95% of the Voyager skills as embodied: Minecraft work, written in JavaScript", async () => {
  const skills = await readVoyagerSkills();
  const asUpstream = skills.map((s) => ({ text: `${s.description}\n${s.code}`, tools: [] }));
  assert.ok(shareOf(asUpstream, "embodied") >= 0.95);
  for (const labels of [{}, { family: "minecraft-skill", declared: "minecraft" }]) {
    const asTrajectories = skills.map((s) =>
      fromTrajectory(
        [{ index: 0, kind: "action", content: s.code, code: { language: "javascript", source: s.code } }],
        s.description,
        labels,
      )
    );
    assert.ok(shareOf(asTrajectories, "embodied") >= 0.95);
  }
});

Deno.test("classifyDomain() files hand-written examples of the other domains", () => {
  const cases: [DomainInput, string][] = [
    [{ text: "Who wrote The Old Man and the Sea?\nAnswer: Ernest Hemingway", tools: [] }, "question-answering"],
    [{ text: "Find the cheapest flight and click Book.", tools: ["goto", "click", "type"] }, "web-navigation"],
    [
      {
        text: "Fix the bug in parser.py: the unit tests fail with a Traceback.",
        tools: ["bash", "str_replace_editor"],
      },
      "coding",
    ],
    [{
      text: "Write a Python function that reverses a linked list.\n```python\ndef reverse(head):\n    ...\n```",
      tools: [],
    }, "coding"],
    [{
      text: "Put the clean mug in the coffee machine. Go to the countertop, pick up the mug.",
      tools: ["go_to", "pickup", "put"],
    }, "embodied"],
    [{ text: "Solve for x: 3x + 7 = 22. Then compute the derivative of x^2.", tools: [] }, "math"],
    [{
      text: "Natalia sold 48 clips in April and half as many in May. How many clips did she sell?",
      tools: ["calculator"],
    }, "math"],
    [
      { text: "SELECT region, AVG(revenue) FROM sales GROUP BY region ORDER BY 2 DESC", tools: ["run_sql"] },
      "data-analysis",
    ],
    [{ text: "Load sales.csv into a dataframe and plot the monthly median per column.", tools: [] }, "data-analysis"],
    [{ text: "Write a polite email to my landlord asking to fix the heating.", tools: [] }, "writing"],
    [{ text: "Summarise this article in one paragraph for a general audience.", tools: [] }, "writing"],
    [{ text: "Translate the following letter into French.", tools: ["translate"] }, "writing"],
    [{ text: "ok thanks", tools: [] }, "general"],
    [{ text: "", tools: [] }, "general"],
  ];
  for (const [input, expected] of cases) {
    assert.equal(classifyDomain(input), expected, `${input.text}: ${JSON.stringify(domainScores(input))}`);
  }
});

Deno.test("classifyDomain() takes a family or declared domain as a hint, not an order", () => {
  // Weak text: the label decides.
  assert.equal(
    classifyDomain({ text: "Paramore is from Tennessee.", tools: [], family: "fact-verification" }),
    "question-answering",
  );
  assert.equal(classifyDomain({ text: "done", tools: [], declared: "data-analysis" }), "data-analysis");
  // Clear evidence outvotes a wrong label.
  const shop = {
    text: "i want a usb microphone, price lower than 50.00 dollars\nAction: click[Buy Now]",
    tools: ["search", "click"],
  };
  assert.equal(classifyDomain({ ...shop, declared: "coding" }), "web-navigation");
  const [best] = domainScores({ ...shop, family: "web-shopping" });
  assert.ok(best?.reasons.includes("label:web-shopping"));
});

Deno.test("classifyDomain() files a retail support conversation under customer-service", () => {
  const retail = {
    text: "You want to return the digital camera that you received and get a refund to your original credit card.",
    tools: ["find_user_id_by_email", "get_order_details", "return_delivered_order_items"],
  };
  assert.equal(classifyDomain(retail), "customer-service", JSON.stringify(domainScores(retail)));
  // The task alone says it too, and so do the tools alone.
  assert.equal(classifyDomain({ text: retail.text, tools: [] }), "customer-service");
  assert.equal(
    classifyDomain({ text: "done", tools: ["cancel_pending_order", "transfer_to_human_agents"] }),
    "customer-service",
  );
});

Deno.test("classifyDomain() files telecom tech support and a support ticket under customer-service", () => {
  const cases: DomainInput[] = [
    { text: "Your phone has been showing 'No Service' for the past few hours.", tools: ["get_customer_by_phone"] },
    { text: "You mobile data is not working properly. It either stops working or is very slow.", tools: [] },
    { text: "The customer says they were overcharged on their last bill. Open a support ticket.", tools: [] },
  ];
  for (const input of cases) {
    assert.equal(classifyDomain(input), "customer-service", `${input.text}: ${JSON.stringify(domainScores(input))}`);
  }
});

Deno.test("classifyDomain() files work on the machine itself under shell, and a repository fix under coding", () => {
  const nl2bash = {
    text: "Count all the lines of all '*.c' files in /testbed directory recursively",
    tools: ["bash"],
  };
  assert.equal(classifyDomain(nl2bash), "shell", JSON.stringify(domainScores(nl2bash)));
  assert.equal(classifyDomain({ text: "Check disk usage of /var/log and list hidden files", tools: [] }), "shell");
  // Same shell, but the world is a code base: tests, an issue, source files.
  const repositoryFix = {
    text: "Fix issue #4521 in the repository: `parse_header` in utils/http.py drops the last field, " +
      "and the failing test in tests/test_http.py should pass.",
    tools: ["bash"],
  };
  assert.equal(classifyDomain(repositoryFix), "coding", JSON.stringify(domainScores(repositoryFix)));
});

Deno.test("classifyDomain() keeps a data agent's SQL and dataframes under data-analysis, whatever runs them", () => {
  const cases: DomainInput[] = [
    { text: "Which region had the highest average revenue? SELECT region, AVG(revenue) FROM sales", tools: ["bash"] },
    { text: "Load orders.csv into a pandas dataframe and plot a histogram of the order totals.", tools: ["python"] },
  ];
  for (const input of cases) {
    assert.equal(classifyDomain(input), "data-analysis", `${input.text}: ${JSON.stringify(domainScores(input))}`);
  }
});

Deno.test("classifyDomain() files a capture-the-flag challenge under security, even done in a shell", () => {
  const cases: DomainInput[] = [
    { text: "Can you find the flag in the given file without running it?", tools: ["bash"] },
    { text: "In RSA, a small e value can be problematic, but what about N? Can you decrypt this?", tools: ["bash"] },
    { text: "crackme.py", tools: ["bash"], family: "ctf", declared: "security" },
  ];
  for (const input of cases) {
    assert.equal(classifyDomain(input), "security", `${input.text}: ${JSON.stringify(domainScores(input))}`);
  }
});

Deno.test("classifyDomain() does not take shopping or code about orders for customer service", () => {
  const shop = { text: "i need a phone case, and price lower than 20.00 dollars", tools: ["search", "click"] };
  assert.equal(classifyDomain(shop), "web-navigation");
  const code = {
    text: "Write a Python function that returns the items of an order sorted by price.\n```python\ndef f(order):\n```",
    tools: [],
  };
  assert.equal(classifyDomain(code), "coding", JSON.stringify(domainScores(code)));
});

Deno.test("domains lists the taxonomy, general last", () => {
  assert.deepEqual(domains, [
    "question-answering",
    "web-navigation",
    "coding",
    "embodied",
    "math",
    "data-analysis",
    "writing",
    "customer-service",
    "security",
    "shell",
    "general",
  ]);
});
