// Sharing: a link (state in the URL fragment) and a session file both reopen the same state in
// a fresh browser profile: the same pods on the same nodes, the same editor text, the same
// lesson step and language. A damaged link says so and the app still starts.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { ARTIFACTS, fixture, open as openPage, pause, run, until, VIRTUAL_TIMEOUT } from "./browser.mjs";

const MARK = "# shared from the first browser";

const open = (browser, url) => openPage(browser, { url });

const editor = (page) => page.locator(".pf-panel--editor textarea").first();

/** Pod name → node name, as the stage shows them. */
async function placement(page) {
  return page.locator(".pf-node .pf-pod[data-pod]").evaluateAll((pods) =>
    Object.fromEntries(pods.map((p) => [p.dataset.pod, p.closest("[data-node]").dataset.node])),
  );
}

/** The lesson panel's step, title and the language of the page. */
async function lessonState(page) {
  const progress = page.locator(".pf-lesson__progress");
  return {
    step: await progress.getAttribute("data-step"),
    title: (await page.locator(".pf-lesson__title").textContent()).trim(),
    lang: await page.locator("html").getAttribute("lang"),
  };
}

/** Starts the first lesson, goes to step 2, applies its YAML, labels the pod, edits the editor. */
async function buildState(page) {
  await page.getByRole("button", { name: "Lessons", exact: true }).click();
  await page.locator(".pf-picker__item").first().getByRole("button", { name: "Start" }).click();
  await page.locator(".pf-lesson__nav").getByRole("button", { name: "Next" }).click();
  await page.locator('.pf-lesson__progress[data-step="2"]').waitFor();
  const put = page.locator(".pf-lesson__put");
  if (await put.count()) await put.first().click();
  else await editor(page).fill("apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n");
  await page.locator(".pf-panel--editor").getByRole("button", { name: "Apply", exact: true }).click();
  // Keep time running through the walkthrough's pauses until the pod is placed.
  const placed = page.locator('.pf-node .pf-pod[data-pod="nginx"]');
  await until(
    async () => {
      const cont = page.locator(".pf-pause__continue");
      if (await cont.isVisible()) await cont.click();
      return placed.count();
    },
    (n) => n > 0,
    VIRTUAL_TIMEOUT,
    "nginx on a node",
  );
  await run(page, "kubectl label pod nginx tier=web");
  await page.locator(".pf-terminal__out", { hasText: "pod/nginx labeled" }).waitFor();
  await editor(page).fill((await editor(page).inputValue()) + MARK + "\n");
  await page.getByRole("button", { name: "简体中文" }).click();
  await page.locator('html[lang="zh-CN"]').waitFor({ state: "attached" });
}

/** Opens the share dialog and waits for its link. */
async function shareLink(page) {
  await page.getByRole("button", { name: "分享" }).click();
  return until(() => page.locator(".pf-share__link").inputValue(), (v) => v.includes("#s="), 10_000, "the shared link");
}

describe("sharing", () => {
  const f = fixture();

  test("a copied link reopens the same state in a fresh profile", async () => {
    const a = await open(f.browser, f.site.url);
    await buildState(a.page);
    // Paused, so nothing moves between taking the link and reading the first page.
    await pause(a.page);
    const link = await shareLink(a.page);
    assert.match(link, /#s=[A-Za-z0-9_-]+$/);
    console.log(`shared link: ${link.length} characters`);
    await a.page.keyboard.press("Escape");
    await a.page.locator(".pf-share__link").waitFor({ state: "hidden" });
    const before = { pods: await placement(a.page), editor: await editor(a.page).inputValue(), lesson: await lessonState(a.page) };
    await a.page.screenshot({ path: ARTIFACTS + "share-before.png" });
    assert.ok(before.pods.nginx, "nginx is on a node before sharing");

    const b = await open(f.browser, link);
    await b.page.locator(".pf-notice", { hasText: "已打开分享的会话" }).waitFor();
    await b.page.locator('.pf-node .pf-pod[data-pod="nginx"]').waitFor();
    await b.page.locator(`.pf-lesson__progress[data-step="${before.lesson.step}"]`).waitFor();
    const after = { pods: await placement(b.page), editor: await editor(b.page).inputValue(), lesson: await lessonState(b.page) };
    await b.page.screenshot({ path: ARTIFACTS + "share-after.png" });
    assert.equal(after.pods.nginx, before.pods.nginx, "nginx on the same node");
    assert.deepEqual(after.pods, before.pods);
    assert.equal(after.editor, before.editor);
    assert.ok(after.editor.includes(MARK));
    assert.deepEqual(after.lesson, before.lesson);
    assert.equal(after.lesson.lang, "zh-CN");
    // The fragment is dropped once read, so a reload does not replay it over new work.
    await until(() => new URL(b.page.url()).hash, (h) => h === "", 10_000, "the fragment dropped");
    assert.deepEqual(a.problems, []);
    assert.deepEqual(b.problems, []);
    await a.ctx.close();
    await b.ctx.close();
  });

  test("a session file downloads and opens in a fresh profile", async () => {
    const a = await open(f.browser, f.site.url);
    await buildState(a.page);
    await a.page.getByRole("button", { name: "分享" }).click();
    const [download] = await Promise.all([
      a.page.waitForEvent("download"),
      a.page.getByRole("button", { name: "下载会话文件" }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.podflow\.json$/);
    const text = await readFile(await download.path(), "utf8");
    const saved = JSON.parse(text);
    assert.equal(saved.lesson.step, 1);
    assert.match(saved.script, /kubectl label pod nginx tier=web/);
    const pods = await placement(a.page);

    const b = await open(f.browser, f.site.url);
    await b.page.getByRole("button", { name: "Share" }).click();
    await b.page.locator(".pf-share__import input").setInputFiles({
      name: download.suggestedFilename(),
      mimeType: "application/json",
      buffer: Buffer.from(text),
    });
    await b.page.locator('.pf-node .pf-pod[data-pod="nginx"]').waitFor();
    await b.page.locator('.pf-lesson__progress[data-step="2"]').waitFor();
    assert.equal((await placement(b.page)).nginx, pods.nginx);
    await until(() => editor(b.page).inputValue(), (v) => v.includes(MARK), 10_000, "the shared editor text");
    assert.equal((await lessonState(b.page)).step, "2");
    assert.deepEqual(b.problems, []);
    await a.ctx.close();
    await b.ctx.close();
  });

  test("a damaged link says so and the app starts fresh", async () => {
    const a = await open(f.browser, f.site.url);
    await buildState(a.page);
    const link = await shareLink(a.page);
    await a.ctx.close();
    for (const bad of [link.slice(0, link.length - 25), f.site.url + "#s=not*base64", f.site.url + "#s=AAAA"]) {
      const b = await open(f.browser, bad);
      const notice = b.page.locator(".pf-notice--error");
      await notice.waitFor();
      assert.match(await notice.textContent(), /link|session/i);
      // The app works: the terminal answers.
      await run(b.page, "kubectl get nodes");
      await b.page.locator(".pf-terminal__out", { hasText: "k8s-node-1" }).waitFor();
      await b.page.screenshot({ path: ARTIFACTS + "share-damaged.png" });
      assert.deepEqual(b.problems, []);
      await b.ctx.close();
    }
  });
});
