// The cluster stage: moving messages, node bars with requested numbers, actions on nodes, pods
// and Services that become recorded command lines, and the layout at 1280x720 and 1920x1080.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launch, watch } from "./browser.mjs";
import { DIST_DIR, serveDist } from "./server.mjs";

/** Waits until `locator` has focus: menus move it there on the next animation frame. */
async function focused(page, locator) {
  await page.waitForFunction((e) => e === document.activeElement, await locator.elementHandle(), { timeout: 2000 });
}

const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));

const BIG_POD = `apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 500m
        memory: 256Mi
`;

async function open(browser, options = {}) {
  const viewport = options.viewport ?? { width: 1280, height: 720 };
  const ctx = await browser.newContext({ viewport, locale: "en-US", ...options.context });
  const page = await ctx.newPage();
  const problems = watch(page, new URL(options.url).origin);
  await page.goto(options.url, { waitUntil: "load" });
  await page.getByRole("heading", { name: "Podflow", level: 1 }).waitFor();
  await page.locator(".pf-node").first().waitFor();
  return { ctx, page, problems };
}

/** Runs a line in the terminal panel, as a learner types it. */
async function type(page, line) {
  const input = page.getByRole("textbox", { name: "kubectl command" });
  await input.fill(line);
  await input.press("Enter");
  await page.locator(".pf-terminal__cmd", { hasText: line }).first().waitFor();
}

/** Samples `fn` every 50 ms for `ms`; true as soon as it returns true. */
async function seenWithin(page, ms, fn) {
  for (let t = 0; t < ms; t += 50) {
    if (await fn()) return true;
    await page.waitForTimeout(50);
  }
  return false;
}

const node = (page, name) => page.locator(`.pf-node[data-node="${name}"]`);

