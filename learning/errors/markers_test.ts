import assert from "node:assert/strict";
import { errorMarker } from "./markers.ts";

const name = (text: string) => errorMarker(text)?.name ?? null;

Deno.test("errorMarker() recognises the errors of the real environments", () => {
  assert.equal(name("Could not find [The Beach]. Similar: ['The Beach Boys']."), "could-not");
  assert.equal(name("Invalid action: Finish[NOT ENOUGH INFO]"), "invalid");
  assert.equal(name("Invalid action!"), "invalid");
  assert.equal(errorMarker("No more results.")?.strength, "soft");
  assert.equal(errorMarker("Invalid action!")?.strength, "hard");
});

Deno.test("errorMarker() recognises the shapes tools give their errors", () => {
  const cases: [string, string][] = [
    ["Error: connection refused", "error"],
    ["ERROR!", "error"],
    ["[ERROR] disk full", "error"],
    ["fatal: not a git repository", "error"],
    ["TypeError: x is not a function", "exception"],
    ["java.io.IOException: stream closed", "exception"],
    ['Exception in thread "main"', "exception"],
    ["Traceback (most recent call last):\n  File ...", "traceback"],
    ["Failed to fetch", "failed"],
    ["bash: foo: command not found", "tool-prefixed"],
    ["cat: x.txt: No such file or directory", "tool-prefixed"],
    ["404 Not Found", "not-found"],
    ["Key 'abc' not found", "not-found"],
    ["Request timed out", "timed-out"],
    ["Permission denied", "denied"],
    ["HTTP/1.1 503 Service Unavailable", "http-status"],
    ["npm ERR! code 1\nProcess exited with code 1", "exit-code"],
    ["0 matches found", "nothing-found"],
  ];
  for (const [text, marker] of cases) assert.equal(name(text), marker, text);
});

Deno.test("errorMarker() does not flag ordinary content", () => {
  const ordinary = [
    "Pages for logged out editors learn more. The film failed at the box office; the print was not found until 1980.",
    "(Result 1 / 1) The treasure was not found until 1922, when an error in the map was noticed.",
    "\n[Back to Search] \nPage 1 (Total results: 50) \n[Next >] \n[B06Y96MXJV] \nSmoked Bacon",
    "OK.",
    "You have clicked black.",
    "Episode finished, reward = 0",
    "Your score (min 0.0, max 1.0): 0.0",
    "Errors in judgment are common among new drivers.",
    "Error correction is a field of coding theory.",
    "The invalidation of the treaty followed.",
    "",
  ];
  for (const text of ordinary) assert.equal(errorMarker(text), null, text);
});
