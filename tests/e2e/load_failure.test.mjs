// When the wasm cannot be downloaded the page says so instead of staying blank.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { launch } from "./browser.mjs";
import { DIST_DIR, serveDist } from "./server.mjs";

const DIST = DIST_DIR;

let browser;
let site;

before(async () => {
  browser = await launch();
  site = await serveDist(DIST, "/podflow/");
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test("shows the error panel when the wasm fails to load", async () => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.route("**/*.wasm", (route) => route.abort("connectionrefused"));
  await page.goto(site.url);
  const panel = page.getByRole("alert");
  await panel.waitFor({ state: "visible", timeout: 30_000 });
  assert.match(await panel.textContent(), /Podflow failed to load/);
  assert.equal(await page.locator(".pf-app").count(), 0);
  assert.equal(await page.locator("#pf-loading").isVisible(), false);
  await context.close();
});
