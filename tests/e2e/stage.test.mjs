// The cluster stage: moving messages, node bars with requested numbers, actions on nodes, pods
// and Services that become recorded command lines, and the layout at 1280x720 and 1920x1080.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, fixture, focused, open as openPage, run, speed, VIRTUAL_TIMEOUT } from "./browser.mjs";

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

/** Opens the app and waits for the stage's nodes. */
async function open(browser, options) {
  const opened = await openPage(browser, options);
  await opened.page.locator(".pf-node").first().waitFor();
  return opened;
}

/** Runs a line in the terminal panel, as a learner types it. */
const type = run;

/** Waits (sampling every animation frame) until `count` elements match `selector`. */
async function waitForDots(page, selector, count = 1, timeout = 20_000) {
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length >= n, [selector, count], { polling: "raf", timeout });
}

const node = (page, name) => page.locator(`.pf-node[data-node="${name}"]`);

describe("cluster stage", () => {
  const f = fixture();

  test("nodes are in view at 1280x720 and every trace message moves as a dot", async () => {
    const { ctx, page, problems } = await open(f.browser, { url: f.site.url });
    for (const head of await page.locator(".pf-node__head").all()) {
      const box = await head.boundingBox();
      assert.ok(box && box.y + box.height <= 720, `a node head is below the fold: ${JSON.stringify(box)}`);
    }
    const bars = await page.locator(".pf-node .pf-bar--memory").last().boundingBox();
    assert.ok(bars.y + bars.height <= 720, "the node bars are below the fold");
    for (const actor of ["kubectl", "kube-apiserver", "etcd", "kube-scheduler", "kubelet@k8s-node-1", "containerd@k8s-node-2", "kube-proxy@k8s-master"]) {
      assert.equal(await page.locator(`.pf-stage [data-actor="${actor}"]`).count(), 1, actor);
    }
    // "+N more" lasts only while its burst flies: record the first one from before the command.
    await page.evaluate(() => {
      window.pfMore = null;
      new MutationObserver(() => {
        window.pfMore ??= document.querySelector(".pf-flow__more")?.textContent ?? null;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await type(page, "kubectl create deployment web --image=nginx --replicas=2");
    await waitForDots(page, ".pf-flow .pf-dot");
    // The dots travel: one of them is drawn somewhere else on a later animation frame.
    await page.waitForFunction(
      () => {
        const first = (window.pfDotAt ??= new WeakMap());
        for (const dot of document.querySelectorAll(".pf-flow .pf-dot")) {
          const { x, y } = dot.getBoundingClientRect();
          const was = first.get(dot);
          if (!was) first.set(dot, { x, y });
          else if (was.x !== x || was.y !== y) return true;
        }
        return false;
      },
      null,
      { polling: "raf", timeout: 20_000 },
    );
    await page.locator(".pf-flow__caption", { hasText: "→" }).waitFor();
    // A command's burst is more than a few flights: the rest are counted.
    const more = await page.waitForFunction(() => window.pfMore, null, { timeout: 20_000 }).then((h) => h.jsonValue());
    assert.match(more, /^\+\d+ more$/);
    await page.screenshot({ path: ARTIFACTS + "stage-flying-1280.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("requests, taint, traffic, delete and a stopped node, all from the stage", async () => {
    const { ctx, page, problems } = await open(f.browser, { url: f.site.url });
    await type(page, "kubectl create deployment web --image=nginx --replicas=2");
    await type(page, "kubectl expose deployment web --port=80");
    await page.getByRole("textbox", { name: "YAML editor" }).fill(BIG_POD);
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    const big = page.locator('.pf-node .pf-pod[data-pod="big"][data-status="Running"]');
    await big.waitFor({ timeout: VIRTUAL_TIMEOUT });
    await page.locator('.pf-workload[data-deployment="web"]', { hasText: "2/2 ready" }).waitFor({ timeout: VIRTUAL_TIMEOUT });

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
    await focused(page, field);
    await page.keyboard.press("Escape");
    await field.waitFor({ state: "detached" });
    assert.equal(await toggle.evaluate((e) => e === document.activeElement), true);
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");

    // Send traffic: the pods that answered light up, with how many connections each.
    // The highlight goes after a few seconds: the counts are read as soon as they are drawn.
    await page.locator('.pf-workload[data-service="web"]').getByRole("button", { name: "Send traffic" }).click();
    const counts = await page
      .waitForFunction(() => {
        const lit = [...document.querySelectorAll(".pf-pod--answered .pf-pod__answered")];
        return lit.length > 0 && [...document.querySelectorAll(".pf-pod__answered")].map((e) => e.textContent);
      }, null, { polling: "raf" })
      .then((h) => h.jsonValue());
    await page.locator(".pf-terminal__cmd", { hasText: "podflow traffic default/web --count 5" }).waitFor();
    await page.locator(".pf-terminal__out", { hasText: "answered by default/web-" }).waitFor();
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
    await speed(page, 16);
    // Node lifecycle's grace period is 40 s of virtual time.
    await node(page, "k8s-node-2").locator(".pf-badge--bad", { hasText: "NotReady" }).waitFor({ timeout: VIRTUAL_TIMEOUT });
    await page.locator('.pf-node.pf-node--down[data-node="k8s-node-2"]').waitFor();
    await page.screenshot({ path: ARTIFACTS + "stage-actions-1280.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("a terminating pod shows its grace period counting down", async () => {
    const { ctx, page, problems } = await open(f.browser, { url: f.site.url });
    // sleep as PID 1 ignores SIGTERM, so the pod lives out its grace period.
    await type(page, "kubectl run sleeper --image=busybox -- sleep 3600");
    await page.locator('.pf-node .pf-pod[data-pod="sleeper"][data-status="Running"]').waitFor({ timeout: VIRTUAL_TIMEOUT });
    await page.getByRole("button", { name: "Actions for sleeper" }).click();
    await page.getByRole("button", { name: "Delete (graceful)" }).click();
    await page.locator(".pf-terminal__cmd", { hasText: "kubectl delete pod sleeper -n default --wait=false" }).waitFor();
    await page.locator('.pf-pod[data-pod="sleeper"][data-status="Terminating"]').waitFor();
    const left = () =>
      page
        .waitForFunction(() => {
          const text = document.querySelector('.pf-pod[data-pod="sleeper"] .pf-pod__status')?.textContent ?? "";
          return Number(text.match(/(\d+)s left/)?.[1] ?? NaN) || null;
        })
        .then((h) => h.jsonValue());
    const before = await left();
    assert.ok(before >= 25 && before <= 30, `grace left ${before}`);
    // At 1× the countdown drops within a second or two of wall time; a loaded machine is slower.
    await page.waitForFunction(
      (n) => Number(document.querySelector('.pf-pod[data-pod="sleeper"] .pf-pod__status')?.textContent.match(/(\d+)s left/)?.[1]) < n,
      before,
      { timeout: 60_000 },
    );
    await page.screenshot({ path: ARTIFACTS + "stage-terminating-1280.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("with reduced motion nothing travels: the receiver is highlighted and the caption changes", async () => {
    const { ctx, page, problems } = await open(f.browser, { url: f.site.url, context: { reducedMotion: "reduce" } });
    // Every dot drawn and every receiver lit, from before the command on.
    await page.evaluate(() => {
      window.pfSeen = { dots: 0, hits: 0 };
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === "attributes" && r.target.classList.contains("pf-hit") && r.target.closest(".pf-stage") && !(r.oldValue ?? "").includes("pf-hit")) window.pfSeen.hits += 1;
          for (const n of r.addedNodes) {
            if (n.nodeType === 1 && (n.matches(".pf-flow .pf-dot") || n.querySelector(".pf-flow .pf-dot"))) window.pfSeen.dots += 1;
          }
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"], attributeOldValue: true });
    });
    await type(page, "kubectl create deployment web --image=nginx --replicas=2");
    // Five receivers lit: five messages delivered that would each have flown as a dot.
    await page.waitForFunction(() => window.pfSeen.hits >= 5, null, { timeout: 30_000 });
    const seen = await page.evaluate(() => ({ ...window.pfSeen, now: document.querySelectorAll(".pf-flow .pf-dot").length }));
    assert.equal(seen.dots + seen.now, 0, "a dot was drawn under reduced motion");
    await page.locator(".pf-flow__caption", { hasText: "→" }).waitFor();
    assert.ok((await page.locator(".pf-message").count()) > 0, "the message list is the text equivalent");
    await page.screenshot({ path: ARTIFACTS + "stage-reduced-motion-1280.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("at 1920x1080 the stage fits its panel without overflowing sideways", async () => {
    const { ctx, page, problems } = await open(f.browser, { url: f.site.url, viewport: { width: 1920, height: 1080 } });
    await type(page, "kubectl create deployment web --image=nginx --replicas=3");
    await type(page, "kubectl expose deployment web --port=80");
    await page.locator('.pf-workload[data-deployment="web"]', { hasText: "3/3 ready" }).waitFor({ timeout: VIRTUAL_TIMEOUT });
    await page.getByRole("button", { name: "Scale web up by one" }).click();
    await page.locator(".pf-terminal__cmd", { hasText: "kubectl scale deployment web --replicas=4 -n default" }).waitFor();
    await page.locator('.pf-workload[data-deployment="web"]', { hasText: "/4 ready" }).waitFor();
    // Messages in flight while the layout is measured (and in the screenshot).
    await waitForDots(page, ".pf-flow .pf-dot", 2);
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
