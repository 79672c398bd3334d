//! Shared links and session files: what a learner did, packed so it can be reopened elsewhere.
//!
//! Not a Kubernetes concept. A [`Shared`] payload holds the session script (replayed from the
//! seed on the other side, see `Sim::restore`), the editor's text, the open lesson and step, and
//! the language. A link carries it in the URL fragment (`#s=...`): JSON, deflate-compressed in a
//! zlib wrapper (its checksum catches a damaged link), then base64url without padding. The
//! fragment never reaches a server, so a static host serves the page unchanged and the state
//! stays in the browser. A session file (`.podflow.json`) holds the same payload as readable
//! JSON. Everything here is pure, so it is tested natively.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The payload format this build writes; an unknown later one is refused with a message.
pub const VERSION: u32 = 1;
/// The fragment key: `#s=<payload>`.
pub const FRAGMENT_KEY: &str = "s=";
/// The file name a download gets.
pub const FILE_NAME: &str = "session.podflow.json";
/// No link or file inflates past this (a malicious link could otherwise fill the memory).
const MAX_INFLATED: usize = 4 << 20;

/// The open lesson in a shared state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonAt {
    /// The lesson's `id`.
    pub id: String,
    /// The step shown, 0-based.
    pub step: usize,
    /// The lesson's YAML when it is not a builtin one (a teacher's own file), so the link
    /// works for someone who never loaded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Everything a link or a session file restores.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shared {
    /// The payload format, [`VERSION`].
    pub version: u32,
    /// The session script (`Sim::session_script`), replayed on a cluster of the same seed.
    pub script: String,
    /// The YAML editor's text.
    pub editor: String,
    /// The open lesson and step, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<LessonAt>,
    /// The UI language tag (`en`, `zh-CN`).
    pub lang: String,
}

/// Why a link or file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not base64url: the link was cut or mistyped.
    Encoding,
    /// The compressed data is truncated or damaged.
    Compression,
    /// Not a Podflow session (the message says what is wrong).
    Payload(String),
    /// Written by a newer Podflow.
    Version(u32),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::Encoding => {
                f.write_str("the link is not valid base64url (cut or mistyped?)")
            }
            ShareError::Compression => f.write_str("the link's data is truncated or damaged"),
            ShareError::Payload(m) => write!(f, "not a Podflow session: {m}"),
            ShareError::Version(v) => write!(f, "written by a newer Podflow (format {v})"),
        }
    }
}

impl Shared {
    /// The payload as a URL-safe string: JSON, deflated, base64url.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(&json, 9))
    }

    /// Reads what [`Shared::encode`] wrote.
    pub fn decode(text: &str) -> Result<Shared, ShareError> {
        let packed = URL_SAFE_NO_PAD
            .decode(text.trim().trim_end_matches('='))
            .map_err(|_| ShareError::Encoding)?;
        let json = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, MAX_INFLATED)
            .map_err(|_| ShareError::Compression)?;
        Shared::from_json(&String::from_utf8_lossy(&json))
    }

    /// The session file's text: the same payload as readable JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a session file.
    pub fn from_json(text: &str) -> Result<Shared, ShareError> {
        let shared: Shared =
            serde_json::from_str(text).map_err(|e| ShareError::Payload(e.to_string()))?;
        if shared.version > VERSION {
            return Err(ShareError::Version(shared.version));
        }
        Ok(shared)
    }

    /// The URL fragment (without `#`) that carries this payload.
    pub fn to_fragment(&self) -> String {
        format!("{FRAGMENT_KEY}{}", self.encode())
    }

    /// Reads a URL fragment (`location.hash`, with or without `#`): `None` when it carries no
    /// shared state, so a page without one starts as usual.
    pub fn from_fragment(hash: &str) -> Option<Result<Shared, ShareError>> {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let data = hash
            .split('&')
            .find_map(|part| part.strip_prefix(FRAGMENT_KEY))?;
        Some(Shared::decode(data))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Shared {
        Shared {
            version: VERSION,
            script: "advance 3000ms\nkubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nEOF\n\
                     advance 12000ms\nkubectl label pod nginx tier=web\nadvance 500ms\n"
                .into(),
            editor: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx # 中文注释\n".into(),
            lesson: Some(LessonAt {
                id: "create-pod-flow".into(),
                step: 2,
                source: None,
            }),
            lang: "zh-CN".into(),
        }
    }

    #[test]
    fn a_link_round_trips_and_stays_url_safe() {
        let s = sample();
        let frag = s.to_fragment();
        assert!(frag.starts_with("s="));
        assert!(frag[2..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(
            Shared::from_fragment(&format!("#{frag}")),
            Some(Ok(s.clone()))
        );
        assert_eq!(Shared::from_fragment(&frag), Some(Ok(s)));
    }

    #[test]
    fn a_file_round_trips_and_keeps_a_teachers_lesson() {
        let mut s = sample();
        s.lesson = Some(LessonAt {
            id: "mine".into(),
            step: 0,
            source: Some("id: mine\n".into()),
        });
        assert_eq!(Shared::from_json(&s.to_json()), Ok(s));
    }

    #[test]
    fn a_long_session_compresses_well() {
        let mut s = sample();
        s.script = "advance 100ms\nkubectl get pods -o wide\n".repeat(400);
        let raw = serde_json::to_vec(&s).unwrap().len();
        let packed = s.encode().len();
        assert!(packed * 10 < raw, "{packed} of {raw}");
    }

    #[test]
    fn no_fragment_means_nothing_to_restore() {
        assert_eq!(Shared::from_fragment(""), None);
        assert_eq!(Shared::from_fragment("#"), None);
        assert_eq!(Shared::from_fragment("#section-2"), None);
    }

    #[test]
    fn damaged_links_give_clear_errors() {
        let good = sample().encode();
        // Every truncation fails (the zlib checksum catches what base64 and deflate do not).
        for n in 0..good.len() {
            assert!(Shared::decode(&good[..n]).is_err(), "cut at {n}");
        }
        let cut = &good[..good.len() / 8 * 4];
        assert_eq!(Shared::decode(cut), Err(ShareError::Compression));
        assert_eq!(Shared::decode("not base64!*"), Err(ShareError::Encoding));
        let mut flipped = good.clone().into_bytes();
        flipped[10] = if flipped[10] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert!(Shared::decode(&flipped).is_err());
        let json = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(b"[1,2]", 6));
        assert!(matches!(Shared::decode(&json), Err(ShareError::Payload(_))));
        assert!(Shared::decode(cut)
            .unwrap_err()
            .to_string()
            .contains("truncated"));
    }

    #[test]
    fn a_newer_format_and_unknown_fields_are_refused() {
        let mut s = sample();
        s.version = VERSION + 1;
        assert_eq!(
            Shared::decode(&s.encode()),
            Err(ShareError::Version(VERSION + 1))
        );
        let extra = r#"{"version":1,"script":"","editor":"","lang":"en","evil":1}"#;
        assert!(
            matches!(Shared::from_json(extra), Err(ShareError::Payload(m)) if m.contains("evil"))
        );
    }

    #[test]
    fn a_bomb_is_stopped_at_the_limit() {
        let huge = vec![b' '; MAX_INFLATED + 10];
        let packed = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(&huge, 9));
        assert_eq!(Shared::decode(&packed), Err(ShareError::Compression));
    }
}
