// The first screen of the release build, served from a sub-path and from the root.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, fixture, open } from "./browser.mjs";
import { DIST_DIR, serveDist } from "./server.mjs";

const REGIONS = ["YAML editor", "Cluster", "Inspector", "Terminal"];
const CONTROL_PLANE = ["kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager"];

describe("first screen", () => {
  const f = fixture();

  test("shows the frame under /podflow/", async () => {
    const { ctx, page, problems } = await open(f.browser, { url: f.site.url });
    for (const name of REGIONS) {
      await page.getByRole("region", { name, exact: true }).waitFor();
    }
    const components = page.locator(".pf-component__name");
    await components.nth(CONTROL_PLANE.length - 1).waitFor();
    assert.deepEqual(await components.allTextContents(), CONTROL_PLANE);
    await page.getByRole("toolbar", { name: "Timeline" }).waitFor();
    assert.equal(await page.locator("#pf-error").isVisible(), false);
    assert.equal(await page.locator("#pf-loading").isVisible(), false);
    await page.screenshot({ path: ARTIFACTS + "first-screen-1280x720.png", animations: "disabled" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("switches to Chinese and remembers it", async () => {
    const { ctx, page, problems } = await open(f.browser, { url: f.site.url });
    const chinese = page.getByRole("button", { name: "简体中文" });
    await chinese.click();
    await page.getByRole("region", { name: "集群", exact: true }).waitFor();
    await page.getByRole("region", { name: "终端", exact: true }).waitFor();
    await page.locator('html[lang="zh-CN"]').waitFor({ state: "attached" });
    assert.equal(await chinese.getAttribute("aria-pressed"), "true");
    await page.screenshot({ path: ARTIFACTS + "first-screen-zh-CN-1280x720.png", animations: "disabled" });

    await page.reload();
    await page.getByRole("region", { name: "集群", exact: true }).waitFor();
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("region", { name: "Cluster", exact: true }).waitFor();
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("fits a 1920x1080 screen", async () => {
    const viewport = { width: 1920, height: 1080 };
    const { ctx, page, problems } = await open(f.browser, { url: f.site.url, viewport });
    await page.getByRole("region", { name: "Cluster", exact: true }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `page is ${width}px wide`);
    await page.screenshot({ path: ARTIFACTS + "first-screen-1920x1080.png", animations: "disabled" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("works from the root path too", async () => {
    const root = await serveDist(DIST_DIR, "/");
    try {
      const { ctx, page, problems } = await open(f.browser, { url: root.url });
      await page.getByRole("region", { name: "Cluster", exact: true }).waitFor();
      assert.deepEqual(problems, []);
      await ctx.close();
    } finally {
      await root.close();
    }
  });
});
