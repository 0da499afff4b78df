/**
 * The README documents every error code and every configuration variable; this keeps
 * it so as both grow.
 *
 * @module
 */
import assert from "node:assert/strict";
import { environmentNames } from "../config.ts";
import { catalogue } from "../errors.ts";

// Table cells without the padding `deno fmt` aligns them with.
const readme = (await Deno.readTextFile(new URL("../README.md", import.meta.url))).replace(/ *\| */g, "|");

Deno.test("the README's error table lists every code of the catalogue with its status", () => {
  for (const [code, { status, title }] of Object.entries(catalogue)) {
    assert.ok(readme.includes(`|${code}|${status}|${title}|`), `${code} is documented`);
  }
});

Deno.test("the README's configuration table lists every variable the service reads", () => {
  for (const name of environmentNames) assert.ok(readme.includes(`|\`${name}\`|`), `${name} is documented`);
});
