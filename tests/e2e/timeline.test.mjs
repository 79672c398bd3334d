// The timeline: scrubbing back to before an apply, back to now, a reload that restores the
// session, acting in the past, a damaged saved session, keyboard shortcuts, reduced motion and
// presentation mode at projector sizes.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, clock, fixture, mounted, open as openPage, pause, play, VIRTUAL_TIMEOUT, waitForClock } from "./browser.mjs";

const NGINX_RUNNING = '.pf-node .pf-pod[data-pod="nginx"][data-status="Running"]';
const NGINX = '.pf-pod[data-pod="nginx"]';

const open = (browser, url, { viewport, ...context } = {}) => openPage(browser, { url, viewport, context });

/** Applies the editor's nginx pod a little after the start; returns the clock once it runs. */
async function applyNginxUntilRunning(page) {
  // Let a little virtual time pass first, so there is a moment before the apply to go back to.
  await waitForClock(page, 2);
  await page.getByRole("button", { name: "Apply" }).click();
  await page.locator(".pf-editor__result", { hasText: "pod/nginx created" }).waitFor();
  await page.locator(NGINX_RUNNING).waitFor({ timeout: VIRTUAL_TIMEOUT });
  return clock(page);
}

const scrubber = (page) => page.getByRole("slider", { name: "Moment shown on the timeline" });

