//! The languages Podflow speaks, and how the page picks one.

use super::STORAGE_KEY;

/// A language with a translation table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Simplified Chinese.
    ZhCn,
}

impl Lang {
    /// Every language, in the order the switch shows them.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::ZhCn];

    /// The BCP 47 tag, used for `<html lang>` and localStorage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language's name in itself, as the switch shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }

    /// Maps a browser language tag to a language, if Podflow has one close enough.
    ///
    /// Every Chinese variant maps to Simplified Chinese: it is closer to a Traditional Chinese
    /// reader than English is.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::ZhCn),
            _ => None,
        }
    }
}

/// The remembered choice, else the first browser language Podflow speaks, else English.
pub(super) fn detect() -> Lang {
    remembered().or_else(from_navigator).unwrap_or(Lang::En)
}

fn remembered() -> Option<Lang> {
    let storage = web_sys::window()?.local_storage().ok()??;
    let tag = storage.get_item(STORAGE_KEY).ok()??;
    Lang::from_tag(&tag)
}

fn from_navigator() -> Option<Lang> {
    let navigator = web_sys::window()?.navigator();
    let mut tags: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|value| value.as_string())
        .collect();
    tags.extend(navigator.language());
    tags.iter().find_map(|tag| Lang::from_tag(tag))
}

/// Stores the choice; a browser that refuses storage (private mode) simply forgets it.
pub(super) fn remember(lang: Lang) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(STORAGE_KEY, lang.tag());
    }
}

/// Sets `<html lang>` so screen readers and fonts follow the language.
pub(super) fn apply_to_document(lang: Lang) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = root.set_attribute("lang", lang.tag());
    }
}
