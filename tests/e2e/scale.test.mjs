// Many pods: a Deployment of N replicas on twelve workers, played at 1x and 16x. Asserts only
// what must hold whatever the machine (all N pods end Running, the page answers a click on
// Pause while it works, scrubbing back shows the past, the stage stays readable); the figures
// (frame times, time to all Running, DOM nodes, heap, scrub and autosave times) are PRINTED,
// and the ones worth keeping are recorded in the README's Numbers section, never asserted.
//
// PODFLOW_SCALE picks the runs, e.g. "300@1,300@16,1000@1,1000@16" (pods@speed); the default
// is "300@16,1000@16", which keeps the file within a few minutes of a CI run.
// PODFLOW_SCALE_BASELINE=1 skips the checks of the stage's pod summary, to take the same figures
// from a build older than it (the README's "before").
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launch, watch } from "./browser.mjs";
import { DIST_DIR, serveDist } from "./server.mjs";

const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
const RUNS = (process.env.PODFLOW_SCALE ?? "300@16,1000@16").split(",").map((run) => {
  const [pods, speed] = run.trim().split("@").map(Number);
  return { pods, speed: speed || 1 };
});
/** Ten more workers (k8s-node-3 .. k8s-node-12), so 1000 pods fit 110 to a node. */
const WORKERS = Array.from({ length: 10 }, (_, i) => i + 3);

function nodesYaml() {
  return WORKERS.map((i) => `apiVersion: v1
kind: Node
metadata:
  name: k8s-node-${i}
  labels:
    kubernetes.io/hostname: k8s-node-${i}
    kubernetes.io/os: linux
spec:
  podCIDR: 10.244.${i}.0/24
status:
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  allocatable: {cpu: "4", memory: 8092Mi, pods: "110"}
  conditions:
  - {type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status}
  addresses:
  - {type: InternalIP, address: 192.168.56.${10 + i}}
  - {type: Hostname, address: k8s-node-${i}}
  nodeInfo: {kubeletVersion: v1.36.0, containerRuntimeVersion: containerd://2.1.0}
`).join("---\n");
}