describe("timeline", () => {
  const f = fixture();

  test("scrub back before the apply, back to now, and a reload restores the session", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url);
    await applyNginxUntilRunning(page);
    assert.equal(await page.locator(".pf-scrub__mark").count(), 1, "one marker: the apply");

    // Home moves the slider to the start: the cluster as it was before anything was applied.
    // (Paused: playing in the past replays forward from there.)
    await pause(page);
    await scrubber(page).focus();
    await page.keyboard.press("Home");
    const banner = page.getByRole("status").filter({ hasText: "Viewing the past" });
    await banner.waitFor();
    await page.locator(NGINX).waitFor({ state: "detached" });
    assert.ok((await clock(page)) <= 1);
    await page.screenshot({ path: ARTIFACTS + "timeline-past-before-apply.png" });

    await page.getByRole("button", { name: "Back to now" }).click();
    await banner.waitFor({ state: "detached" });
    await page.locator(NGINX_RUNNING).waitFor();
    await play(page);

    // The session is saved; a reload replays it from the seed. Let a second of virtual time
    // run first, so the saved session ends in idle time.
    await waitForClock(page, (await clock(page)) + 1);
    const before = await clock(page);
    await page.reload();
    await mounted(page);
    await page.locator(NGINX_RUNNING).waitFor();
    assert.ok((await clock(page)) >= before - 1, "the clock continues where it was");
    assert.equal(await page.locator(".pf-scrub__mark").count(), 1, "the apply's marker is back");
    await page.screenshot({ path: ARTIFACTS + "timeline-restored-after-reload.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("acting in the past discards the later history", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url);
    const running = await applyNginxUntilRunning(page);
    // Paused, so the past does not replay forward past the apply while the command is typed.
    await pause(page);
    await scrubber(page).focus();
    await page.keyboard.press("Home");
    await page.getByText("Viewing the past").waitFor();
    const input = page.getByRole("textbox", { name: "kubectl command" });
    await input.fill("kubectl get pods");
    await input.press("Enter");
    await page.getByText("No resources found in default namespace.").first().waitFor();
    // Back in the present, which is now the moment acted in: the apply is forgotten.
    await page.getByText("Viewing the past").waitFor({ state: "detached" });
    await play(page);
    // Past the moment nginx ran before: it does not come back.
    await waitForClock(page, running + 2);
    assert.equal(await page.locator(NGINX).count(), 0);
    assert.equal(await page.locator(".pf-scrub__mark").count(), 1, "only the new command's marker");
    const saved = await page.evaluate(() => localStorage.getItem("podflow.session"));
    assert.doesNotMatch(saved, /apply/);
    assert.match(saved, /kubectl get pods/);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("a damaged saved session is reported and the page starts fresh", async () => {
    const origin = new URL(f.site.url).origin;
    const storageState = {
      cookies: [],
      origins: [{ origin, localStorage: [{ name: "podflow.session", value: "advance 1s\nrm -rf /\n" }] }],
    };
    const { ctx, page, problems } = await open(f.browser, f.site.url, { storageState });
    const alert = page.getByRole("alert").filter({ hasText: "could not be restored" });
    await alert.waitFor();
    assert.match(await alert.textContent(), /line 2: unknown command "rm"/);
    await page.screenshot({ path: ARTIFACTS + "timeline-restore-failed.png" });
    await alert.getByRole("button", { name: "Dismiss" }).click();
    await alert.waitFor({ state: "detached" });
    await applyNginxUntilRunning(page);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("keyboard: Space pauses and plays, → steps, shortcuts help, reduced motion", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url, { reducedMotion: "reduce" });
    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await page.keyboard.press("Space");
    await page.getByRole("button", { name: "Play" }).waitFor();
    const paused = await page.locator(".pf-timeline__calendar").textContent();
    await page.waitForTimeout(400);
    assert.equal(await page.locator(".pf-timeline__calendar").textContent(), paused, "paused");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.locator(".pf-editor__result", { hasText: "pod/nginx created" }).waitFor();
    await page.locator("body").click({ position: { x: 5, y: 300 } });
    const routes = () => page.locator(".pf-message__route").allTextContents();
    const seen = (await routes()).join("\n");
    const slider = await scrubber(page).inputValue();
    for (let i = 0; i < 12; i++) await page.keyboard.press("ArrowRight");
    assert.notEqual((await routes()).join("\n"), seen, "→ delivered messages");
    assert.ok(Number(await scrubber(page).inputValue()) >= Number(slider));
    await page.keyboard.press("Space");
    await page.getByRole("button", { name: "Pause" }).waitFor();

    // Typing a space in the terminal is typing, not a shortcut.
    const input = page.getByRole("textbox", { name: "kubectl command" });
    await input.fill("kubectl");
    await input.press("Space");
    assert.equal(await input.inputValue(), "kubectl ");
    await page.getByRole("button", { name: "Pause" }).waitFor();

    await page.getByText("Keyboard shortcuts").click();
    await page.getByText("Jump to the next event").waitFor();
    await page.screenshot({ path: ARTIFACTS + "timeline-shortcuts-help.png" });
    await page.keyboard.press("Escape");
    await page.getByText("Jump to the next event").waitFor({ state: "hidden" });

    const moving = await page.evaluate(() =>
      [...document.querySelectorAll("*")].filter((e) => {
        const s = getComputedStyle(e);
        const long = (v) => v.split(",").some((d) => parseFloat(d) > 0.001);
        return long(s.transitionDuration) || (s.animationName !== "none" && long(s.animationDuration));
      }).length,
    );
    assert.equal(moving, 0, "no transition or animation under prefers-reduced-motion");
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    test(`presentation mode at ${viewport.width}x${viewport.height}`, async () => {
      const { ctx, page, problems } = await open(f.browser, f.site.url, { viewport });
      await applyNginxUntilRunning(page);
      const size = `${viewport.width}x${viewport.height}`;
      const fits = () =>
        page.evaluate(() => {
          const bar = document.querySelector(".pf-timeline").getBoundingClientRect();
          const root = document.documentElement;
          return root.scrollWidth <= innerWidth && root.scrollHeight <= innerHeight && bar.bottom <= innerHeight + 1;
        });
      assert.ok(await fits(), "normal mode fits the window");
      await page.screenshot({ path: ARTIFACTS + `timeline-normal-${size}.png` });

      const toggle = page.getByRole("button", { name: "Presentation mode" });
      await toggle.click();
      await page.locator("html.pf-present").waitFor({ state: "attached" });
      assert.equal(await toggle.getAttribute("aria-pressed"), "true");
      assert.ok(await fits(), "presentation mode fits the window");
      // Focus rings are thicker on a projector.
      await toggle.focus();
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Tab");
      const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineWidth);
      assert.ok(parseFloat(ring) >= 4, ring);
      await page.screenshot({ path: ARTIFACTS + `timeline-presentation-${size}.png` });

      // Remembered across a reload.
      await page.reload();
      await mounted(page);
      await page.locator("html.pf-present").waitFor({ state: "attached" });
      const again = page.getByRole("button", { name: "Presentation mode" });
      assert.equal(await again.getAttribute("aria-pressed"), "true");
      assert.deepEqual(problems, []);
      await ctx.close();
    });
  }
});
