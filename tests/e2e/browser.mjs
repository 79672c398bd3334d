// Headless Debian Chromium through playwright-core (which never downloads a browser), a watcher
// that records everything a clean page load must not do, and the helpers every e2e file shares.
//
// Waiting rules (CI machines are slow, fresh and shared): never read the page once right after
// an action when the answer comes later (a timer, an animation frame, virtual time); wait for
// it with a locator's waitFor, page.waitForFunction or `until`. Virtual time advances on a
// wall-clock timer, so a loaded machine runs it slower: waits on virtual time get generous
// timeouts, and tests raise the speed first.
import { after, before } from "node:test";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { DIST_DIR, serveDist } from "./server.mjs";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
/** Wall-clock limit for anything that waits on virtual time (pods starting, probes, back-off). */
export const VIRTUAL_TIMEOUT = 120_000;
/**
 * PODFLOW_CPU_SLOWDOWN=3 runs every page opened with `open` on a CPU three times slower
 * (Chromium's throttling), to try the suite as a slow CI machine would run it.
 */
const SLOWDOWN = Number(process.env.PODFLOW_CPU_SLOWDOWN ?? 1);

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * Registers before/after hooks (call it inside `describe`) that launch the browser and serve
 * dist/ under `prefix`; the returned object holds `browser` and `site` once they ran.
 */
export function fixture(prefix = "/podflow/") {
  const f = { browser: null, site: null };
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    f.browser = await launch();
    f.site = await serveDist(DIST_DIR, prefix);
  });
  after(async () => {
    await f.browser?.close();
    await f.site?.close();
  });
  return f;
}

/**
 * Records console errors, page errors, HTTP responses >= 400, failed requests and any request
 * that leaves `origin`. Returns the live list of problems (strings).
 */
export function watch(page, origin) {
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin + "/") && !/^(data|blob):/.test(url)) {
      problems.push(`request outside ${origin}: ${url}`);
    }
  });
  page.on("requestfailed", (request) => {
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** Waits until the app has mounted (its heading is the same in every language). */
export async function mounted(page) {
  await page.getByRole("heading", { name: "Podflow", level: 1 }).waitFor();
}

/**
 * Opens `url` in a new page and waits for the app to mount. Options: `viewport` (1280x720),
 * `locale` ("en-US"), `context` (more newContext options: storageState, reducedMotion...),
 * `ctx` (open the page in this context instead of a new one), `before(ctx)` (runs before the
 * page loads: routes). Returns { ctx, page, problems } with problems watched from the start.
 */
export async function open(browser, options) {
  const { url, viewport = { width: 1280, height: 720 }, locale = "en-US", context = {} } = options;
  const ctx = options.ctx ?? (await browser.newContext({ viewport, locale, ...context }));
  await options.before?.(ctx);
  const page = await ctx.newPage();
  if (SLOWDOWN > 1) await (await ctx.newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: SLOWDOWN });
  const problems = watch(page, new URL(url).origin);
  await page.goto(url, { waitUntil: "load" });
  await mounted(page);
  return { ctx, page, problems };
}

/** Waits until `locator` has focus: menus move it there on the next animation frame. */
export async function focused(page, locator, timeout = 10_000) {
  await locator.waitFor();
  await page.waitForFunction((e) => e === document.activeElement, await locator.elementHandle(), { timeout });
}

/** The terminal's prompt (the same element in every language). */
export const prompt = (page) => page.locator(".pf-terminal__input");

/**
 * Runs a line in the terminal as a learner types it, and waits until the scrollback's newest
 * command is that line (running is synchronous, drawing is not guaranteed to be).
 */
export async function run(page, line) {
  const input = prompt(page);
  await input.fill(line);
  await input.press("Enter");
  await page.waitForFunction(
    (want) => {
      const cmds = document.querySelectorAll(".pf-terminal__cmd");
      return cmds.length > 0 && cmds[cmds.length - 1].textContent === want;
    },
    `$ ${line}`,
  );
}

/** Waits until between `min` and `max` elements match `selector` (virtual time may be running). */
export async function waitForCount(page, selector, min, max = 1e9, timeout = VIRTUAL_TIMEOUT) {
  await page.waitForFunction(
    ([sel, lo, hi]) => {
      const n = document.querySelectorAll(sel).length;
      return n >= lo && n <= hi;
    },
    [selector, min, max],
    { timeout },
  );
}

/** Polls `read` every 100 ms until `ok(value)`; returns that value, or throws with the last. */
export async function until(read, ok, timeout = VIRTUAL_TIMEOUT, what = "condition") {
  const end = Date.now() + timeout;
  let value;
  for (;;) {
    value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sets the timeline's speed ("16" for 16×). */
export async function speed(page, value) {
  await page.locator(".pf-timeline__speed select").selectOption(String(value));
}

/** Sets the timeline to its fastest speed, so virtual time runs ahead. */
export async function fastest(page) {
  const select = page.locator(".pf-timeline__speed select");
  const values = await select.locator("option").evaluateAll((os) => os.map((o) => o.value));
  await select.selectOption(values.reduce((a, b) => (Number(b) > Number(a) ? b : a)));
}

const PLAY = ".pf-timeline__play";

/** Stops virtual time (in any language) and waits until the button says so. */
export async function pause(page) {
  if ((await page.locator(PLAY).getAttribute("aria-pressed")) === "true") await page.locator(PLAY).click();
  await page.locator(`${PLAY}[aria-pressed="false"]`).waitFor();
}

/** Lets virtual time run again. */
export async function play(page) {
  if ((await page.locator(PLAY).getAttribute("aria-pressed")) === "false") await page.locator(PLAY).click();
  await page.locator(`${PLAY}[aria-pressed="true"]`).waitFor();
}

/** The virtual clock the timeline shows (`mm:ss` or `h:mm:ss`), in seconds. */
export async function clock(page) {
  return parseClock(await page.locator(".pf-timeline__now").textContent());
}

function parseClock(text) {
  return text
    .trim()
    .split(":")
    .map(Number)
    .reduce((t, n) => t * 60 + n, 0);
}

/**
 * Waits until the virtual clock shows at least `seconds`. With `continuePauses`, a lesson's
 * walkthrough pause (which stops time) is continued, as a learner reading on would.
 */
export async function waitForClock(page, seconds, { continuePauses = false, timeout = VIRTUAL_TIMEOUT } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const now = await clock(page);
    if (now >= seconds) return now;
    if (Date.now() > end) throw new Error(`the virtual clock stayed at ${now} s, below ${seconds} s, for ${timeout} ms`);
    const cont = page.locator(".pf-pause__continue");
    if (continuePauses && (await cont.isVisible())) await cont.click();
    else await page.waitForTimeout(100);
  }
}
