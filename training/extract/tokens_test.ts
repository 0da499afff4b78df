import assert from "node:assert/strict";
import { estimateTokens } from "./tokens.ts";

const fever = new URL("../../../shared/data/react-fever/fever_react_500.jsonl", import.meta.url);
const webshop = new URL("../../../shared/data/react-webshop/webshop_react_500.jsonl", import.meta.url);
const voyager = new URL("../../../shared/data/voyager-skill-library/trial1_skills.json", import.meta.url);

const firstRun = async (url: URL) => JSON.parse((await Deno.readTextFile(url)).split("\n")[0]!);

/** Texts with their cl100k_base counts, measured once with a real tokenizer. */
async function measured(): Promise<[string, number][]> {
  const skills = JSON.parse(await Deno.readTextFile(voyager));
  return [
    ["Paramore is not from Tennessee.", 7],
    ["click[B08H5DCD65]", 9],
    [(await firstRun(fever)).steps[0].observation, 100],
    [(await firstRun(webshop)).steps[1].observation, 173],
    [skills.mineWoodLog.code, 172],
    ["機械学習は楽しいです。", 17],
    ["SELECT name, COUNT(*) FROM users GROUP BY name ORDER BY 2 DESC;", 16],
  ];
}

Deno.test("estimateTokens() is within 25% of a real BPE count on prose, ids, code, CJK and SQL", async () => {
  for (const [text, truth] of await measured()) {
    const estimate = estimateTokens(text);
    assert.ok(Math.abs(estimate - truth) / truth <= 0.25, `${estimate} vs ${truth} for ${text.slice(0, 40)}`);
  }
});

Deno.test("estimateTokens() is 0 for nothing and grows with the text", () => {
  assert.equal(estimateTokens(""), 0);
  assert.equal(estimateTokens("   "), 0);
  assert.equal(estimateTokens("Paramore"), 2);
  const line = "Search[Paramore] returned a page about the band. ";
  assert.ok(estimateTokens(line.repeat(2)) > estimateTokens(line));
  assert.equal(estimateTokens(line.repeat(10)), 10 * estimateTokens(line.trim()));
});
