/**
 * The console's own static files: one stylesheet (ours, then the charts'), one script,
 * an icon. Read once, on first request (nothing is read at import), and served with
 * an ETag so a browser revalidates rather than refetches.
 *
 * @module
 */
import { Hono } from "hono";
import { chartStyles } from "./charts/styles.ts";

const folder = new URL("./assets/", import.meta.url);

const files: Record<string, { type: string; read: () => Promise<string> }> = {
  "console.css": {
    type: "text/css; charset=utf-8",
    read: async () => `${await Deno.readTextFile(new URL("console.css", folder))}\n${chartStyles}\n`,
  },
  "console.js": {
    type: "text/javascript; charset=utf-8",
    read: () => Deno.readTextFile(new URL("console.js", folder)),
  },
  "favicon.svg": {
    type: "image/svg+xml",
    read: () => Deno.readTextFile(new URL("favicon.svg", folder)),
  },
};

/** `GET /assets/:file`. */
export function assetRoutes(): Hono {
  const loaded = new Map<string, Promise<{ body: string; etag: string }>>();
  const load = (name: string) => {
    let file = loaded.get(name);
    if (!file) {
      file = files[name]!.read().then(async (body) => ({ body, etag: `"${await digest(body)}"` }));
      loaded.set(name, file);
    }
    return file;
  };
  return new Hono().get("/assets/:file", async (c, next) => {
    const name = c.req.param("file");
    const file = files[name];
    if (!file) return next();
    const { body, etag } = await load(name);
    c.header("ETag", etag);
    c.header("Cache-Control", "no-cache");
    if (c.req.header("If-None-Match") === etag) return c.body(null, 304);
    return c.body(body, 200, { "Content-Type": file.type });
  });
}

async function digest(text: string): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(hash.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}
