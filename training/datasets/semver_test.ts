import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { bump, changeKind, compareVersions, firstVersion, formatVersion, parseVersion } from "./semver.ts";

Deno.test("parseVersion() and formatVersion() round-trip plain versions", () => {
  assert.deepEqual(parseVersion("1.2.3"), { major: 1, minor: 2, patch: 3 });
  assert.deepEqual(parseVersion("0.0.0"), { major: 0, minor: 0, patch: 0 });
  for (const text of [firstVersion, "10.20.30", "2.0.11"]) assert.equal(formatVersion(parseVersion(text)), text);
});

Deno.test("parseVersion() rejects anything but three plain numbers with E7102", () => {
  const junk = ["", "1", "1.2", "1.2.3.4", "v1.2.3", "01.2.3", "1.02.3", "1.2.3-beta", "1.2.3+b", " 1.2.3", "a.b.c"];
  for (const text of [...junk, "1.2.99999999999999999999"]) {
    assert.throws(() => parseVersion(text), (e: unknown) => e instanceof AtlasError && e.code === "E7102", text);
  }
});

Deno.test("compareVersions() orders by number, not by text", () => {
  assert.ok(compareVersions("1.10.0", "1.9.0") > 0);
  assert.ok(compareVersions("1.0.9", "1.0.10") < 0);
  assert.ok(compareVersions("2.0.0", "1.99.99") > 0);
  assert.equal(compareVersions("1.2.3", "1.2.3"), 0);
  assert.deepEqual(["1.10.0", "1.2.0", "1.0.0", "2.0.0"].sort(compareVersions), ["1.0.0", "1.2.0", "1.10.0", "2.0.0"]);
});

Deno.test("bump() resets the lower parts", () => {
  assert.equal(bump("1.2.3", "patch"), "1.2.4");
  assert.equal(bump("1.2.3", "minor"), "1.3.0");
  assert.equal(bump("1.2.3", "major"), "2.0.0");
  assert.throws(() => bump("1.2", "patch"), AtlasError);
});

Deno.test("changeKind(): a schema change is major, a filter change minor, anything else a patch", () => {
  const parent = { schemaVersion: 1, filterHash: "f1" };
  assert.equal(changeKind(parent, { schemaVersion: 2, filterHash: "f1" }), "major");
  assert.equal(changeKind(parent, { schemaVersion: 2, filterHash: "f2" }), "major");
  assert.equal(changeKind(parent, { schemaVersion: 1, filterHash: "f2" }), "minor");
  assert.equal(changeKind(parent, { schemaVersion: 1, filterHash: "f1" }), "patch");
});
