/**
 * `GET /login`, `POST /login`, `/logout`: a browser cannot send a bearer header from a
 * link or an EventSource, so the console keeps the token in a cookie: HttpOnly (no
 * script reads it), SameSite=Strict (no other site sends it), Path=/, Secure over
 * https. The token is checked before it is set; `http/middleware/auth.ts` then takes
 * the cookie as it takes the header.
 *
 * @module
 */
import { type Context, Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { AtlasError } from "../errors.ts";
import { loginPath, tokenCookie, tokenKind, type Tokens } from "../http/middleware/auth.ts";
import { originOf } from "../http/middleware/same_origin.ts";

/** How long a browser keeps the token: a working day. */
const maxAgeSeconds = 12 * 60 * 60;

export function loginRoutes(tokens: Tokens): Hono {
  return new Hono()
    .get(loginPath, (c) => c.html(<LoginPage next={nextOf(c.req.query("next"))} open={tokens.api === undefined} />))
    .post(loginPath, async (c) => {
      // A forged login would sign the victim in as the attacker: only our own form may post here.
      if (originOf(c) === "cross") throw new AtlasError("E7505", "the login form must be posted from this console");
      const form = await c.req.parseBody();
      const token = typeof form.token === "string" ? form.token.trim() : "";
      const next = nextOf(typeof form.next === "string" ? form.next : undefined);
      const kind = token === "" ? undefined : await tokenKind(tokens, token);
      if (kind === undefined) {
        return c.html(<LoginPage next={next} open={tokens.api === undefined} refused />, 401);
      }
      setCookie(c, tokenCookie, token, {
        httpOnly: true,
        sameSite: "Strict",
        path: "/",
        secure: isHttps(c),
        maxAge: maxAgeSeconds,
      });
      return c.redirect(next, 303);
    })
    .on(["GET", "POST"], "/logout", (c) => {
      deleteCookie(c, tokenCookie, { path: "/", secure: isHttps(c) });
      return c.redirect(loginPath, 303);
    });
}

function LoginPage(props: { next: string; open: boolean; refused?: boolean }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Log in · ATLAS</title>
        <link rel="stylesheet" href="/assets/console.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <main class="login card">
          <h1>ATLAS console</h1>
          {props.open
            ? (
              <p>
                No token is configured: the console is open. <a href="/">Go to the overview</a>.
              </p>
            )
            : (
              <form method="post" action={loginPath}>
                {props.refused && <p class="notice error" role="alert">E7501: that token is not valid here.</p>}
                <label for="token">API token (ATLAS_API_TOKEN) or read token (ATLAS_READ_TOKEN)</label>
                <input id="token" name="token" type="password" autocomplete="current-password" required autofocus />
                <input type="hidden" name="next" value={props.next} />
                <button type="submit">Log in</button>
              </form>
            )}
        </main>
      </body>
    </html>
  );
}

/** Where to go after logging in: a console path only, never another site (`//evil`, `/\evil`). */
function nextOf(next: string | undefined): string {
  return next !== undefined && /^\/(?![/\\])/.test(next) && !next.startsWith(loginPath) ? next : "/";
}

/** Over TLS, directly or through a proxy that says so. */
function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === "https:" || c.req.header("X-Forwarded-Proto") === "https";
}
