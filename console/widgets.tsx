/**
 * The small pieces the console's pages share: a state badge, a list of facts, a
 * pager, a number with its caption. Each is markup only; the data comes from the page.
 *
 * @module
 */
import type { Child } from "hono/jsx";

/** A state or outcome as a badge; known ones are coloured by the stylesheet. */
export function Badge(props: { value: string | null | undefined }) {
  if (props.value === null || props.value === undefined) return <span class="muted">–</span>;
  return <span class={`state ${props.value}`}>{props.value}</span>;
}

/** Labelled values, in the given order; absent ones are left out. */
export function Facts(props: { items: [string, Child][] }) {
  return (
    <dl class="facts">
      {props.items.filter(([, value]) => value !== undefined && value !== null).map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

/** A headline number with its caption. */
export function Kpi(props: { label: string; value: Child }) {
  return (
    <div class="kpi">
      <b>{props.value}</b>
      <span>{props.label}</span>
    </div>
  );
}

/** Links to the first and next page, when there is one. */
export function Pager(props: { first: string; next: string | null; onFirst: boolean }) {
  return (
    <nav class="pager" aria-label="pages">
      {!props.onFirst && <a href={props.first}>« first page</a>}
      {props.next && <a href={props.next} rel="next">next page »</a>}
    </nav>
  );
}

/** A record's `{ label: n }` counts as bar-list items, the largest first. */
export function countItems(counts: Record<string, number>, href?: (label: string) => string) {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([label, value]) => ({ label, value, ...(href && { href: href(label) }) }));
}
