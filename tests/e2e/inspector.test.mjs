// The inspector's tabs on the built site: a failing liveness probe shown failing with the
// container restarting and its restart count rising (issue 5, journey 4), and the scheduler's
// per-node verdicts for a tainted node.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, fixture, open as openPage, run, speed, until, VIRTUAL_TIMEOUT } from "./browser.mjs";

const open = (browser, url, viewport) => openPage(browser, { url, viewport });
const kubectl = run;

describe("inspector", () => {
  const f = fixture();

  test("a failing liveness probe: failures on the timeline, the container restarts, the restart count rises", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url, { width: 1920, height: 1080 });
    await page.locator(".pf-editor__select").selectOption("liveness-exec.yaml");
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    await page.locator(".pf-editor__result", { hasText: "pod/liveness-exec created" }).waitFor();
    await speed(page, 16);
    await page.locator('.pf-pod[data-pod="liveness-exec"] .pf-pod__button').click();
    await page.getByRole("tab", { name: "Probes" }).click();
    assert.equal(await page.getByRole("tab", { name: "Probes" }).getAttribute("aria-selected"), "true");
    const probe = page.locator('.pf-probe[data-container="liveness"][data-probe="liveness"]');
    await probe.waitFor();
    assert.match(await probe.locator(".pf-probe__thresholds").textContent(), /periodSeconds 5.*failureThreshold 3/s);
    const restarts = () => probe.getAttribute("data-restarts").then(Number);
    const first = await until(restarts, (n) => n >= 1, VIRTUAL_TIMEOUT, "the first restart");
    // Failures are on the strip, with the kubelet's output in the tooltip, and the marker where
    // the third failure in a row made the kubelet kill the container.
    await page.screenshot({ path: ARTIFACTS + "inspector-probes-first-restart.png" });
    const fail = probe.locator(".pf-tick--fail").first();
    assert.match(await fail.getAttribute("title"), /failed · .*\/tmp\/healthy/);
    assert.ok((await probe.locator(".pf-mark--crossed").count()) >= 1);
    assert.ok((await probe.locator(".pf-mark--restart").count()) >= 1);
    // Time keeps running at 16×: the count and the summary are read in one go.
    const read = () =>
      probe.evaluate((e) => ({ n: Number(e.dataset.restarts), summary: e.querySelector(".pf-probe__summary")?.textContent }));
    const second = await until(read, (r) => r.n > first, 2 * VIRTUAL_TIMEOUT, "a second restart");
    assert.ok(second.n > first, `restart count rose: ${first} then ${second.n}`);
    assert.match(second.summary, new RegExp(`restart count now ${second.n}`));
    // Containers: the same count, the last state Terminated (the kill) and the restart back-off.
    await page.getByRole("tab", { name: "Containers" }).click();
    const card = page.locator('.pf-container[data-container="liveness"]');
    assert.ok(Number(await card.locator(".pf-container__restarts").textContent()) >= second.n);
    assert.match(await card.textContent(), /Last State.*Terminated · Error.*Exit Code: 137/s);
    assert.match(await page.locator(".pf-inspector__card--sandbox").textContent(), /Ready \(SANDBOX_READY\)/);
    await page.screenshot({ path: ARTIFACTS + "inspector-containers.png" });
    await page.getByRole("tab", { name: "Probes" }).click();
    await page.screenshot({ path: ARTIFACTS + "inspector-probes-restarts.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("a tainted node: the Scheduling tab shows TaintToleration filtering it and the other worker chosen", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url);
    await kubectl(page, "kubectl taint nodes k8s-node-1 env=dev:NoSchedule");
    await page.locator(".pf-terminal__out", { hasText: "node/k8s-node-1 tainted" }).waitFor();
    await kubectl(page, "kubectl create deployment web --image=nginx --replicas=3");
    await page.locator(".pf-terminal__out", { hasText: "deployment.apps/web created" }).waitFor();
    const pod = page.locator('.pf-node[data-node="k8s-node-2"] .pf-pod[data-pod^="web-"] .pf-pod__button').first();
    await pod.waitFor({ timeout: VIRTUAL_TIMEOUT });
    await pod.click();
    // Keyboard: from the Describe tab, the right arrow shows Scheduling.
    const describeTab = page.getByRole("tab", { name: "Describe" });
    await describeTab.focus();
    await page.keyboard.press("ArrowRight");
    const tab = page.getByRole("tab", { name: "Scheduling" });
    assert.equal(await tab.getAttribute("aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Scheduling");
    const panel = page.getByRole("tabpanel");
    const rejected = panel.locator('tr[data-node="k8s-node-1"]');
    await rejected.waitFor();
    assert.match(await rejected.textContent(), /TaintToleration: node\(s\) had untolerated taint\(s\)/);
    assert.match(await rejected.textContent(), /untolerated taint: env=dev:NoSchedule/);
    const chosen = panel.locator('tr[data-chosen="true"]');
    assert.equal(await chosen.getAttribute("data-node"), "k8s-node-2");
    assert.match(await chosen.textContent(), /chosen/);
    assert.match(await panel.textContent(), /Bound to k8s-node-2/);
    await page.screenshot({ path: ARTIFACTS + "inspector-scheduling-taint.png" });
    // End and Home jump to the last and first tabs.
    await page.keyboard.press("End");
    assert.equal(await page.getByRole("tab", { name: "Events" }).getAttribute("aria-selected"), "true");
    assert.match(await page.getByRole("tabpanel").textContent(), /Scheduled.*Successfully assigned default\/web-.* to k8s-node-2/s);
    await page.keyboard.press("Home");
    assert.equal(await describeTab.getAttribute("aria-selected"), "true");
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("an unschedulable pod shows the FailedScheduling message above the table, and a node its allocation", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url);
    const yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n  - name: big\n    image: nginx\n    resources:\n      requests:\n        cpu: \"64\"\n";
    await page.getByRole("textbox", { name: "YAML editor" }).fill(yaml);
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    await page.locator(".pf-editor__result", { hasText: "pod/big created" }).waitFor();
    const pending = page.locator('.pf-pod[data-pod="big"] .pf-pod__button');
    await pending.waitFor({ timeout: VIRTUAL_TIMEOUT });
    await pending.click();
    await page.getByRole("tab", { name: "Scheduling" }).click();
    const failed = page.locator(".pf-sched__outcome--failed");
    await failed.waitFor();
    assert.match(await failed.textContent(), /0\/3 nodes are available: .*Insufficient cpu/);
    await page.screenshot({ path: ARTIFACTS + "inspector-scheduling-failed.png" });
    await page.locator('.pf-node[data-node="k8s-node-1"] .pf-node__name').click();
    await page.getByRole("tab", { name: "Allocation" }).click();
    assert.match(await page.getByRole("tabpanel").textContent(), /cpu.*memory.*pods/s);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("in Chinese the tabs and their contents are translated", async () => {
    const { ctx, page, problems } = await openPage(f.browser, { url: f.site.url, locale: "zh-CN" });
    await kubectl(page, "kubectl run web --image=nginx");
    const pod = page.locator('.pf-pod[data-pod="web"][data-status="Running"] .pf-pod__button');
    await pod.waitFor({ timeout: VIRTUAL_TIMEOUT });
    await pod.click();
    await page.getByRole("tab", { name: "容器" }).click();
    const panel = page.getByRole("tabpanel");
    await panel.locator(".pf-container").waitFor();
    assert.match(await panel.textContent(), /Pod 沙箱（pause 容器）.*运行中 \(Running\)/s);
    await page.screenshot({ path: ARTIFACTS + "inspector-containers-zh-CN.png" });
    await page.getByRole("tab", { name: "调度" }).click();
    assert.match(await page.getByRole("tabpanel").textContent(), /第 1 次调度尝试/);
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
