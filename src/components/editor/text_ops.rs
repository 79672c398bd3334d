//! Editing keys of the textarea (Tab, Shift+Tab, Enter) and moving the caret to a line.
//!
//! The edits are computed by pure functions on the text, then made through the browser's
//! `insertText` command, so they join the textarea's own undo history (Ctrl+Z undoes an indent
//! like any typing). Offsets in the DOM are UTF-16 code units; the text here is UTF-8.

use wasm_bindgen::prelude::wasm_bindgen;
use web_sys::HtmlTextAreaElement;

/// Spaces per indentation level: YAML forbids tabs, Kubernetes examples use two.
pub const INDENT: &str = "  ";

#[wasm_bindgen]
extern "C" {
    /// `document.execCommand`: the one way to edit a textarea that keeps its undo history.
    #[wasm_bindgen(js_namespace = document, js_name = execCommand)]
    fn exec_command(command: &str, show_ui: bool, value: &str) -> bool;
}

/// Byte offset of the UTF-16 offset `u16_pos` in `text` (clamped to the text).
pub fn to_byte(text: &str, u16_pos: u32) -> usize {
    let mut units = 0u32;
    for (i, c) in text.char_indices() {
        if units >= u16_pos {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// UTF-16 offset of the byte offset `byte` in `text`.
pub fn to_u16(text: &str, byte: usize) -> u32 {
    text[..byte.min(text.len())].encode_utf16().count() as u32
}

/// An edit: replace bytes `start..end` with `insert`, then select `select` (bytes, in the new
/// text).
#[derive(Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub insert: String,
    pub select: (usize, usize),
}

/// Tab / Shift+Tab over the selection `sel` (bytes). A caret without selection gets two spaces
/// on Tab; otherwise every line the selection touches is indented or outdented by one level.
pub fn indent(text: &str, sel: (usize, usize), outdent: bool) -> Option<Edit> {
    let (a, b) = sel;
    if !outdent && a == b {
        return Some(Edit {
            start: a,
            end: b,
            insert: INDENT.into(),
            select: (a + 2, a + 2),
        });
    }
    let start = text[..a].rfind('\n').map_or(0, |i| i + 1);
    // A selection ending just after a newline does not take the next line along.
    let last = if b > a && text[..b].ends_with('\n') {
        b - 1
    } else {
        b
    };
    let end = text[last..].find('\n').map_or(text.len(), |i| last + i);
    let block = &text[start..end];
    let lines: Vec<String> = block
        .split('\n')
        .map(|l| {
            if outdent {
                let n = l.len() - l.trim_start_matches(' ').len();
                l[n.min(2)..].to_string()
            } else {
                format!("{INDENT}{l}")
            }
        })
        .collect();
    let insert = lines.join("\n");
    if insert == block {
        return None;
    }
    let select = (start, start + insert.len());
    Some(Edit {
        start,
        end,
        insert,
        select,
    })
}

/// Enter: a newline with the current line's indentation, one level more after `key:` or `-`.
pub fn newline(text: &str, caret: usize) -> String {
    let start = text[..caret].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..caret];
    let spaces = line.len() - line.trim_start_matches(' ').len();
    let mut indent = " ".repeat(spaces);
    let before = line.trim_end();
    let code = before.split(" #").next().unwrap_or(before).trim_end();
    if code.ends_with(':') || code.trim_start() == "-" {
        indent.push_str(INDENT);
    } else if let Some(item) = code.trim_start().strip_prefix("- ") {
        // `- name: web` ⏎ continues the item's mapping under `name`.
        if item.contains(": ") || item.ends_with(':') {
            indent.push_str(INDENT);
        }
    }
    format!("\n{indent}")
}

/// Bytes `start..end` of line `line` (1-based) of `text`, without its newline.
pub fn line_span(text: &str, line: usize) -> (usize, usize) {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    (start, end)
}

/// Makes `edit` in the textarea through the browser (undoable), falling back to setting the
/// range directly. Returns the new text.
pub fn apply_edit(area: &HtmlTextAreaElement, edit: &Edit) -> String {
    let text = area.value();
    let (s, e) = (to_u16(&text, edit.start), to_u16(&text, edit.end));
    let _ = area.set_selection_range(s, e);
    if !exec_command("insertText", false, &edit.insert) {
        let _ = area.set_range_text_with_start_and_end(&edit.insert, s, e);
    }
    let new = area.value();
    let (a, b) = edit.select;
    let _ = area.set_selection_range(to_u16(&new, a), to_u16(&new, b));
    new
}

/// The selection of the textarea, in bytes of its text.
pub fn selection(area: &HtmlTextAreaElement, text: &str) -> (usize, usize) {
    let a = area.selection_start().ok().flatten().unwrap_or(0);
    let b = area.selection_end().ok().flatten().unwrap_or(a);
    (to_byte(text, a), to_byte(text, b))
}

/// Puts the caret at the start of `line`, selects the line and scrolls it into view.
pub fn go_to_line(area: &HtmlTextAreaElement, line: usize, line_height: i32) {
    let text = area.value();
    let (a, b) = line_span(&text, line);
    let _ = area.focus();
    let _ = area.set_selection_range(to_u16(&text, a), to_u16(&text, b));
    let y = (line as i32 - 1) * line_height;
    area.set_scroll_top((y - area.client_height() / 3).max(0));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_inserts_two_spaces_at_the_caret() {
        let e = indent("a:\nb", (3, 3), false).unwrap();
        assert_eq!(
            (e.start, e.end, e.insert.as_str(), e.select),
            (3, 3, "  ", (5, 5))
        );
    }

    #[test]
    fn tab_and_shift_tab_move_every_selected_line() {
        let text = "a:\n- x\n - y\nz";
        let e = indent(text, (4, 9), false).unwrap();
        assert_eq!(
            (e.start, e.end, e.insert.as_str()),
            (3, 11, "  - x\n   - y")
        );
        let e = indent(text, (4, 9), true).unwrap();
        assert_eq!(e.insert, "- x\n- y");
        assert_eq!(indent("x", (0, 0), true), None, "nothing to outdent");
        // The line after a selection that ends at a newline stays where it is.
        assert_eq!(indent("a\nb\n", (0, 2), false).unwrap().insert, "  a");
    }

    #[test]
    fn enter_keeps_and_deepens_the_indentation() {
        assert_eq!(newline("spec:", 5), "\n  ");
        assert_eq!(newline("  containers:  # the list", 25), "\n    ");
        assert_eq!(newline("  - name: web", 13), "\n    ");
        assert_eq!(newline("    image: nginx", 16), "\n    ");
        assert_eq!(newline("  - /bin/sh", 11), "\n  ");
    }

    #[test]
    fn offsets_convert_between_utf8_and_utf16() {
        let text = "# 镜像 😀\na";
        let a = text.find('a').unwrap();
        assert_eq!(to_u16(text, a), 8);
        assert_eq!(to_byte(text, 8), a);
        assert_eq!(line_span(text, 2), (a, a + 1));
        assert_eq!(line_span("x\n", 2), (2, 2));
    }
}
