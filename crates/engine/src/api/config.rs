//! `core/v1` ConfigMap and Secret.
//!
//! Mirrors `staging/src/k8s.io/api/core/v1/types.go` (ConfigMap, Secret) and the v1 → internal
//! Secret conversion of `pkg/apis/core/v1/conversion.go`: `stringData` is merged into `data`
//! (winning on equal keys) when the object is decoded, so it is never stored or returned; `data`
//! values must be standard base64, as Go's `encoding/base64` checks them. Left out: mounting
//! (volumes reference ConfigMaps and Secrets only by name).

use super::meta::ObjectMeta;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `type` of a Secret created without one.
pub const SECRET_TYPE_OPAQUE: &str = "Opaque";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConfigMap {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub metadata: ObjectMeta,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub binary_data: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "RawSecret")]
pub struct Secret {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub metadata: ObjectMeta,
    /// Values in base64, as on the wire.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, String>,
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
}

/// The Secret as sent, before `stringData` is folded into `data`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[derive(Default)]
struct RawSecret {
    api_version: String,
    kind: String,
    metadata: ObjectMeta,
    data: BTreeMap<String, String>,
    string_data: BTreeMap<String, String>,
    #[serde(rename = "type")]
    type_: String,
    immutable: Option<bool>,
}

impl TryFrom<RawSecret> for Secret {
    type Error = String;

    fn try_from(raw: RawSecret) -> Result<Self, String> {
        for value in raw.data.values() {
            base64_check(value).map_err(|at| format!("illegal base64 data at input byte {at}"))?;
        }
        let mut data = raw.data;
        for (k, v) in raw.string_data {
            data.insert(k, base64_encode(v.as_bytes()));
        }
        Ok(Secret {
            api_version: raw.api_version,
            kind: raw.kind,
            metadata: raw.metadata,
            data,
            // SetDefaults_Secret: an untyped Secret is Opaque.
            type_: if raw.type_.is_empty() {
                SECRET_TYPE_OPAQUE.to_string()
            } else {
                raw.type_
            },
            immutable: raw.immutable,
        })
    }
}

impl Secret {
    /// The decoded value of a key, if present and valid UTF-8.
    pub fn value(&self, key: &str) -> Option<String> {
        let bytes = base64_decode(self.data.get(key)?).ok()?;
        String::from_utf8(bytes).ok()
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (`base64.StdEncoding.EncodeToString`).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64; `Err(offset)` points at the first illegal byte, as Go reports it.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, usize> {
    let bytes = text.as_bytes();
    if let Some(at) = bytes
        .iter()
        .position(|c| *c != b'=' && !ALPHABET.contains(c))
    {
        return Err(at);
    }
    if !bytes.len().is_multiple_of(4) {
        // Go reports the position where the incomplete quantum starts.
        return Err(bytes.len() / 4 * 4);
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (q, quad) in bytes.chunks(4).enumerate() {
        let last = q == bytes.len() / 4 - 1;
        let mut n: u32 = 0;
        let mut pad = 0;
        for (i, &c) in quad.iter().enumerate() {
            let at = q * 4 + i;
            let v = if c == b'=' && last && i >= 2 {
                pad += 1;
                0
            } else if pad > 0 {
                return Err(at);
            } else {
                ALPHABET.iter().position(|&a| a == c).ok_or(at)? as u32
            };
            n = (n << 6) | v;
        }
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..3 - pad]);
    }
    Ok(out)
}

fn base64_check(text: &str) -> Result<(), usize> {
    base64_decode(text).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_go_std_encoding() {
        assert_eq!(base64_encode(b"admin"), "YWRtaW4=");
        assert_eq!(base64_encode(b"1f2d1e2e67df"), "MWYyZDFlMmU2N2Rm");
        assert_eq!(base64_decode("YWRtaW4=").unwrap(), b"admin");
        assert_eq!(base64_decode("YWRt!W4="), Err(4));
        assert_eq!(base64_decode("YWR"), Err(0));
        assert_eq!(base64_decode("not base64!"), Err(3));
    }

    #[test]
    fn string_data_is_folded_into_data() {
        let s: Secret = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "db"},
            "data": {"user": "YWRtaW4="},
            "stringData": {"password": "s3cret"}
        }))
        .unwrap();
        assert_eq!(s.value("password").as_deref(), Some("s3cret"));
        assert_eq!(s.value("user").as_deref(), Some("admin"));
        let back = serde_json::to_value(&s).unwrap();
        assert!(back.get("stringData").is_none());
        assert_eq!(s.type_, "Opaque");
    }

    #[test]
    fn illegal_base64_is_a_decode_error() {
        let e = serde_json::from_value::<Secret>(serde_json::json!({
            "data": {"password": "not base64!"}
        }))
        .unwrap_err();
        assert!(e.to_string().contains("illegal base64 data at input byte"));
    }
}
