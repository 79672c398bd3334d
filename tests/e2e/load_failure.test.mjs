// When the wasm cannot be downloaded the page says so instead of staying blank.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fixture } from "./browser.mjs";

describe("load failure", () => {
  const f = fixture();

  test("shows the error panel when the wasm fails to load", async () => {
    const context = await f.browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.route("**/*.wasm", (route) => route.abort("connectionrefused"));
    await page.goto(f.site.url);
    const panel = page.getByRole("alert");
    await panel.waitFor({ state: "visible", timeout: 30_000 });
    assert.match(await panel.textContent(), /Podflow failed to load/);
    assert.equal(await page.locator(".pf-app").count(), 0);
    await page.locator("#pf-loading").waitFor({ state: "hidden" });
    await context.close();
  });
});
