//! The browser calls the lessons need: the URL (fragment, query), downloads, files, fetch and
//! the clipboard. Each one fails softly: an error is a message to show, never a panic.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// `location.hash`, with its `#`.
pub fn location_hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The value of `name` in the page's query string (`?lesson=...`), decoded.
pub fn query_param(name: &str) -> Option<String> {
    let search = window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name).filter(|v| !v.is_empty())
}

/// Drops the fragment from the address bar without reloading, so a reload does not reopen the
/// shared state over the learner's own work.
pub fn clear_hash() {
    let Some(w) = window() else { return };
    let loc = w.location();
    let url = format!(
        "{}{}",
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The page's address with `fragment` (without `#`) as its fragment.
pub fn url_with_fragment(fragment: &str) -> String {
    let href = window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}#{fragment}")
}

/// Saves `text` as a file named `name` through a Blob URL (works offline, on a static host).
pub fn download(name: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The text of a file the learner picked or dropped.
pub async fn read_file(file: web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("{e:?}"))?;
    text.as_string()
        .ok_or_else(|| "not a text file".to_string())
}

/// The body of `url`, or why it could not be had (network, CORS, HTTP status).
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let w = window().ok_or("no window")?;
    let resp = JsFuture::from(w.fetch_with_str(url))
        .await
        .map_err(js_message)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(js_message)?;
    if !resp.ok() {
        return Err(format!("HTTP {} {}", resp.status(), resp.status_text()));
    }
    let text = JsFuture::from(resp.text().map_err(js_message)?)
        .await
        .map_err(js_message)?;
    text.as_string().ok_or_else(|| "not text".to_string())
}

/// Copies `text` through `navigator.clipboard`; false when the browser refuses (no permission,
/// not a secure context), and the learner copies the shown link by hand.
pub async fn copy_text(text: &str) -> bool {
    let Some(w) = window() else { return false };
    let Ok(clipboard) = js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("clipboard"))
    else {
        return false;
    };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")) else {
        return false;
    };
    let Some(write) = write.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(text)) else {
        return false;
    };
    match promise.dyn_into::<js_sys::Promise>() {
        Ok(p) => JsFuture::from(p).await.is_ok(),
        Err(_) => false,
    }
}

fn js_message(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}
