// A tiny static file server for dist/, bound to 127.0.0.1, serving the site under a prefix
// (for example /podflow/) the way a static host serves a project page.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".yaml": "text/yaml; charset=utf-8",
};

/**
 * Serves `root` under `prefix` (which starts and ends with "/") on an ephemeral port.
 * Resolves to { origin, url, close } where url is the site's address.
 */
export async function serveDist(root, prefix = "/") {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    if (path + "/" === prefix) {
      response.writeHead(301, { location: prefix }).end();
      return;
    }
    if (!path.startsWith(prefix)) {
      response.writeHead(404).end("not found");
      return;
    }
    let relative = path.slice(prefix.length) || "index.html";
    if (relative.endsWith("/")) relative += "index.html";
    const file = normalize(join(base, relative));
    if (file !== base && !file.startsWith(base + sep)) {
      response.writeHead(403).end("forbidden");
      return;
    }
    try {
      const body = await readFile(file);
      const type = TYPES[extname(file)] ?? "application/octet-stream";
      response.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
    } catch {
      response.writeHead(404).end("not found");
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: origin + prefix,
    close: () => new Promise((done) => server.close(done)),
  };
}

/**
 * The built site the tests serve: dist/ by default, or $PODFLOW_DIST (an absolute path), so
 * several builds (say, one per engineer) can be tested side by side.
 */
export const DIST_DIR = process.env.PODFLOW_DIST
  ? resolve(process.env.PODFLOW_DIST)
  : resolve(new URL("../../dist/", import.meta.url).pathname);
