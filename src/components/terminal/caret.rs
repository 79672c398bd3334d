//! Caret positions between the browser, which counts UTF-16 code units, and Rust strings,
//! which count bytes: a line with `日本` or an emoji must not put the caret mid-character.

/// The byte offset of a caret the browser gives in UTF-16 code units (clamped to the line).
pub fn byte_at_utf16(s: &str, units: u32) -> usize {
    let mut n = 0u32;
    for (i, c) in s.char_indices() {
        if n >= units {
            return i;
        }
        n += c.len_utf16() as u32;
    }
    s.len()
}

/// The UTF-16 caret for a byte offset (clamped to the line).
pub fn utf16_at_byte(s: &str, byte: usize) -> u32 {
    let prefix = s.get(..byte).unwrap_or(s);
    prefix.encode_utf16().count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_one_to_one() {
        assert_eq!(byte_at_utf16("kubectl get", 7), 7);
        assert_eq!(utf16_at_byte("kubectl get", 7), 7);
        assert_eq!(byte_at_utf16("kubectl", 99), 7);
    }

    #[test]
    fn wide_characters_count_apart() {
        // `日` is 3 bytes and 1 unit; `🚀` is 4 bytes and 2 units.
        let s = "a日🚀b";
        assert_eq!(byte_at_utf16(s, 2), 4);
        assert_eq!(byte_at_utf16(s, 4), 8);
        assert_eq!(utf16_at_byte(s, 8), 4);
        assert_eq!(utf16_at_byte(s, s.len()), 5);
        // A byte offset inside a character falls back to the whole line, never a panic.
        assert_eq!(utf16_at_byte(s, 2), 5);
    }
}
