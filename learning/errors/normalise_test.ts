import assert from "node:assert/strict";
import { normaliseError } from "./normalise.ts";

Deno.test("normaliseError() masks FEVER's search argument and drops the Similar list", () => {
  assert.equal(
    normaliseError("Could not find [The Beach]. Similar: ['The Beach Boys', 'The Beach', 'On the Beach']."),
    "Could not find [<arg>]. Similar: <list>",
  );
  // The observation was cut inside the list: same template.
  assert.equal(
    normaliseError("Could not find [Riddick]. Similar: ['Riddick (film)', 'Richard B. Riddick', 'Riddick (fra"),
    "Could not find [<arg>]. Similar: <list>",
  );
  assert.equal(
    normaliseError("Invalid action: lookup[The Dark Tower (2017 film)] on different website"),
    "Invalid action: lookup[<arg>] on different website",
  );
});

Deno.test("normaliseError() gives two occurrences of one failure the same template", () => {
  const pairs = [
    ["Order B07GJTKYJQ not found; session req_8f3a2 expired", "Order B09XYZ1234 not found; session req_77aa1 expired"],
    ["timeout after 2.5s and 1,000 retries", "timeout after 30s and 3 retries"],
    ["ENOENT: no such file or directory, open '/home/ann/a.txt'", "ENOENT: no such file or directory, open './b.json'"],
    ["Request 8f3a2c1e-1234-4abc-9def-0123456789ab failed", "Request 00000000-aaaa-4bbb-8ccc-dddddddddddd failed"],
  ];
  for (const [a, b] of pairs) assert.equal(normaliseError(a!), normaliseError(b!), `${a} / ${b}`);
});

Deno.test("normaliseError() masks numbers, ids, hex, uuids, URLs, paths and quoted strings", () => {
  const cases: [string, string][] = [
    ["Request 8f3a2c1e-1234-4abc-9def-0123456789ab failed", "Request <uuid> failed"],
    ["GET http://localhost:8080/v1/x returned 503", "GET <url> returned <num>"],
    ["Cannot open /var/log/app.log: permission denied", "Cannot open <path>: permission denied"],
    ["Module not found in src/store/items.ts", "Module not found in <path>"],
    ["C:\\Users\\ann\\x.txt not found", "<path> not found"],
    ["Segfault at 0x7ffee3b8 (hash deadbeef1234)", "Segfault at <hex> (hash <hex>)"],
    ["Order B07GJTKYJQ not found", "Order <id> not found"],
    ["Expected one of ['a', 'b'] but got 'c'", "Expected one of <list> but got '<str>'"],
    ["timeout after 3000ms", "timeout after <num>ms"],
  ];
  for (const [text, template] of cases) assert.equal(normaliseError(text), template);
});

Deno.test("normaliseError() keeps what names the error: words, short codes, apostrophes, a leading tag", () => {
  for (
    const text of ["E7001 body is not valid JSON", "Can't find user's file", "[ERROR] disk full", "and/or w/o TCP/IP"]
  ) {
    assert.equal(normaliseError(text), text);
  }
});

Deno.test("normaliseError() reduces stack traces to the error and collapses whitespace", () => {
  const python = 'Traceback (most recent call last):\n  File "/x/y.py", line 3, in <module>\n    foo()\n' +
    "ValueError: invalid literal for int() with base 10: 'abc'";
  assert.equal(
    normaliseError(python),
    "Traceback (most recent call last): <trace> ValueError: invalid literal for int() with base <num>: '<str>'",
  );
  const js =
    "TypeError: Cannot read properties of undefined (reading 'foo')\n    at f (/x/y.js:3:5)\n    at g (node:x)";
  assert.equal(normaliseError(js), "TypeError: Cannot read properties of undefined (reading '<str>') <trace>");
  assert.equal(normaliseError("  Error:   too\n many    spaces\t here  "), "Error: too many spaces here");
});

Deno.test("normaliseError() cuts a long template and marks the cut with <tail>", () => {
  const long = Array.from({ length: 60 }, (_, i) => `w${i % 2 ? "x" : "y"}`).join(" ");
  const template = normaliseError(long, { maxTokens: 10 });
  assert.equal(template, "wy wx wy wx wy wx wy wx wy wx <tail>");
  assert.equal(normaliseError(long).split(" ").length, 41);
});

Deno.test("normaliseError() is stable: a template normalises to itself", () => {
  for (
    const text of [
      "Could not find [The Beach]. Similar: ['The Beach Boys'].",
      "Request 8f3a2c1e-1234-4abc-9def-0123456789ab failed after 3000ms on https://api.x.io/v1?id=3",
      "Order B07GJTKYJQ not found in src/store/items.ts at line 42, got 'x'",
    ]
  ) {
    const template = normaliseError(text);
    assert.equal(normaliseError(template), template);
  }
});
