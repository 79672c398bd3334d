//! Splitting a multi-document file at `---` lines, exactly where kubectl splits it.
//!
//! Mirrors `staging/src/k8s.io/apimachinery/pkg/util/yaml/decoder.go` (`YAMLReader.Read`): a line
//! that starts with `---` ends the current document when that document is non-empty; a leading
//! `---` (nothing read yet) stays in the first document, so go-yaml counts it as line 1. Anything
//! but spaces or a comment after `---` is `invalid Yaml document separator: <rest>`, which stops
//! the reader. Left out: the JSON stream detection of `YAMLOrJSONDecoder` (JSON is valid YAML and
//! goes through the same path here).

/// One document's text and where it starts in the whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// 1-based line of the chunk's first line in the whole text.
    pub start_line: usize,
    pub text: String,
}

/// The chunks before the first bad separator, and the separator error if there was one.
pub fn split(text: &str) -> (Vec<Chunk>, Option<(usize, String)>) {
    let mut chunks = Vec::new();
    let mut buffer = String::new();
    let mut start_line = 1;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_no = i + 1;
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                if !buffer.is_empty() {
                    chunks.push(Chunk {
                        start_line,
                        text: std::mem::take(&mut buffer),
                    });
                }
                let msg = format!("invalid Yaml document separator: {trimmed}");
                return (chunks, Some((line_no, msg)));
            }
            if !buffer.is_empty() {
                chunks.push(Chunk {
                    start_line,
                    text: std::mem::take(&mut buffer),
                });
                start_line = line_no + 1;
                continue;
            }
        }
        if buffer.is_empty() {
            start_line = line_no;
        }
        buffer.push_str(line);
    }
    if !buffer.is_empty() {
        chunks.push(Chunk {
            start_line,
            text: buffer,
        });
    }
    (chunks, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_end_documents() {
        let (chunks, err) = split("a: 1\n---\nb: 2\n--- # two\nc: 3\n");
        assert_eq!(err, None);
        let starts: Vec<usize> = chunks.iter().map(|c| c.start_line).collect();
        assert_eq!(starts, vec![1, 3, 5]);
        assert_eq!(chunks[1].text, "b: 2\n");
    }

    #[test]
    fn leading_separator_stays_in_the_first_document() {
        let (chunks, _) = split("---\na: 1\n");
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].start_line, 1);
        assert_eq!(chunks[0].text, "---\na: 1\n");
    }

    #[test]
    fn text_after_separator_is_an_error() {
        let (chunks, err) = split("a: 1\n--- b\nc: 2\n");
        assert_eq!(chunks.len(), 1);
        assert_eq!(
            err,
            Some((2, "invalid Yaml document separator: b".to_string()))
        );
    }
}
