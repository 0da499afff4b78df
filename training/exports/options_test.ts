import assert from "node:assert/strict";
import { AtlasError } from "../../errors.ts";
import { defaultMinMargin, leadsBy, resolveExportOptions } from "./options.ts";

Deno.test("resolveExportOptions() gives no system and a margin of 10 by default", () => {
  assert.deepEqual(resolveExportOptions({}), { system: null, minMargin: defaultMinMargin });
  assert.equal(defaultMinMargin, 10);
});

Deno.test("resolveExportOptions() keeps a system prompt as given and drops a blank one", () => {
  assert.equal(resolveExportOptions({ system: "  Be brief.\n" }).system, "  Be brief.\n");
  assert.equal(resolveExportOptions({ system: " \n " }).system, null);
});

Deno.test("resolveExportOptions() rejects a margin of 0, above 100 or not a number with E7102", () => {
  for (const minMargin of [0, -5, 101, Number.NaN]) {
    assert.throws(
      () => resolveExportOptions({ minMargin }),
      (e: unknown) => e instanceof AtlasError && e.code === "E7102",
    );
  }
  assert.throws(
    () => resolveExportOptions({ format: "chat" } as never),
    (e: unknown) => e instanceof AtlasError && e.code === "E7102",
  );
});

Deno.test("leadsBy() counts a lead equal to the margin, fractional rounding included, and not one below", () => {
  assert.equal(leadsBy(90, 80, 10), true);
  assert.equal(leadsBy(70.3, 60.3, 10), true);
  assert.equal(leadsBy(89, 80, 10), false);
  assert.equal(leadsBy(89.99, 80, 10), false);
});
