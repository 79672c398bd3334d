//! Component tests in a real browser: `wasm-bindgen-test-runner` under headless Chromium
//! (see `webdriver.json` and `scripts/test.sh`).
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use podflow::i18n::{lookup, Key, Lang, STORAGE_KEY};
use podflow::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element appended to the body, for one test to mount into.
fn wrapper() -> HtmlElement {
    let document = document();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn remember(lang: Lang) {
    let storage = window().local_storage().unwrap().unwrap();
    storage.set_item(STORAGE_KEY, lang.tag()).unwrap();
}

#[wasm_bindgen_test]
async fn app_renders_the_frame() {
    remember(Lang::En);
    let root = wrapper();
    let _app = mount_to(root.clone(), App);
    tick().await;

    assert_eq!(text_of(&root, ".pf-header__name"), "Podflow");
    for region in ["editor", "stage", "inspector", "terminal"] {
        assert!(
            root.query_selector(&format!(".pf-panel--{region}"))
                .unwrap()
                .is_some(),
            "region {region} is missing"
        );
    }
    let components = root.query_selector_all(".pf-component").unwrap();
    assert_eq!(components.length(), 4);
    assert!(text_of(&root, ".pf-control-plane").contains("kube-apiserver"));
    assert!(root.query_selector(".pf-timeline").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn language_switch_translates_and_remembers() {
    remember(Lang::En);
    let root = wrapper();
    let _app = mount_to(root.clone(), App);
    tick().await;
    let title = lookup(Lang::En, Key::StageTitle);
    assert_eq!(text_of(&root, "#pf-stage-title"), title);

    let chinese: HtmlElement = root
        .query_selector(".pf-lang__option[lang='zh-CN']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    chinese.click();
    tick().await;

    assert_eq!(
        text_of(&root, "#pf-stage-title"),
        lookup(Lang::ZhCn, Key::StageTitle)
    );
    assert_eq!(
        chinese.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    let stored = window().local_storage().unwrap().unwrap();
    assert_eq!(
        stored.get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("zh-CN")
    );
    let html_lang = document().document_element().unwrap().get_attribute("lang");
    assert_eq!(html_lang.as_deref(), Some("zh-CN"));
    remember(Lang::En);
}

#[wasm_bindgen_test]
fn panic_panel_shows_the_message() {
    remember(Lang::En);
    let root = wrapper();
    root.set_inner_html(
        r#"<div id="pf-error" hidden><h2 class="pf-error__title"></h2>
        <p class="pf-error__advice"></p><pre class="pf-error__details"></pre></div>"#,
    );
    podflow::panic_panel::show("panicked at src/app.rs:1:1: boom");

    let panel = document().get_element_by_id("pf-error").unwrap();
    assert!(!panel.has_attribute("hidden"));
    assert_eq!(
        text_of(&panel, ".pf-error__title"),
        lookup(Lang::En, Key::PanicTitle)
    );
    assert!(text_of(&panel, ".pf-error__details").contains("boom"));
    panel.remove();
}
