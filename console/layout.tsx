/**
 * The page every console view sits in: the head (our one stylesheet and script, no
 * inline code: the CSP forbids it), the navigation, and the outcome of the last action
 * (post/redirect/get carries it in the query).
 *
 * @module
 */
import type { Child } from "hono/jsx";

/** What a page puts in the shell. */
export interface PageProps {
  title: string;
  /** The navigation entry to highlight. */
  section?: Section;
  /** Live updates: the state-change stream to listen on; the page re-reads its `data-live` parts on each change. */
  live?: string;
  /** The outcome of the action that led here. */
  notice?: Notice | undefined;
  children?: Child;
}

/** An action's outcome as the redirect carries it. */
export interface Notice {
  ok: boolean;
  text: string;
}

type Section = "overview" | "trajectories" | "memory" | "datasets" | "jobs" | "models";

const sections: [Section, string, string][] = [
  ["overview", "/", "Overview"],
  ["trajectories", "/trajectories", "Trajectories"],
  ["memory", "/memory", "Memory"],
  ["datasets", "/datasets", "Training data"],
  ["jobs", "/jobs", "Jobs"],
  ["models", "/models", "Models"],
];

export function Page(props: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · ATLAS</title>
        <link rel="stylesheet" href="/assets/console.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <script src="/assets/console.js" defer></script>
      </head>
      <body data-stream={props.live}>
        <header class="bar">
          <a class="brand" href="/">ATLAS</a>
          <nav>
            {sections.map(([key, href, label]) => (
              <a href={href} aria-current={props.section === key ? "page" : undefined}>{label}</a>
            ))}
          </nav>
          <span class="live-dot" hidden={props.live === undefined} title="live: updates as trajectories change">
            live
          </span>
          <form method="post" action="/logout" class="logout">
            <button type="submit">Log out</button>
          </form>
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.notice && (
            <p class={props.notice.ok ? "notice ok" : "notice error"} role="status">{props.notice.text}</p>
          )}
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A notice from the query a redirect after an action set (`?done=` or `?failed=`). */
export function noticeOf(query: Record<string, string>): Notice | undefined {
  if (query.done) return { ok: true, text: query.done };
  if (query.failed) return { ok: false, text: query.failed };
  return undefined;
}
