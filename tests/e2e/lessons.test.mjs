// Every builtin lesson, followed in the browser as a learner would: start it from the picker,
// put each step's YAML in the editor and apply it, run its commands, continue through the
// walkthrough pauses, and wait until the panel shows the goal met; the last step leads to the
// closing summary. Data-driven: the lessons come from the picker the app renders, and each
// step's actions from the walkthrough panel, so a new lesson file is tested without editing
// this file. Also: progress in the picker, a sandbox, a teacher's malformed and good lessons.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, clock, fastest, fixture, open as openPage, waitForClock } from "./browser.mjs";

/** A teacher's one-step lesson. */
const MY_FIRST = [
  "id: my-first",
  "title: {en: My first lesson, zh-CN: 我的第一课}",
  "summary: {en: One step, zh-CN: 一步}",
  "steps:",
  "  - title: {en: Nodes, zh-CN: 节点}",
  "    narration: {en: List the nodes., zh-CN: 列出节点。}",
  "    run: kubectl get nodes",
  "    goal:",
  "      description: {en: Three nodes, zh-CN: 三个节点}",
  "      check:",
  "        - run: kubectl get nodes --no-headers",
  "          lines: 3",
  "closing: {en: Done., zh-CN: 完成。}",
].join("\n");
/** Wall-clock limit for one step's goal; the real limit is the goal's virtual time budget. */
const STEP_TIMEOUT_MS = 240000;

const open = (browser, url) => openPage(browser, { url });
/** Virtual seconds a learner reads a step's error before showing the fix (the native runner's READ_THE_ERROR). */
const READ_THE_ERROR_S = 20;

async function openPicker(page) {
  await page.getByRole("button", { name: "Lessons", exact: true }).click();
  await page.getByRole("dialog", { name: "Lessons" }).waitFor();
  await page.locator(".pf-picker__item").first().waitFor();
}

/**
 * Latches, in the page, every step whose goal showed met: the panel re-checks the goal as time
 * runs, and a goal that holds only for a moment (a status between two back-offs) must not be
 * missed between two polls of the test.
 */
