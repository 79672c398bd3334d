// The YAML editor: problems as you type (after the debounce), the highlighted layer aligned
// with the textarea, the gallery's printed and corrected examples, and nothing typed is lost.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, fixture, mounted, open as openPage, until, VIRTUAL_TIMEOUT } from "./browser.mjs";

const DEBOUNCE_MS = 300;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: typed
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - containerPort: 80
`;

async function open(browser, url, options = {}) {
  const opened = await openPage(browser, { url, ...options });
  return { ...opened, editor: opened.page.getByRole("textbox", { name: "YAML editor" }) };
}

/** Puts the caret at `column` (0-based) of `line` (1-based). */
async function caretAt(editor, line, column) {
  await editor.evaluate(
    (el, [line, column]) => {
      const lines = el.value.split("\n");
      const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column;
      el.focus();
      el.setSelectionRange(offset, offset);
    },
    [line, column],
  );
}

/**
 * Where the textarea draws the character at `column` of `line` (from its font, padding and
 * scroll), and where the highlighted layer drew that line and its token starting there.
 */
async function positions(page, line, column) {
  return page.evaluate(
    ([line, column]) => {
      const ta = document.querySelector(".pf-editor__text");
      const style = getComputedStyle(ta);
      const canvas = document.createElement("canvas").getContext("2d");
      canvas.font = style.font;
      const charWidth = canvas.measureText("x").width;
      const box = ta.getBoundingClientRect();
      // Presentation mode zooms the app: the box is in screen pixels, the rest in CSS pixels.
      const zoom = ta.currentCSSZoom ?? 1;
      const px = (v) => parseFloat(v) * zoom;
      const expected = {
        top: box.top + px(style.borderTopWidth) + px(style.paddingTop) + (line - 1) * px(style.lineHeight) - ta.scrollTop * zoom,
        left: box.left + px(style.borderLeftWidth) + px(style.paddingLeft) + column * charWidth * zoom - ta.scrollLeft * zoom,
      };
      const row = document.querySelectorAll(".pf-code__line")[line - 1];
      let x = 0;
      let token = null;
      for (const span of row.children) {
        if (x === column) token = span;
        x += span.textContent.length;
      }
      const gutter = document.querySelectorAll(".pf-editor__ln")[line - 1].getBoundingClientRect();
      return {
        expected,
        row: row.getBoundingClientRect().top,
        token: token?.getBoundingClientRect().left,
        tokenText: token?.textContent,
        gutter: gutter.top,
      };
    },
    [line, column],
  );
}

describe("YAML editor", () => {
  const f = fixture();

  test("a wrong field typed shows the API server's error at its line after the debounce", async () => {
    const { ctx, page, problems, editor } = await open(f.browser, f.site.url);
    await editor.fill(POD);
    await page.locator(".pf-editor__ok").waitFor();
    await caretAt(editor, 8, "    image".length);
    const typedAt = await page.evaluate(() => performance.now());
    await page.keyboard.type("e");
    const item = page.locator(".pf-editor__problems li", { hasText: 'unknown field "spec.containers[0].imagee"' });
    await item.waitFor();
    const shownAt = await page.evaluate(() => performance.now());
    assert.ok(shownAt - typedAt >= DEBOUNCE_MS - 20, `shown after ${shownAt - typedAt} ms`);
    assert.match(await item.textContent(), /^Line 8: Pod in version "v1" cannot be handled as a Pod: strict decoding error/);
    assert.equal(await page.locator(".pf-editor__ln").nth(7).getAttribute("class"), "pf-editor__ln pf-editor__ln--bad");
    assert.match(await page.locator(".pf-code__line").nth(7).getAttribute("class"), /pf-code__line--bad/);
    assert.equal(await page.locator(".pf-editor__ln--bad").count(), 1);
    // Clicking the problem selects its line in the textarea.
    await item.getByRole("button").click();
    const selected = await editor.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
    assert.equal(selected, "    imagee: nginx");
    await page.screenshot({ path: ARTIFACTS + "editor-typed-error.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("Tab indents by two spaces and Enter keeps the indentation", async () => {
    const { ctx, page, editor } = await open(f.browser, f.site.url);
    await editor.fill("spec:");
    await caretAt(editor, 1, 5);
    await page.keyboard.press("Enter");
    await page.keyboard.type("containers:");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    assert.equal(await editor.inputValue(), "spec:\n  containers:\n      ");
    // The edits go through the browser's own undo history.
    await page.keyboard.press("Control+z");
    assert.equal(await editor.inputValue(), "spec:\n  containers:\n    ");
    await page.keyboard.type("- name: web");
    assert.equal(await editor.inputValue(), "spec:\n  containers:\n    - name: web");
    // Esc, then Tab, leaves the editor (no keyboard trap).
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    assert.equal(await editor.evaluate((el) => el === document.activeElement), false);
    assert.equal(await editor.inputValue(), "spec:\n  containers:\n    - name: web");
    await ctx.close();
  });

  test("the highlighted layer stays aligned with the textarea, scrolled or not", async () => {
    const { ctx, page, problems, editor } = await open(f.browser, f.site.url);
    const long = `  key40: "${"x".repeat(60)}" # tail`;
    const lines = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: long", "data:"];
    for (let i = 0; i < 70; i++) lines.push(i === 40 ? long : `  key${i}: "value ${i}" # 注释 ${i}`);
    await editor.fill(lines.join("\n"));
    for (const [line, column] of [[1, 0], [2, 6], [30, 2]]) {
      const p = await positions(page, line, column);
      assert.ok(Math.abs(p.row - p.expected.top) < 0.5, `line ${line}: ${JSON.stringify(p)}`);
      assert.ok(Math.abs(p.gutter - p.expected.top) < 0.5, `gutter ${line}: ${JSON.stringify(p)}`);
      assert.ok(Math.abs(p.token - p.expected.left) < 0.5, `column ${column}: ${JSON.stringify(p)}`);
    }
    await editor.evaluate((el) => {
      el.scrollTop = 500;
      el.scrollLeft = 400;
    });
    await page.waitForFunction(() => {
      const inner = document.querySelector(".pf-code__hl-inner");
      return inner && inner.style.transform.includes("-500px");
    });
    const p = await positions(page, 46, 72);
    assert.equal(p.tokenText, "# tail");
    assert.ok(Math.abs(p.row - p.expected.top) < 0.5, JSON.stringify(p));
    assert.ok(Math.abs(p.gutter - p.expected.top) < 0.5, JSON.stringify(p));
    assert.ok(Math.abs(p.token - p.expected.left) < 0.5, JSON.stringify(p));
    await page.screenshot({ path: ARTIFACTS + "editor-scrolled-alignment.png" });
    // Presentation mode (larger type through CSS zoom) keeps the layers together.
    await page.getByRole("button", { name: "Presentation mode" }).click();
    await page.waitForFunction(() => document.documentElement.classList.contains("pf-present"));
    await editor.evaluate((el) => {
      el.scrollTop = 300;
      el.scrollLeft = 0;
    });
    await page.waitForFunction(() => document.querySelector(".pf-code__hl-inner")?.style.transform.includes("-300px"));
    for (const [line, column] of [[20, 2], [25, 9]]) {
      const z = await positions(page, line, column);
      assert.ok(Math.abs(z.row - z.expected.top) < 0.75, `present, line ${line}: ${JSON.stringify(z)}`);
      assert.ok(Math.abs(z.token - z.expected.left) < 0.75, `present, column ${column}: ${JSON.stringify(z)}`);
    }
    await page.screenshot({ path: ARTIFACTS + "editor-presentation-alignment.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("the toleration as printed shows its real error; the corrected one applies and runs", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url);
    const menu = page.getByRole("combobox", { name: "Examples" });
    await menu.selectOption("mistake-toleration-indent.yaml");
    const first = page.locator(".pf-editor__problems li").first();
    await first.waitFor();
    assert.match(
      await first.textContent(),
      /^Line 12: Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.effect", unknown field "spec.operator", unknown field "spec.value"/,
    );
    const bad = await page.locator(".pf-editor__ln--bad").allTextContents();
    assert.deepEqual(bad, ["10", "11", "12"]);
    await page.locator(".pf-editor__about", { hasText: "as printed" }).waitFor();
    await page.getByRole("button", { name: "Apply" }).click();
    await page.locator(".pf-editor__result--error", { hasText: "Error from server (BadRequest)" }).waitFor();
    await page.screenshot({ path: ARTIFACTS + "editor-toleration-printed.png" });

    await menu.selectOption("toleration-env-dev.yaml");
    await page.locator(".pf-editor__ok").waitFor();
    assert.equal(await page.locator(".pf-editor__kept").count(), 0, "an untouched example is not kept");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.locator(".pf-editor__result", { hasText: "pod/tolerant created" }).waitFor();
    await page.locator('.pf-pod[data-pod="tolerant"][data-status="Running"]').waitFor({ timeout: VIRTUAL_TIMEOUT });
    await page.screenshot({ path: ARTIFACTS + "editor-toleration-corrected.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("an example never loses the learner's text, and problems name their document", async () => {
    const { ctx, page, problems, editor } = await open(f.browser, f.site.url);
    const mine = `${POD}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: typed\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPrt: 80\n`;
    await editor.fill(mine);
    const item = page.locator(".pf-editor__problems li").first();
    await item.waitFor();
    assert.match(await item.textContent(), /^Document 2 · Line 21: .*unknown field "spec.ports\[0\].targetPrt"/);
    await page.getByRole("combobox", { name: "Examples" }).selectOption("web-service.yaml");
    await page.locator(".pf-editor__kept").waitFor();
    await page.screenshot({ path: ARTIFACTS + "editor-kept-offer.png" });
    await page.getByRole("button", { name: "Swap back" }).click();
    await until(() => editor.inputValue(), (v) => v === mine, 10_000, "the learner's text back in the editor");
    await page.reload();
    await mounted(page);
    assert.equal(await editor.inputValue(), mine);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("the editor fits and reads at 1920x1080 in Chinese", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url, { viewport: { width: 1920, height: 1080 }, locale: "zh-CN" });
    await page.getByRole("combobox", { name: "示例" }).selectOption("mistake-liveness-args-indent.yaml");
    const item = page.locator(".pf-editor__problems li").first();
    await item.waitFor();
    assert.match(await item.textContent(), /^行 12: error converting YAML to JSON: yaml: line 11: did not find expected key/);
    await page.locator(".pf-editor__why").waitFor();
    await page.screenshot({ path: ARTIFACTS + "editor-zh-liveness-printed.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