/** Frame deltas, long tasks and the wasm memory, collected in the page from the start. */
function instrument() {
  window.__pf = { frames: [], longTasks: [], last: 0, on: false, wasm: null };
  addEventListener("TrunkApplicationStarted", (e) => (window.__pf.wasm = e.detail?.wasm ?? null));
  const loop = (t) => {
    const pf = window.__pf;
    if (pf.on && pf.last) pf.frames.push(t - pf.last);
    pf.last = t;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  try {
    new PerformanceObserver((list) => {
      if (window.__pf.on) for (const e of list.getEntries()) window.__pf.longTasks.push(e.duration);
    }).observe({ type: "longtask" });
  } catch {
    // No long task timing in this browser: the frame deltas still tell.
  }
}

const quantile = (xs, q) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const ms = (x) => `${Math.round(x)} ms`;
const mb = (x) => `${(x / 1048576).toFixed(1)} MB`;

async function type(page, line) {
  const input = page.getByRole("textbox", { name: "kubectl command" });
  await input.fill(line);
  await input.press("Enter");
  await page.locator(".pf-terminal__cmd", { hasText: line }).first().waitFor({ timeout: 120000 });
}

/** The clock's shown moment, "mm:ss" or "h:mm:ss", in seconds. */
async function clockSeconds(page) {
  const text = (await page.locator(".pf-timeline__now").textContent()).trim();
  return text.split(":").map(Number).reduce((t, x) => t * 60 + x, 0);
}

/** Ready replicas of the Deployment `big`, as its row in the workloads strip says. */
async function readyOf(page) {
  const text = await page.locator('.pf-workload[data-deployment="big"] .pf-workload__count').textContent();
  return Number(text.match(/^(\d+)\//)?.[1] ?? 0);
}

async function memory(page, cdp) {
  const heap = await cdp.send("Runtime.getHeapUsage");
  const wasm = await page.evaluate(() => window.__pf.wasm?.memory?.buffer?.byteLength ?? 0);
  const dom = await page.evaluate(() => document.getElementsByTagName("*").length);
  const stage = await page.evaluate(() => document.querySelectorAll(".pf-stage *").length);
  return { jsHeap: heap.usedSize, wasm, dom, stage };
}

/** Clicks Pause while the page works, then checks the clock really stopped. */
async function pauseWhileBusy(page) {
  const start = Date.now();
  await page.getByRole("button", { name: "Pause" }).click({ timeout: 60000 });
  await page.getByRole("button", { name: "Play" }).waitFor({ timeout: 60000 });
  const latency = Date.now() - start;
  const at = await page.locator(".pf-timeline__now").textContent();
  await page.waitForTimeout(1200);
  assert.equal(await page.locator(".pf-timeline__now").textContent(), at, "the clock moved while paused");
  await page.getByRole("button", { name: "Play" }).click({ timeout: 60000 });
  await page.getByRole("button", { name: "Pause" }).waitFor({ timeout: 60000 });
  return { latency, paused: Date.now() - start };
}

/** Sets the scrubber to `seconds` of virtual time as a drag would; wall ms until drawn. */
async function scrubTo(page, seconds) {
  return page.evaluate(async (s) => {
    const input = document.querySelector(".pf-scrub__range");
    const start = performance.now();
    input.value = String(s * 1000);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - start;
  }, seconds);
}

/** Every node draws at most 8 chips and counts the rest; all `pods` are drawn or counted. */
async function summarised(page, pods, shot) {
  const drawn = await page.evaluate(() =>
    [...document.querySelectorAll(".pf-node")].map((n) => ({
      chips: n.querySelectorAll(".pf-pod").length,
      more: Number(n.querySelector(".pf-pods__more")?.dataset.more ?? 0),
    })),
  );
  const chips = drawn.reduce((t, n) => t + n.chips, 0);
  assert.equal(chips + drawn.reduce((t, n) => t + n.more, 0), pods, JSON.stringify(drawn));
  assert.ok(drawn.every((n) => n.chips <= 8), JSON.stringify(drawn));
  const more = page.locator('.pf-node[data-node="k8s-node-1"] .pf-pods__more');
  assert.match(await more.textContent(), /^\+\d+ more pods\d+ Running$/);
  await more.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot });
  // "+N more pods" opens the node, whose Allocation tab lists every pod on it.
  await more.getByRole("button").click();
  await page.getByRole("tab", { name: "Allocation" }).click();
  await page.getByRole("tabpanel").filter({ hasText: "big-" }).waitFor();
}

describe("scale", () => {
  let browser;
  let site;

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launch();
    site = await serveDist(DIST_DIR, "/podflow/");
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const { pods, speed } of RUNS) {
    test(`${pods} pods at ${speed}x all end Running and the page stays responsive`, { timeout: 900000 }, async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "en-US" });
      await ctx.addInitScript(instrument);
      const page = await ctx.newPage();
      const problems = watch(page, site.origin);
      const cdp = await page.context().newCDPSession(page);
      await page.goto(site.url, { waitUntil: "load" });
      await page.locator(".pf-node").first().waitFor();
      const empty = await memory(page, cdp);

      await page.getByRole("textbox", { name: "YAML editor" }).fill(nodesYaml());
      await page.getByRole("button", { name: "Apply", exact: true }).click();
      await page.locator(".pf-editor__result", { hasText: "node/k8s-node-12 created" }).waitFor();
      await page.locator('.pf-node[data-node="k8s-node-12"]').waitFor();
      // An empty editor: what is measured is the pods, not the editor checking ten Nodes.
      await page.getByRole("textbox", { name: "YAML editor" }).fill("");
      await page.getByLabel("Speed").selectOption(String(speed));

      // From Enter to the Deployment's last replica Ready, with the frames in between.
      const v0 = await clockSeconds(page);
      await page.evaluate(() => Object.assign(window.__pf, { on: true, frames: [], longTasks: [] }));
      const t0 = Date.now();
      await type(page, `kubectl create deployment big --image=nginx --replicas=${pods}`);
      await page.locator('.pf-workload[data-deployment="big"]').waitFor({ timeout: 120000 });
      await page.waitForTimeout(1500);
      const pause = await pauseWhileBusy(page);
      const deadline = Date.now() + 600000;
      while ((await readyOf(page)) < pods) {
        assert.ok(Date.now() < deadline, `only ${await readyOf(page)} of ${pods} ready after 10 minutes`);
        await page.waitForTimeout(250);
      }
      const wall = Date.now() - t0 - pause.paused;
      const virtual = (await clockSeconds(page)) - v0;
      const { frames, longTasks } = await page.evaluate(() => {
        window.__pf.on = false;
        return { frames: window.__pf.frames, longTasks: window.__pf.longTasks };
      });
      const busy = await memory(page, cdp);

      // Steady state: everything Running, time still playing.
      await page.evaluate(() => Object.assign(window.__pf, { on: true, frames: [] }));
      await page.waitForTimeout(3000);
      const steady = await page.evaluate(() => {
        window.__pf.on = false;
        return window.__pf.frames;
      });

      // kubectl agrees: every pod is Running.
      await type(page, "kubectl get pods --field-selector=status.phase=Running --no-headers | wc -l");
      const counted = page.locator(".pf-terminal__out").last();
      await page.waitForFunction(
        (n) => [...document.querySelectorAll(".pf-terminal__out")].pop()?.textContent.trim() === String(n),
        pods,
        { timeout: 60000 },
      ).catch(async () => assert.fail(`wc -l printed ${await counted.textContent()}`));
      await page.screenshot({ path: `${ARTIFACTS}scale-${pods}-${speed}x.png` });

      // Readable at scale: a node draws a few chips and counts the rest, and every pod is
      // either drawn or counted.
      if (!process.env.PODFLOW_SCALE_BASELINE) {
        await summarised(page, pods, `${ARTIFACTS}scale-${pods}-${speed}x-more.png`);
      }

      // Back to the middle of the ramp, then to now.
      await page.getByRole("button", { name: "Pause" }).click();
      const scrubBack = await scrubTo(page, Math.max(1, Math.round(v0 + virtual / 2)));
      await page.getByRole("status").filter({ hasText: "Viewing the past" }).waitFor();
      const scrubNear = await scrubTo(page, Math.max(1, Math.round(v0 + virtual / 2) + 2));
      const backStart = Date.now();
      await page.getByRole("button", { name: "Back to now" }).click();
      await page.getByRole("status").filter({ hasText: "Viewing the past" }).waitFor({ state: "detached" });
      const backToNow = Date.now() - backStart;

      // Autosave: what leaving the page writes.
      const save = await page.evaluate(() => {
        const start = performance.now();
        dispatchEvent(new Event("pagehide"));
        return { ms: performance.now() - start, bytes: localStorage.getItem("podflow.session")?.length ?? 0 };
      });
      const end = await memory(page, cdp);

      console.log(
        [
          `# scale ${pods} pods at ${speed}x (${DIST_DIR})`,
          `#   to all Ready: ${ms(wall)} wall, ${virtual} s virtual (${(virtual / (wall / 1000)).toFixed(2)} virtual s per wall s)`,
          `#   frames while working: ${frames.length}, median ${ms(quantile(frames, 0.5))}, p95 ${ms(quantile(frames, 0.95))}, max ${ms(quantile(frames, 1))}`,
          `#   long tasks: ${longTasks.length}, total ${ms(longTasks.reduce((a, b) => a + b, 0))}, longest ${ms(quantile(longTasks, 1))}`,
          `#   frames when settled: median ${ms(quantile(steady, 0.5))}, p95 ${ms(quantile(steady, 0.95))}`,
          `#   Pause answered in ${ms(pause.latency)} while working`,
          `#   DOM elements: ${empty.dom} empty, ${busy.dom} with ${pods} pods (stage ${empty.stage} -> ${busy.stage})`,
          `#   JS heap ${mb(empty.jsHeap)} -> ${mb(busy.jsHeap)} -> ${mb(end.jsHeap)}; wasm memory ${mb(empty.wasm)} -> ${mb(busy.wasm)} -> ${mb(end.wasm)}`,
          `#   scrub back to mid-ramp ${ms(scrubBack)}, then 2 s further ${ms(scrubNear)}, back to now ${ms(backToNow)}`,
          `#   autosave (pagehide) ${save.ms.toFixed(1)} ms, ${save.bytes} bytes`,
        ].join("\n"),
      );
      assert.ok(end.dom > 0);
      assert.deepEqual(problems, []);
      await ctx.close();
    });
  }
});
