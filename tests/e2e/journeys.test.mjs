// The visualizer's journeys on the release build: what a learner does, and what the engine shows.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launch, watch } from "./browser.mjs";
import { DIST_DIR, serveDist } from "./server.mjs";

const DIST = DIST_DIR;
const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));

async function open(browser, url, context) {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "en-US" }));
  const page = await ctx.newPage();
  const problems = watch(page, new URL(url).origin);
  await page.goto(url, { waitUntil: "load" });
  await page.getByRole("heading", { name: "Podflow", level: 1 }).waitFor();
  return { ctx, page, problems };
}

/** Runs a kubectl line in the terminal panel. */
async function kubectl(page, line) {
  const input = page.getByRole("textbox", { name: "kubectl command" });
  await input.fill(line);
  await input.press("Enter");
}

describe("journeys", () => {
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

  test("applying the nginx pod goes through the control plane and ends Running on a worker", async () => {
    const { ctx, page, problems } = await open(browser, site.url);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.locator(".pf-editor__result", { hasText: "pod/nginx created" }).waitFor();
    const routes = await page.locator(".pf-message__route").allTextContents();
    const seen = routes.join("\n");
    assert.match(seen, /kube-apiserver/);
    const pod = page.locator('.pf-node .pf-pod[data-pod="nginx"][data-status="Running"]');
    await pod.waitFor({ timeout: 30000 });
    const node = await pod.locator("xpath=ancestor::article").getAttribute("data-node");
    assert.notEqual(node, "k8s-master");
    await kubectl(page, "kubectl get pods -o wide");
    await page.locator(".pf-terminal__out", { hasText: "Running" }).waitFor();
    await page.screenshot({ path: ARTIFACTS + "journey-nginx-running.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("the trace shows the create path in order: apiserver, etcd, scheduler bind, kubelet", async () => {
    const { ctx, page, problems } = await open(browser, site.url);
    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByRole("button", { name: "Apply" }).click();
    await page.locator(".pf-editor__result", { hasText: "pod/nginx created" }).waitFor();
    const routes = [];
    for (let i = 0; i < 40; i++) {
      await page.getByRole("button", { name: "Next event" }).click();
      routes.push(await page.locator(".pf-message__route").first().textContent());
    }
    const all = (await page.locator(".pf-message__route").allTextContents()).concat(routes).join("\n");
    assert.match(all, /kube-scheduler → kube-apiserver/);
    assert.match(all, /kube-apiserver → kubelet@k8s-node-\d/);
    await page.screenshot({ path: ARTIFACTS + "journey-stepping.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("a Pod under apps/v1 shows the real error at its line", async () => {
    const { ctx, page, problems } = await open(browser, site.url);
    await page.getByRole("combobox").first().selectOption("mistake-apps-v1-pod.yaml");
    const problem = page.locator(".pf-editor__problems li").first();
    await problem.waitFor();
    assert.match(await problem.textContent(), /no matches for kind "Pod" in version "apps\/v1"/);
    assert.equal(await page.locator(".pf-editor__ln--bad").count() > 0, true);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.locator(".pf-editor__result", { hasText: "resource mapping not found" }).waitFor();
    await page.screenshot({ path: ARTIFACTS + "journey-apps-v1-error.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("a reload keeps the editor's text", async () => {
    const { ctx, page } = await open(browser, site.url);
    const editor = page.getByRole("textbox", { name: "YAML editor" });
    await editor.fill("# my notes\napiVersion: v1\nkind: Pod\n");
    await page.reload();
    await page.getByRole("heading", { name: "Podflow", level: 1 }).waitFor();
    assert.equal(await page.getByRole("textbox", { name: "YAML editor" }).inputValue(), "# my notes\napiVersion: v1\nkind: Pod\n");
    await ctx.close();
  });
});
