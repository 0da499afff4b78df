/**
 * `GET /docs`: the interactive API reference, Swagger UI over `/openapi.json`. Its
 * files come from the `swagger-ui-dist` package in `node_modules` (no CDN, no build
 * step), read on first use and kept. The page runs no inline script, so a strict
 * Content-Security-Policy (everything from this origin) holds; Swagger UI sets style
 * attributes and inlines its icons, hence `'unsafe-inline'` styles and `data:` images.
 *
 * @module
 */
import { Hono } from "hono";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/** The package's files the page uses, with their types. Nothing else of node_modules is served. */
const assets: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui.css.map": "application/json",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-bundle.js.map": "application/json",
  "favicon-32x32.png": "image/png",
  "favicon-16x16.png": "image/png",
};

// Relative links, so the page works behind a proxy that mounts the API under a prefix.
const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>ATLAS API reference</title>
  <link rel="stylesheet" href="docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="docs/swagger-ui-bundle.js"></script>
  <script src="docs/init.js"></script>
</body>
</html>
`;

/** What swagger-ui-dist's own `swagger-initializer.js` does, pointed at this API's document. */
const initializer = `window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: new URL("openapi.json", document.baseURI).href,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
`;

export function docsRoutes(): Hono {
  const files = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  const read = (name: string) => {
    let file = files.get(name);
    if (!file) {
      file = Deno.readFile(join(packageDir(), name));
      // A failed read is not kept: the next request tries again.
      file.catch(() => files.delete(name));
      files.set(name, file);
    }
    return file;
  };
  return new Hono()
    .get("/docs", (c) => c.html(page, 200, { "Content-Security-Policy": policy }))
    .get("/docs/init.js", (c) => c.body(initializer, 200, { "Content-Type": "text/javascript; charset=utf-8" }))
    .get("/docs/:file", async (c) => {
      const name = c.req.param("file");
      const type = assets[name];
      if (type === undefined) return c.notFound();
      return c.body(await read(name), 200, { "Content-Type": type, "Cache-Control": "public, max-age=86400" });
    });
}

/** The installed package's directory, as Node's resolution finds it (through the node_modules link). */
function packageDir(): string {
  return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
}
