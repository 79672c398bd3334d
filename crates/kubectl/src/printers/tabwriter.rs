//! Go's `text/tabwriter` with left alignment, as kubectl uses it for tables and `describe`.
//!
//! Mirrors `text/tabwriter` (`Writer.format`): a cell is text terminated by a tab; the text
//! after a line's last tab is not aligned. A column block is a run of consecutive lines that
//! have a cell in that column; its width is the widest cell plus padding, at least `minwidth`.
//! Widths count characters, as the Go writer counts UTF-8 runes.

/// Aligns `text` the way `tabwriter.NewWriter(out, minwidth, _, padding, ' ', 0)` does.
pub fn align(text: &str, minwidth: usize, padding: usize) -> String {
    let trailing_newline = text.ends_with('\n');
    let body = text.strip_suffix('\n').unwrap_or(text);
    let lines: Vec<Vec<&str>> = body.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut out = String::new();
    let mut widths = Vec::new();
    format(
        &lines,
        0,
        lines.len(),
        &mut widths,
        minwidth,
        padding,
        &mut out,
    );
    if !trailing_newline {
        out.pop();
    }
    out
}

fn width(s: &str) -> usize {
    s.chars().count()
}

// Mirrors text/tabwriter Writer.format: recursive over column blocks.
fn format(
    lines: &[Vec<&str>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    minwidth: usize,
    padding: usize,
    out: &mut String,
) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut w = minwidth;
        while this < line1 && column + 1 < lines[this].len() {
            w = w.max(width(lines[this][column]) + padding);
            this += 1;
        }
        widths.push(w);
        format(lines, line0, this, widths, minwidth, padding, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

fn write_lines(lines: &[Vec<&str>], from: usize, to: usize, widths: &[usize], out: &mut String) {
    for line in &lines[from..to] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j + 1 < line.len() {
                if let Some(w) = widths.get(j) {
                    let pad = w.saturating_sub(width(cell));
                    out.extend(std::iter::repeat_n(' ', pad));
                }
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_columns_pad_to_widest_plus_three() {
        let t = "NAME\tREADY\tSTATUS\nweb-1\t0/1\tContainerCreating\n";
        assert_eq!(
            align(t, 6, 3),
            "NAME    READY   STATUS\nweb-1   0/1     ContainerCreating\n"
        );
    }

    #[test]
    fn a_line_without_tabs_ends_the_block() {
        let t = "Name:\tx\nCreationTimestamp:\ty\nLease:\n  HolderIdentity:\tz\n";
        assert_eq!(
            align(t, 0, 2),
            "Name:               x\nCreationTimestamp:  y\nLease:\n  HolderIdentity:  z\n"
        );
    }
}
