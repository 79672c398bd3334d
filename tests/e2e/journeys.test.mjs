// The visualizer's journeys on the release build: what a learner does, and what the engine shows.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, fastest, fixture, mounted, open as openPage, pause, prompt, run, VIRTUAL_TIMEOUT, waitForCount } from "./browser.mjs";

const open = (browser, url) => openPage(browser, { url });

/** Runs a kubectl line in the terminal panel. */
const kubectl = run;

/** Types `text` key by key at the end of the prompt, as a learner does. */
async function typeKeys(page, text) {
  await prompt(page).pressSequentially(text);
}

const webOn = (node, extra = "") => `.pf-node[data-node="${node}"] .pf-pod[data-pod^="web-"]${extra}`;

describe("journeys", () => {
  const f = fixture();

  test("applying the nginx pod goes through the control plane and ends Running on a worker", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.locator(".pf-editor__result", { hasText: "pod/nginx created" }).waitFor();
    await page.locator(".pf-message__route", { hasText: "kube-apiserver" }).first().waitFor();
    const pod = page.locator('.pf-node .pf-pod[data-pod="nginx"][data-status="Running"]');
    await pod.waitFor({ timeout: VIRTUAL_TIMEOUT });
    const node = await pod.locator("xpath=ancestor::article").getAttribute("data-node");
    assert.notEqual(node, "k8s-master");
    await kubectl(page, "kubectl get pods -o wide");
    await page.locator(".pf-terminal__out", { hasText: "Running" }).waitFor();
    await page.screenshot({ path: ARTIFACTS + "journey-nginx-running.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("the trace shows the create path in order: apiserver, etcd, scheduler bind, kubelet", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url);
    // Apply at the very start of the timeline (acting in the past keeps only what came before):
    // the same moment on every run. Applied at whatever moment the test paused, the network's
    // seeded latencies sometimes let the scheduler bind before kubectl's answer came back, so
    // the binding had left the five-line log before the test could read it.
    await pause(page);
    await page.getByRole("slider", { name: "Moment shown on the timeline" }).focus();
    await page.keyboard.press("Home");
    await page.getByText("Viewing the past").waitFor();
    await page.getByRole("button", { name: "Apply" }).click();
    await page.locator(".pf-editor__result", { hasText: "pod/nginx created" }).waitFor();
    await page.getByText("Viewing the past").waitFor({ state: "detached" });
    // Step until the kubelet hears of the pod, collecting the messages step by step (the log
    // keeps the newest five, newest first).
    const messages = page.locator(".pf-message");
    const seen = (await messages.allTextContents()).reverse();
    const bind = (m) => /kube-scheduler → kube-apiserver.*nginx/.test(m);
    const toKubelet = (m) => /kube-apiserver → kubelet@k8s-node-\d.*nginx/.test(m);
    for (let i = 0; i < 300 && !seen.some(toKubelet); i++) {
      await page.getByRole("button", { name: "Next event" }).click();
      seen.push(...(await messages.allTextContents()).reverse());
    }
    const log = seen.join("\n");
    assert.ok(seen.some(bind), `no binding of nginx in:\n${log}`);
    assert.ok(seen.some(toKubelet), `the kubelet never heard of nginx:\n${log}`);
    assert.ok(seen.findIndex(bind) < seen.findIndex(toKubelet), `the kubelet heard of nginx before the binding:\n${log}`);
    await page.screenshot({ path: ARTIFACTS + "journey-stepping.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("a Pod under apps/v1 shows the real error at its line", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url);
    await page.getByRole("combobox").first().selectOption("mistake-apps-v1-pod.yaml");
    const problem = page.locator(".pf-editor__problems li").first();
    await problem.waitFor();
    assert.match(await problem.textContent(), /no matches for kind "Pod" in version "apps\/v1"/);
    assert.equal(await page.locator(".pf-editor__ln--bad").count() > 0, true);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.locator(".pf-editor__result", { hasText: "resource mapping not found" }).waitFor();
    await page.screenshot({ path: ARTIFACTS + "journey-apps-v1-error.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("a reload keeps the editor's text", async () => {
    const { ctx, page } = await open(f.browser, f.site.url);
    const editor = page.getByRole("textbox", { name: "YAML editor" });
    await editor.fill("# my notes\napiVersion: v1\nkind: Pod\n");
    await page.reload();
    await mounted(page);
    assert.equal(await page.getByRole("textbox", { name: "YAML editor" }).inputValue(), "# my notes\napiVersion: v1\nkind: Pod\n");
    await ctx.close();
  });

  test("the seeds' taint session, typed in the terminal with Tab completion", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url);
    const input = prompt(page);
    // `kubectl label node` + Tab: the only type that starts so is `nodes`.
    await typeKeys(page, "kubectl label node");
    await input.press("Tab");
    assert.equal(await input.inputValue(), "kubectl label nodes ");
    // Two nodes start with `k8s-node-`: the first Tab adds nothing, the second lists them.
    await typeKeys(page, "k8s-node-");
    await input.press("Tab");
    await input.press("Tab");
    const listing = page.locator(".pf-terminal__listing").last();
    await listing.waitFor();
    assert.deepEqual(await listing.locator("li").allTextContents(), ["k8s-node-1", "k8s-node-2"]);
    await page.screenshot({ path: ARTIFACTS + "journey-taint-tab-listing.png" });
    await typeKeys(page, "1");
    await input.press("Tab");
    assert.equal(await input.inputValue(), "kubectl label nodes k8s-node-1 ");
    await typeKeys(page, "env=dev");
    await input.press("Enter");
    await page.locator(".pf-terminal__out", { hasText: "node/k8s-node-1 labeled" }).waitFor();
    await kubectl(page, "kubectl taint node k8s-node-1 env=dev:NoSchedule");
    await page.locator(".pf-terminal__out", { hasText: "node/k8s-node-1 tainted" }).waitFor();
    await kubectl(page, "kubectl create deployment web --image=nginx");
    await page.locator(".pf-terminal__out", { hasText: "deployment.apps/web created" }).waitFor();
    await typeKeys(page, "kubectl scale deployment w");
    await input.press("Tab");
    assert.equal(await input.inputValue(), "kubectl scale deployment web ");
    await typeKeys(page, "--replicas=5");
    await input.press("Enter");
    await page.locator(".pf-terminal__out", { hasText: "deployment.apps/web scaled" }).waitFor();
    await fastest(page);
    await waitForCount(page, webOn("k8s-node-2", '[data-status="Running"]'), 5, 5);
    assert.equal(await page.locator(webOn("k8s-node-1")).count(), 0);
    await page.locator('.pf-node[data-node="k8s-node-2"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: ARTIFACTS + "journey-taint-all-on-node-2.png" });

    // Tab offers the node's taint with `-`, which removes it.
    await typeKeys(page, "kubectl taint node k8s-node-1 e");
    await input.press("Tab");
    assert.equal(await input.inputValue(), "kubectl taint node k8s-node-1 env=dev:NoSchedule- ");
    await input.press("Enter");
    await page.locator(".pf-terminal__out", { hasText: "node/k8s-node-1 untainted" }).waitFor();
    await kubectl(page, "kubectl scale deployment web --replicas=8");
    await waitForCount(page, webOn("k8s-node-1", '[data-status="Running"]'), 1);
    await waitForCount(page, '.pf-node .pf-pod[data-pod^="web-"][data-status="Running"]', 8, 8);
    await page.locator('.pf-node[data-node="k8s-node-1"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: ARTIFACTS + "journey-taint-removed.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("the terminal: history, Ctrl+C, Ctrl+L, wide output and a newest line in view", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url);
    const input = prompt(page);
    const log = page.locator(".pf-terminal__log");
    for (let i = 0; i < 6; i++) await kubectl(page, "kubectl get nodes -o wide");
    await kubectl(page, "kubectl version");
    await page.locator(".pf-terminal__out", { hasText: "Client Version" }).waitFor();
    // The newest output is scrolled into view.
    await page.waitForFunction(() => {
      const el = document.querySelector(".pf-terminal__log");
      return el.scrollHeight > el.clientHeight && el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
    });
    // A wide table scrolls inside the log; the page does not widen.
    const widths = await page.evaluate(() => ({
      log: document.querySelector(".pf-terminal__log").scrollWidth,
      page: document.documentElement.scrollWidth,
      view: window.innerWidth,
    }));
    assert.ok(widths.page <= widths.view, JSON.stringify(widths));
    // ↑ brings back the last line.
    await input.press("ArrowUp");
    assert.equal(await input.inputValue(), "kubectl version");
    // Ctrl+C abandons it, printed with ^C as a shell does.
    await input.press("Control+c");
    assert.equal(await input.inputValue(), "");
    await page.locator(".pf-terminal__cmd", { hasText: "$ kubectl version^C" }).waitFor();
    await page.screenshot({ path: ARTIFACTS + "journey-terminal-keys.png" });
    // Output is text, never markup.
    await kubectl(page, "kubectl get pods -l '<b>x</b>'");
    assert.equal(await log.locator("b").count(), 0);
    assert.match(await log.textContent(), /<b>x<\/b>/);
    // Ctrl+L clears the screen; the history stays.
    await input.press("Control+l");
    assert.equal(await page.locator(".pf-terminal__cmd").count(), 0);
    await input.press("ArrowUp");
    assert.match(await input.inputValue(), /<b>x<\/b>/);
    // The same wide table at 1920x1080: the layout holds.
    await input.press("Escape");
    await kubectl(page, "kubectl get nodes -o wide");
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.locator(".pf-terminal__out", { hasText: "INTERNAL-IP" }).waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    await page.screenshot({ path: ARTIFACTS + "journey-terminal-1080p.png" });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test("switching to Chinese changes the interface and is remembered after a reload", async () => {
    const { ctx, page, problems } = await open(f.browser, f.site.url);
    await page.getByRole("button", { name: "简体中文" }).click();
    const zh = async () => {
      await page.locator('html[lang="zh-CN"]').waitFor({ state: "attached" });
      await page.locator(".pf-header__tagline", { hasText: "一条消息一条消息地看 Kubernetes 如何工作" }).waitFor();
      await page.getByRole("heading", { name: "终端", level: 2 }).waitFor();
      await page.getByRole("heading", { name: "集群", level: 2 }).waitFor();
      await page.getByRole("heading", { name: "YAML 编辑器", level: 2 }).waitFor();
      await page.getByRole("button", { name: "应用" }).waitFor();
      await page.getByRole("button", { name: "下一个事件" }).waitFor();
      await page.getByRole("textbox", { name: "kubectl 命令" }).waitFor();
      assert.equal(await page.getByRole("button", { name: "Apply" }).count(), 0);
    };
    await zh();
    await page.screenshot({ path: ARTIFACTS + "journey-chinese.png" });
    await page.reload();
    await mounted(page);
    await zh();
    await page.screenshot({ path: ARTIFACTS + "journey-chinese-after-reload.png" });
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Terminal", level: 2 }).waitFor();
    await page.getByRole("button", { name: "Apply" }).waitFor();
    await page.locator('html[lang="en"]').waitFor({ state: "attached" });
    await page.reload();
    await page.getByRole("heading", { name: "Terminal", level: 2 }).waitFor();
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
