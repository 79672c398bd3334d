// The "What is simplified" dialog in the header: opened with the keyboard, its lists in English
// and Chinese, Escape closes it and gives focus back to its button, and it fits 1280x720.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, fixture, focused, open } from "./browser.mjs";

const LANGS = {
  en: {
    locale: "en-US",
    button: "What is simplified",
    title: "What is real, what is simplified",
    faithful: "Faithful to Kubernetes",
    simplified: "Simplified",
    items: [
      "kube-scheduler runs the default filter and score plugins",
      "kube-system has no pods",
      "No cluster DNS",
      "Metrics API is not available",
      "Time is virtual",
    ],
  },
  "zh-CN": {
    locale: "zh-CN",
    button: "简化说明",
    title: "哪些是真实的，哪些是简化的",
    faithful: "与 Kubernetes 一致",
    simplified: "简化之处",
    items: [
      "kube-scheduler 运行默认的过滤（Filter）和打分（Score）插件",
      "kube-system 中没有 Pod",
      "没有集群 DNS",
      "Metrics API 不可用",
      "时间是虚拟的",
    ],
  },
};

/** Opens the dialog from its header button with the keyboard; returns the button and dialog. */
async function openWithKeyboard(page, t) {
  const button = page.getByRole("button", { name: t.button, exact: true });
  await button.focus();
  await focused(page, button);
  assert.equal(await button.getAttribute("aria-haspopup"), "dialog");
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: t.title });
  await dialog.waitFor();
  // The browser moves focus into a modal dialog: its first control, the close button.
  await page.waitForFunction(() => document.querySelector("#pf-fidelity")?.contains(document.activeElement));
  return { button, dialog };
}

describe("what is simplified", () => {
  const f = fixture();

  for (const [lang, t] of Object.entries(LANGS)) {
    test(`lists what is real and what is simplified (${lang})`, async () => {
      const { ctx, page, problems } = await open(f.browser, { url: f.site.url, locale: t.locale });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 1280, `the page with the extra header button is ${width}px wide`);

      const { button, dialog } = await openWithKeyboard(page, t);
      await dialog.getByRole("heading", { name: t.faithful, exact: true }).waitFor();
      await dialog.getByRole("heading", { name: t.simplified, exact: true }).waitFor();
      assert.match(await dialog.locator(".pf-fidelity__intro").textContent(), /Kubernetes v1\.36/);
      for (const item of t.items) {
        await dialog.locator("li", { hasText: item }).first().waitFor();
      }
      const faithful = await dialog.locator(".pf-fidelity__list--faithful > li").count();
      const simplified = await dialog.locator(".pf-fidelity__list--simplified > li").count();
      assert.ok(faithful >= 5, `${faithful} faithful items`);
      assert.ok(simplified >= 10, `${simplified} simplified items`);
      // Commands are set apart as code, and inserted as text (no stray backticks).
      assert.ok((await dialog.locator("code").count()) > 0, "no command shown as code");
      assert.ok(!(await dialog.textContent()).includes("`"), "a backtick is shown");

      const box = await dialog.boundingBox();
      assert.ok(box.x >= 0 && box.y >= 0, `the dialog starts at ${box.x},${box.y}`);
      assert.ok(box.x + box.width <= 1280 && box.y + box.height <= 720, `the dialog overflows: ${JSON.stringify(box)}`);
      await page.screenshot({ path: ARTIFACTS + `fidelity-${lang}-1280x720.png`, animations: "disabled" });
      // The list is longer than the screen: its body scrolls to the last group.
      await dialog.locator(".pf-fidelity__group").last().scrollIntoViewIfNeeded();
      await page.waitForFunction(() => {
        const body = document.querySelector("#pf-fidelity .pf-modal__body");
        return body.scrollTop > 0 && body.scrollTop + body.clientHeight >= body.scrollHeight - 2;
      });
      await page.screenshot({ path: ARTIFACTS + `fidelity-${lang}-1280x720-end.png`, animations: "disabled" });

      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      await focused(page, button);
      assert.deepEqual(problems, []);
      await ctx.close();
    });
  }

  test("fits the screen in presentation mode", async () => {
    for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
      const { ctx, page, problems } = await open(f.browser, { url: f.site.url, viewport });
      await page.getByRole("button", { name: "Presentation mode" }).click();
      await page.locator("html.pf-present").waitFor({ state: "attached" });
      const { dialog } = await openWithKeyboard(page, LANGS.en);
      const box = await dialog.boundingBox();
      const fits = box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height;
      assert.ok(fits, `at ${viewport.width}x${viewport.height} the dialog is ${JSON.stringify(box)}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= viewport.width, `the page is ${width}px wide`);
      await page.screenshot({ path: ARTIFACTS + `fidelity-presentation-${viewport.width}x${viewport.height}.png`, animations: "disabled" });
      assert.deepEqual(problems, []);
      await ctx.close();
    }
  });

  test("the close button closes it too, and it opens again", async () => {
    const { ctx, page, problems } = await open(f.browser, { url: f.site.url });
    const { button, dialog } = await openWithKeyboard(page, LANGS.en);
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "hidden" });
    await focused(page, button);
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