async function latchGoals(page) {
  await page.evaluate(() => {
    window.pfMet = {};
    const look = () => {
      const step = document.querySelector(".pf-lesson__progress")?.dataset.step;
      if (step && document.querySelector('.pf-goal[data-goal="met"]')) window.pfMet[step] = true;
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-goal"] });
    look();
  });
}

/** Clicks Put in editor, then the editor's Apply, for each YAML block in `scope`. */
async function applyBlocks(page, scope) {
  const puts = scope.locator(":scope > .pf-lesson__block .pf-lesson__put");
  for (let i = 0; i < (await puts.count()); i++) {
    await puts.nth(i).click();
    await page.locator(".pf-panel--editor").getByRole("button", { name: "Apply", exact: true }).click();
  }
  const runs = scope.locator(":scope > .pf-lesson__block .pf-lesson__run");
  for (let i = 0; i < (await runs.count()); i++) await runs.nth(i).click();
}

/** Continues through pauses until step `k`'s goal has shown met. Returns the pauses continued. */
async function untilGoalMet(page, k, label) {
  const started = Date.now();
  let pauses = 0;
  let lateSince = null;
  for (;;) {
    if (await page.evaluate((k) => window.pfMet[k] === true, String(k))) return pauses;
    const cont = page.locator(".pf-pause__continue");
    if (await cont.isVisible()) {
      pauses += 1;
      await cont.click();
      continue;
    }
    // The panel says when the goal's virtual time budget (`within`) has run out. It judges on
    // its last check, which may predate the learner's last action by one check period, so it
    // counts only when it stays said.
    const late = await page.locator(".pf-goal__late").isVisible();
    lateSince = late ? (lateSince ?? Date.now()) : null;
    const stuck = lateSince !== null && Date.now() - lateSince > 2000;
    if (stuck || Date.now() - started > STEP_TIMEOUT_MS) {
      if (await page.evaluate((k) => window.pfMet[k] === true, String(k))) return pauses;
      await page.screenshot({ path: `${ARTIFACTS}lesson-stuck-${label}.png` });
      const checks = await page.locator(".pf-goal__details").textContent();
      const why = stuck ? "within its virtual time budget" : `after ${STEP_TIMEOUT_MS} ms`;
      assert.fail(`${label}: goal not met ${why}; checks: ${checks}`);
    }
    await page.waitForTimeout(100);
  }
}

describe("lessons", () => {
  const f = fixture();
  let ids = [];

  before(async () => {
    const { ctx, page } = await open(f.browser, f.site.url);
    await openPicker(page);
    ids = await page.locator(".pf-picker__item").evaluateAll((items) => items.map((i) => i.dataset.lesson));
    await page.screenshot({ path: ARTIFACTS + "lessons-picker.png" });
    await ctx.close();
  });

  test("the picker lists the builtin lessons", () => {
    assert.ok(ids.length >= 1, "no lesson in the picker");
    assert.equal(new Set(ids).size, ids.length, "duplicate lesson ids");
  });

  test("every builtin lesson runs to its closing summary in the browser", async (t) => {
    const timings = [];
    for (const id of ids) {
      await t.test(id, async () => {
        const t0 = Date.now();
        const { ctx, page, problems } = await open(f.browser, f.site.url);
        await latchGoals(page);
        await fastest(page);
        await openPicker(page);
        await page.locator(`.pf-picker__item[data-lesson="${id}"]`).getByRole("button", { name: "Start" }).click();
        const panel = page.locator(".pf-lesson");
        await panel.waitFor();
        const steps = Number(await panel.locator(".pf-lesson__progress").getAttribute("data-steps"));
        let pauses = 0;
        let checkUs = 0;
        for (let k = 1; k <= steps; k++) {
          const progress = panel.locator(`.pf-lesson__progress[data-step="${k}"]`);
          await progress.waitFor();
          assert.notEqual((await panel.locator(".pf-lesson__narration").textContent()).trim(), "");
          const body = panel.locator(".pf-lesson__body");
          await applyBlocks(page, body);
          const fix = panel.locator(".pf-lesson__show-fix");
          if (await fix.isVisible()) {
            // A learner reads the error first, as the native runner does: 20 s of virtual time
            // (a goal may ask for what the error caused, say a FailedScheduling event).
            await waitForClock(page, (await clock(page)) + READ_THE_ERROR_S + 1, { continuePauses: true });
            await fix.click();
            await applyBlocks(page, panel.locator(".pf-lesson__fix"));
          }
          pauses += await untilGoalMet(page, k, `${id}-step${k}`);
          checkUs = Math.max(checkUs, Number(await panel.locator(".pf-goal").getAttribute("data-check-us")));
          if (k === 2 && id === ids[0]) await page.screenshot({ path: `${ARTIFACTS}lesson-${id}-step${k}.png` });
          await panel.locator(".pf-lesson__nav").getByRole("button", { name: k === steps ? "Finish" : "Next" }).click();
        }
        const closing = panel.locator('[data-closing="true"]');
        await closing.waitFor();
        assert.notEqual((await closing.locator(".pf-lesson__narration").textContent()).trim(), "");
        await page.screenshot({ path: `${ARTIFACTS}lesson-${id}-closing.png` });
        // The picker now shows the lesson done.
        await openPicker(page);
        await page.locator(`.pf-picker__item[data-lesson="${id}"][data-progress="done"]`).waitFor();
        assert.deepEqual(problems, []);
        await ctx.close();
        const timing = `${id}: ${steps} steps, ${pauses} pauses, ${Date.now() - t0} ms, slowest goal check ${checkUs} µs`;
        console.log(timing);
        timings.push(timing);
      });
    }
    console.log("lesson timings:\n  " + timings.join("\n  "));
  });

  test("a sandbox starts from a lesson's state without the walkthrough", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url);
    await openPicker(page);
    await page.locator(".pf-picker__item").first().getByRole("button", { name: "Sandbox" }).click();
    await page.locator(".pf-notice", { hasText: "Sandbox" }).waitFor();
    assert.equal(await page.locator(".pf-lesson").count(), 0);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("a teacher's malformed lesson shows the parser's error with its line; a good one loads", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url);
    await openPicker(page);
    const input = page.locator('.pf-picker__file input[type="file"]');
    await input.setInputFiles({
      name: "broken.yaml",
      mimeType: "text/yaml",
      buffer: Buffer.from("id: broken\ntitle: {en: Broken, zh-CN: 坏的}\nsumary: oops\n"),
    });
    const error = page.locator(".pf-picker__error");
    await error.waitFor();
    assert.match(await error.textContent(), /broken\.yaml: line \d+/);
    await error.scrollIntoViewIfNeeded();
    await page.screenshot({ path: ARTIFACTS + "lessons-authoring-error.png" });
    await input.setInputFiles({ name: "my-first.yaml", mimeType: "text/yaml", buffer: Buffer.from(MY_FIRST) });
    const mine = page.locator('.pf-picker__item[data-lesson="my-first"]');
    await mine.waitFor();
    assert.equal(await error.count(), 0);
    await mine.getByRole("button", { name: "Start" }).click();
    await page.locator(".pf-lesson__run").click();
    await page.locator('.pf-goal[data-goal="met"]').waitFor();
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("?lesson=URL loads a teacher's lesson and opens it; a bad one shows the error", async () => {
    // A teacher's server elsewhere, answering with CORS as a static host can.
    const lessonsHost = (ctx) =>
      ctx.route("https://lessons.example/**", (route) => {
        const good = route.request().url().endsWith("/my-first.yaml");
        route.fulfill({
          status: 200,
          headers: { "access-control-allow-origin": "*", "content-type": "text/yaml" },
          body: good ? MY_FIRST : "id: x\nsteps: [\n",
        });
      });
    const url = f.site.url + "?lesson=https://lessons.example/my-first.yaml";
    const { ctx, page, problems } = await openPage(f.browser, { url, before: lessonsHost });
    await page.locator(".pf-lesson__name", { hasText: "My first lesson" }).waitFor();
    await page.goto(f.site.url + "?lesson=https://lessons.example/broken.yaml");
    const error = page.locator(".pf-picker__error");
    await error.waitFor();
    assert.match(await error.textContent(), /broken\.yaml: line \d+/);
    assert.deepEqual(problems.filter((p) => !p.includes("https://lessons.example/")), []);
    await ctx.close();
  });
});
