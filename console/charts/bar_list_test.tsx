import assert from "node:assert/strict";
import { assertWellFormedSvg, count, render, texts } from "./assert_svg.ts";
import { BarList } from "./bar_list.tsx";

const reasons = [
  { label: "schema_invalid", value: 12_345, href: "/console/rejections?reason=schema_invalid" },
  { label: "too_large", value: 87 },
  { label: "duplicate", value: 0 },
];

Deno.test("BarList draws one bar per item in the given order with formatted values", async () => {
  const svg = await render(<BarList title="Rejections by reason" items={reasons} />);
  assertWellFormedSvg(svg);
  assert.equal(count(svg, /<rect class="chart-bar"/), 3);
  assert.deepEqual(texts(svg).slice(1), ["schema_invalid", "12,345", "too_large", "87", "duplicate", "0"]);
});

Deno.test("BarList scales the longest bar to the largest value", async () => {
  const svg = await render(
    <BarList title="t" width={400} items={[{ label: "a", value: 10 }, { label: "b", value: 5 }]} />,
  );
  const widths = [...svg.matchAll(/class="chart-bar"[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.equal(widths.length, 2);
  assert.equal(widths[1], widths[0]! / 2);
});

Deno.test("BarList links rows that have an href and refuses javascript: URLs", async () => {
  const svg = await render(
    <BarList title="t" items={[...reasons, { label: "evil", value: 1, href: "javascript:alert(1)" }]} />,
  );
  assertWellFormedSvg(svg);
  assert.equal(count(svg, /<a href=/), 1);
  assert.ok(svg.includes('<a href="/console/rejections?reason=schema_invalid">'));
  assert.ok(!svg.includes("javascript:"));
});

Deno.test("BarList escapes labels", async () => {
  const svg = await render(<BarList title="t" items={[{ label: "<script>alert(1)</script>", value: 3 }]} />);
  assertWellFormedSvg(svg);
  assert.ok(!svg.includes("<script>"));
  assert.ok(svg.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
});

Deno.test("BarList shortens long labels but keeps them whole in the tooltip", async () => {
  const label = "a_reason_code_that_is_far_too_long_to_fit_in_the_label_column";
  const svg = await render(<BarList title="t" width={300} items={[{ label, value: 1 }]} />);
  assert.ok(texts(svg).some((t) => t.endsWith("…") && t.length < label.length));
  assert.ok(svg.includes(`<title>${label}: 1</title>`));
});

Deno.test("BarList uses valueFormat and survives NaN values", async () => {
  const svg = await render(
    <BarList title="t" valueFormat={(v) => `${v}%`} items={[{ label: "a", value: 40 }, { label: "b", value: NaN }]} />,
  );
  assert.ok(texts(svg).includes("40%"));
  const fallback = await render(<BarList title="t" items={[{ label: "b", value: NaN }]} />);
  assertWellFormedSvg(fallback);
  assert.ok(texts(fallback).includes("–"));
});

Deno.test("BarList says no data yet for no items", async () => {
  const svg = await render(<BarList title="Dead letters by code" items={[]} />);
  assertWellFormedSvg(svg);
  assert.ok(svg.includes("No data yet"));
});
