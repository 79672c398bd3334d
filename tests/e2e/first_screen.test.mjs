// The first screen of the release build, served from a sub-path and from the root.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launch, watch } from "./browser.mjs";
import { DIST_DIR, serveDist } from "./server.mjs";

const DIST = DIST_DIR;
const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
const REGIONS = ["YAML editor", "Cluster", "Inspector", "Terminal"];
const CONTROL_PLANE = ["kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager"];

/** Opens `url` in a fresh English-speaking context and waits for the app to mount. */
async function open(browser, url, viewport = { width: 1280, height: 720 }) {
  const context = await browser.newContext({ viewport, locale: "en-US" });
  const page = await context.newPage();
  const problems = watch(page, new URL(url).origin);
  await page.goto(url, { waitUntil: "load" });
  await page.getByRole("heading", { name: "Podflow", level: 1 }).waitFor();
  return { context, page, problems };
}

describe("first screen", () => {
  let browser;
  let site;

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launch();
    site = await serveDist(DIST, "/podflow/");
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test("shows the frame under /podflow/", async () => {
    const { context, page, problems } = await open(browser, site.url);
    for (const name of REGIONS) {
      await page.getByRole("region", { name, exact: true }).waitFor();
    }
    const components = page.locator(".pf-component__name");
    assert.deepEqual(await components.allTextContents(), CONTROL_PLANE);
    await page.getByRole("toolbar", { name: "Timeline" }).waitFor();
    assert.equal(await page.locator("#pf-error").isVisible(), false);
    assert.equal(await page.locator("#pf-loading").isVisible(), false);
    await page.screenshot({ path: ARTIFACTS + "first-screen-1280x720.png", animations: "disabled" });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("switches to Chinese and remembers it", async () => {
    const { context, page, problems } = await open(browser, site.url);
    const chinese = page.getByRole("button", { name: "简体中文" });
    await chinese.click();
    await page.getByRole("region", { name: "集群", exact: true }).waitFor();
    await page.getByRole("region", { name: "终端", exact: true }).waitFor();
    assert.equal(await chinese.getAttribute("aria-pressed"), "true");
    assert.equal(await page.locator("html").getAttribute("lang"), "zh-CN");
    await page.screenshot({ path: ARTIFACTS + "first-screen-zh-CN-1280x720.png", animations: "disabled" });

    await page.reload();
    await page.getByRole("region", { name: "集群", exact: true }).waitFor();
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("region", { name: "Cluster", exact: true }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("fits a 1920x1080 screen", async () => {
    const viewport = { width: 1920, height: 1080 };
    const { context, page, problems } = await open(browser, site.url, viewport);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `page is ${width}px wide`);
    await page.screenshot({ path: ARTIFACTS + "first-screen-1920x1080.png", animations: "disabled" });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("works from the root path too", async () => {
    const root = await serveDist(DIST, "/");
    try {
      const { context, page, problems } = await open(browser, root.url);
      await page.getByRole("region", { name: "Cluster", exact: true }).waitFor();
      assert.deepEqual(problems, []);
      await context.close();
    } finally {
      await root.close();
    }
  });
});