describe("cluster stage", () => {
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

  test("nodes are in view at 1280x720 and every trace message moves as a dot", async () => {
    const { ctx, page, problems } = await open(browser, { url: site.url });
    for (const head of await page.locator(".pf-node__head").all()) {
      const box = await head.boundingBox();
      assert.ok(box && box.y + box.height <= 720, `a node head is below the fold: ${JSON.stringify(box)}`);
    }
    const bars = await page.locator(".pf-node .pf-bar--memory").last().boundingBox();
    assert.ok(bars.y + bars.height <= 720, "the node bars are below the fold");
    for (const actor of ["kubectl", "kube-apiserver", "etcd", "kube-scheduler", "kubelet@k8s-node-1", "containerd@k8s-node-2", "kube-proxy@k8s-master"]) {
      assert.equal(await page.locator(`.pf-stage [data-actor="${actor}"]`).count(), 1, actor);
    }
    await type(page, "kubectl create deployment web --image=nginx --replicas=2");
    const flying = await seenWithin(page, 3000, async () => (await page.locator(".pf-flow .pf-dot").count()) > 0);
    assert.ok(flying, "no message moved after kubectl create");
    // The dots travel: one of them is somewhere else 150 ms later.
    const moved = await page.evaluate(async () => {
      const dots = [...document.querySelectorAll(".pf-flow .pf-dot")];
      const at = dots.map((d) => d.getBoundingClientRect());
      await new Promise((r) => setTimeout(r, 150));
      return dots.some((d, i) => d.isConnected && (d.getBoundingClientRect().x !== at[i].x || d.getBoundingClientRect().y !== at[i].y));
    });
    assert.ok(moved, "no dot moved");
    assert.match(await page.locator(".pf-flow__caption").textContent(), /→/);
    // A command's burst is more than a few flights: the rest are counted.
    const more = await seenWithin(page, 3000, async () => (await page.locator(".pf-flow__more").count()) > 0);
    assert.ok(more, "no +N more for a burst of messages");
    assert.match(await page.locator(".pf-flow__more").first().textContent(), /^\+\d+ more$/);
    await page.screenshot({ path: ARTIFACTS + "stage-flying-1280.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("requests, taint, traffic, delete and a stopped node, all from the stage", async () => {
    const { ctx, page, problems } = await open(browser, { url: site.url });
    await type(page, "kubectl create deployment web --image=nginx --replicas=2");
    await type(page, "kubectl expose deployment web --port=80");
    await page.getByRole("textbox", { name: "YAML editor" }).fill(BIG_POD);
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    const big = page.locator('.pf-node .pf-pod[data-pod="big"][data-status="Running"]');
    await big.waitFor({ timeout: 30000 });
    await page.locator('.pf-workload[data-deployment="web"]', { hasText: "2/2 ready" }).waitFor({ timeout: 30000 });

    // The bars add up the pods' requests, as kubectl describe node does.
    const bigNode = await big.locator("xpath=ancestor::article").getAttribute("data-node");
    const host = node(page, bigNode);
    assert.equal(await host.locator(".pf-bar--cpu .pf-bar__requested").textContent(), "500m");
    assert.equal(await host.locator(".pf-bar--cpu .pf-bar__allocatable").textContent(), "4");
    assert.equal(await host.locator(".pf-bar--memory .pf-bar__requested").textContent(), "256Mi");
    assert.match(await host.locator(".pf-bar--cpu").textContent(), /500m \/ 4 12%/);

    // Taint k8s-node-1 from its menu, with the keyboard: focus lands in the form.
    await page.getByRole("button", { name: "Actions for k8s-node-1" }).click();
    const field = page.getByRole("textbox", { name: "Taint (key=value:Effect)" });
    await field.waitFor();
    await focused(page, field);
    assert.equal(await field.inputValue(), "env=dev:NoSchedule");
    await field.press("Enter");
    await page.locator(".pf-terminal__cmd", { hasText: "kubectl taint nodes k8s-node-1 env=dev:NoSchedule" }).waitFor();
    await page.locator(".pf-terminal__out", { hasText: "node/k8s-node-1 tainted" }).waitFor();
    await node(page, "k8s-node-1").locator(".pf-taint", { hasText: "env=dev:NoSchedule" }).waitFor();
    // Escape closes a menu and gives focus back to its button.
    const toggle = page.getByRole("button", { name: "Actions for k8s-node-1" });
    await toggle.click();
    await field.waitFor();
    await page.keyboard.press("Escape");
    await field.waitFor({ state: "detached" });
    assert.equal(await toggle.evaluate((e) => e === document.activeElement), true);
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");

    // Send traffic: the pods that answered light up, with how many connections each.
    await page.locator('.pf-workload[data-service="web"]').getByRole("button", { name: "Send traffic" }).click();
    await page.locator(".pf-terminal__cmd", { hasText: "podflow traffic default/web --count 5" }).waitFor();
    await page.locator(".pf-terminal__out", { hasText: "answered by default/web-" }).waitFor();
    await page.locator(".pf-pod--answered .pf-pod__answered").first().waitFor();
    const counts = await page.locator(".pf-pod__answered").allTextContents();
    const total = counts.map((t) => Number(t.match(/×(\d+)/)[1])).reduce((a, b) => a + b, 0);
    assert.equal(total, 5, counts.join(","));
    await page.screenshot({ path: ARTIFACTS + "stage-traffic-1280.png" });

    // Force delete from the pod's menu: the exact kubectl line, then the pod is gone.
    await page.getByRole("button", { name: "Actions for big" }).click();
    await page.getByRole("button", { name: "Force delete (--grace-period=0 --force)" }).click();
    await page.locator(".pf-terminal__cmd", { hasText: "kubectl delete pod big -n default --grace-period=0 --force" }).waitFor();
    await page.locator('.pf-pod[data-pod="big"]').waitFor({ state: "detached" });

    // Stop k8s-node-2, then let virtual time run fast until node lifecycle marks it NotReady.
    // With the keyboard only: Enter opens the menu, Tab walks to "Stop node", Enter runs it.
    await page.getByRole("button", { name: "Actions for k8s-node-2" }).focus();
    await page.keyboard.press("Enter");
    // The menu moves focus to its first field on the next animation frame; a learner's Tab
    // cannot come sooner, but a test's can.
    await page.getByRole("textbox", { name: "Taint (key=value:Effect)" }).waitFor();
    await focused(page, page.getByRole("textbox", { name: "Taint (key=value:Effect)" }));
    for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Stop node (power off)");
    await page.keyboard.press("Enter");
    await page.locator(".pf-terminal__cmd", { hasText: "podflow node stop k8s-node-2" }).waitFor();
    await node(page, "k8s-node-2").locator(".pf-badge--off").waitFor();
    await page.getByLabel("Speed").selectOption("16");
    await node(page, "k8s-node-2").locator(".pf-badge--bad", { hasText: "NotReady" }).waitFor({ timeout: 30000 });
    assert.equal(await node(page, "k8s-node-2").getAttribute("class").then((c) => c.includes("pf-node--down")), true);
    await page.screenshot({ path: ARTIFACTS + "stage-actions-1280.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("a terminating pod shows its grace period counting down", async () => {
    const { ctx, page, problems } = await open(browser, { url: site.url });
    // sleep as PID 1 ignores SIGTERM, so the pod lives out its grace period.
    await type(page, "kubectl run sleeper --image=busybox -- sleep 3600");
    const pod = page.locator('.pf-node .pf-pod[data-pod="sleeper"]');
    await page.locator('.pf-node .pf-pod[data-pod="sleeper"][data-status="Running"]').waitFor({ timeout: 30000 });
    await page.getByRole("button", { name: "Actions for sleeper" }).click();
    await page.getByRole("button", { name: "Delete (graceful)" }).click();
    await page.locator(".pf-terminal__cmd", { hasText: "kubectl delete pod sleeper -n default --wait=false" }).waitFor();
    const status = pod.locator(".pf-pod__status");
    await page.locator('.pf-pod[data-pod="sleeper"][data-status="Terminating"]').waitFor();
    const left = async () => Number((await status.textContent()).match(/(\d+)s left/)?.[1]);
    const before = await left();
    assert.ok(before >= 25 && before <= 30, `grace left ${before}`);
    await page.waitForFunction(
      (n) => Number(document.querySelector('.pf-pod[data-pod="sleeper"] .pf-pod__status')?.textContent.match(/(\d+)s left/)?.[1]) < n,
      before,
      { timeout: 10000 },
    );
    await page.screenshot({ path: ARTIFACTS + "stage-terminating-1280.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("with reduced motion nothing travels: the receiver is highlighted and the caption changes", async () => {
    const { ctx, page, problems } = await open(browser, { url: site.url, context: { reducedMotion: "reduce" } });
    await type(page, "kubectl create deployment web --image=nginx --replicas=2");
    let dots = 0;
    let lit = false;
    for (let t = 0; t < 2500; t += 50) {
      dots += await page.locator(".pf-flow .pf-dot").count();
      lit ||= (await page.locator(".pf-stage .pf-hit").count()) > 0;
      await page.waitForTimeout(50);
    }
    assert.equal(dots, 0, "a dot was drawn under reduced motion");
    assert.ok(lit, "no receiver was highlighted");
    assert.match(await page.locator(".pf-flow__caption").textContent(), /→/);
    assert.ok((await page.locator(".pf-message").count()) > 0, "the message list is the text equivalent");
    await page.screenshot({ path: ARTIFACTS + "stage-reduced-motion-1280.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("at 1920x1080 the stage fits its panel without overflowing sideways", async () => {
    const { ctx, page, problems } = await open(browser, { url: site.url, viewport: { width: 1920, height: 1080 } });
    await type(page, "kubectl create deployment web --image=nginx --replicas=3");
    await type(page, "kubectl expose deployment web --port=80");
    await page.locator('.pf-workload[data-deployment="web"]', { hasText: "3/3 ready" }).waitFor({ timeout: 30000 });
    await page.getByRole("button", { name: "Scale web up by one" }).click();
    await page.locator(".pf-terminal__cmd", { hasText: "kubectl scale deployment web --replicas=4 -n default" }).waitFor();
    await page.locator('.pf-workload[data-deployment="web"]', { hasText: "/4 ready" }).waitFor();
    await seenWithin(page, 3000, async () => (await page.locator(".pf-flow .pf-dot").count()) > 1);
    const overflow = await page.locator(".pf-stage").evaluate((e) => e.scrollWidth - e.clientWidth);
    assert.ok(overflow <= 0, `the stage overflows by ${overflow}px`);
    const panel = await page.locator(".pf-panel--stage").boundingBox();
    for (const card of await page.locator(".pf-node").all()) {
      const box = await card.boundingBox();
      assert.ok(box.x >= panel.x && box.x + box.width <= panel.x + panel.width + 1, "a node card leaves the panel");
      assert.ok(box.y + box.height <= 1080, "a node card is below the fold");
    }
    await page.screenshot({ path: ARTIFACTS + "stage-1920.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
