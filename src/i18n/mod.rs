//! Translation tables and the lookup.
//!
//! Every user-visible string goes through [`Key`]. Each language is one table (`en.rs`,
//! `zh_cn.rs`) written as an exhaustive `match`, so the compiler refuses a key that a language
//! forgets. The chosen language comes from localStorage if the user picked one before, otherwise
//! from `navigator.language`.

mod en;
mod key;
mod lang;
mod zh_cn;

pub use key::Key;
pub use lang::Lang;

use leptos::prelude::*;

/// The localStorage key that remembers the user's language choice.
pub const STORAGE_KEY: &str = "podflow.lang";

/// Returns the text of `key` in `lang`.
pub fn lookup(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::En => en::text(key),
        Lang::ZhCn => zh_cn::text(key),
    }
}

/// The reactive language of the page, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Creates the handle with `lang` as the current language.
    pub fn new(lang: Lang) -> Self {
        Self {
            lang: RwSignal::new(lang),
        }
    }

    /// The current language (tracked when read inside a reactive closure).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// Switches the page to `lang` and remembers the choice.
    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        lang::remember(lang);
        lang::apply_to_document(lang);
    }

    /// The text of `key` in the current language (tracked when read inside a reactive closure).
    pub fn t(&self, key: Key) -> &'static str {
        lookup(self.lang(), key)
    }
}

/// The stored or browser language, read without touching reactive state (for the panic panel).
pub fn current_lang() -> Lang {
    lang::detect()
}

/// Creates the [`I18n`] handle from the stored or browser language and provides it as context.
pub fn provide_i18n() -> I18n {
    let lang = lang::detect();
    lang::apply_to_document(lang);
    let i18n = I18n::new(lang);
    provide_context(i18n);
    i18n
}

/// The [`I18n`] handle provided by [`provide_i18n`].
///
/// # Panics
/// Panics when called outside a component tree that called [`provide_i18n`].
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts that Chinese Kubernetes writing keeps in English (a column headed with the
    /// resource's name): the same in both tables on purpose, not by omission.
    const SAME_IN_BOTH: &[Key] = &[Key::AllocPodColumn];

    #[test]
    fn every_key_has_a_distinct_chinese_text() {
        for key in Key::ALL {
            let en = lookup(Lang::En, *key);
            let zh = lookup(Lang::ZhCn, *key);
            assert!(!en.is_empty(), "{key:?} has no English text");
            assert!(!zh.is_empty(), "{key:?} has no Chinese text");
            if !SAME_IN_BOTH.contains(key) {
                assert_ne!(en, zh, "{key:?} is not translated");
            }
        }
    }

    #[test]
    fn browser_tags_map_to_languages() {
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("zh"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("zh-Hans-SG"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr-FR"), None);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(*lang));
        }
    }
}
