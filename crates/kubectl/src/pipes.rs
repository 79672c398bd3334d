//! The shell pipes learners put after kubectl: `| grep [-i -v -c -E -w] PAT`, `| head -n N`,
//! `| tail -n N`, `| wc -l`.
//!
//! Mirrors GNU grep's basic and extended regular expressions (BRE is translated to the ERE
//! syntax of `regex-lite`), exit status 1 when nothing matched, and coreutils `head`,
//! `tail` and `wc -l`. Only stdout flows through a pipe, as in a shell. Left out: Unicode in
//! `-i`, `-w` and `\w` (`regex-lite` folds case and finds words in ASCII only, which is all
//! kubectl's output needs; the full `regex` crate was a tenth of the web app's size).

/// Splits a line at `|` outside quotes.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                cur.push(c);
            }
            (Some(q), c) if c == q => {
                quote = None;
                cur.push(c);
            }
            (_, '\\') => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            (None, '|') => parts.push(std::mem::take(&mut cur)),
            (_, c) => cur.push(c),
        }
    }
    parts.push(cur);
    if parts.len() > 1 && parts.iter().any(|p| p.trim().is_empty()) {
        return Err("syntax error near unexpected token `|'".into());
    }
    Ok(parts)
}

/// Runs one pipe stage over `input`; returns its stdout and exit status, or a stderr text.
pub fn apply(stage: &str, input: &str) -> Result<(String, i32), String> {
    let words = crate::parse::tokenize(stage)?;
    let Some((cmd, args)) = words.split_first() else {
        return Err("syntax error near unexpected token `|'\n".into());
    };
    match cmd.as_str() {
        "grep" | "egrep" => grep(args, input, cmd == "egrep"),
        "head" => head_tail(args, input, true),
        "tail" => head_tail(args, input, false),
        "wc" => wc(args, input),
        other => Err(format!(
            "podflow: after a pipe only grep, head, tail and wc are supported (got \"{other}\")\n"
        )),
    }
}

struct GrepOpts {
    ignore_case: bool,
    invert: bool,
    count: bool,
    extended: bool,
    word: bool,
    /// Context lines after and before each match (`-A`, `-B`, `-C`).
    after: Option<usize>,
    before: Option<usize>,
}

fn grep(args: &[String], input: &str, egrep: bool) -> Result<(String, i32), String> {
    let mut o = GrepOpts {
        ignore_case: false,
        invert: false,
        count: false,
        extended: egrep,
        word: false,
        after: None,
        before: None,
    };
    let mut patterns: Vec<String> = Vec::new();
    let mut positional = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "-e" {
            patterns.extend(args.get(i).cloned());
            i += 1;
        } else if a.len() > 1 && a.starts_with('-') && positional.is_none() {
            let chars: Vec<char> = a[1..].chars().collect();
            for (k, &c) in chars.iter().enumerate() {
                if matches!(c, 'A' | 'B' | 'C') {
                    let rest: String = chars[k + 1..].iter().collect();
                    let text = if rest.is_empty() {
                        i += 1;
                        args.get(i - 1).cloned().unwrap_or_default()
                    } else {
                        rest
                    };
                    let n: usize = text
                        .parse()
                        .map_err(|_| format!("grep: {text}: invalid context length argument\n"))?;
                    if c != 'B' {
                        o.after = Some(n);
                    }
                    if c != 'A' {
                        o.before = Some(n);
                    }
                    break;
                }
                match c {
                    'i' => o.ignore_case = true,
                    'v' => o.invert = true,
                    'c' => o.count = true,
                    'E' => o.extended = true,
                    'w' => o.word = true,
                    'F' => {}
                    _ => return Err(format!("grep: invalid option -- '{c}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")),
                }
            }
        } else if positional.is_none() && patterns.is_empty() {
            positional = Some(a.clone());
        }
    }
    patterns.extend(positional);
    if patterns.is_empty() {
        return Err(
            "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
                .into(),
        );
    }
    let re = build_regex(&patterns, &o).map_err(|e| format!("grep: {e}\n"))?;
    let all: Vec<&str> = input.lines().collect();
    let hits: Vec<usize> = (0..all.len())
        .filter(|i| re.is_match(all[*i]) != o.invert)
        .collect();
    let code = i32::from(hits.is_empty());
    if o.count {
        return Ok((format!("{}\n", hits.len()), code));
    }
    let context = o.before.is_some() || o.after.is_some();
    let (before, after) = (o.before.unwrap_or(0), o.after.unwrap_or(0));
    Ok((with_context(&all, &hits, before, after, context), code))
}

/// GNU grep's context output: the matched lines with their neighbours, `--` between groups.
fn with_context(all: &[&str], hits: &[usize], before: usize, after: usize, sep: bool) -> String {
    let mut out = String::new();
    let mut next: Option<usize> = None;
    for &h in hits {
        let start = h.saturating_sub(before).max(next.unwrap_or(0));
        if next.is_some_and(|n| start > n) && sep {
            out.push_str("--\n");
        }
        let end = (h + after).min(all.len().saturating_sub(1));
        for line in all.iter().take(end + 1).skip(start) {
            out.push_str(line);
            out.push('\n');
        }
        next = Some(end + 1);
    }
    out
}

fn build_regex(patterns: &[String], o: &GrepOpts) -> Result<regex_lite::Regex, String> {
    let each: Vec<String> = patterns
        .iter()
        .map(|p| {
            if o.extended {
                format!("(?:{p})")
            } else {
                format!("(?:{})", bre_to_ere(p))
            }
        })
        .collect();
    let mut p = each.join("|");
    if o.word {
        p = format!(r"\b(?:{p})\b");
    }
    regex_lite::RegexBuilder::new(&p)
        .case_insensitive(o.ignore_case)
        .build()
        .map_err(|_| "Unmatched ( or \\(".to_string())
}

/// In a BRE `+ ? | ( ) { }` are literal and their backslashed forms are operators.
fn bre_to_ere(p: &str) -> String {
    let mut out = String::new();
    let mut chars = p.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(n @ ('+' | '?' | '|' | '(' | ')' | '{' | '}')) => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push_str("\\\\"),
            },
            '+' | '?' | '|' | '(' | ')' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn head_tail(args: &[String], input: &str, head: bool) -> Result<(String, i32), String> {
    let name = if head { "head" } else { "tail" };
    let mut n: usize = 10;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        let text = if a == "-n" {
            i += 1;
            args.get(i - 1).cloned().unwrap_or_default()
        } else if let Some(v) = a.strip_prefix("-n") {
            v.to_string()
        } else if let Some(v) = a.strip_prefix('-') {
            v.to_string()
        } else {
            return Err(format!(
                "{name}: cannot open '{a}' for reading: No such file or directory\n"
            ));
        };
        n = text
            .trim_start_matches('+')
            .parse()
            .map_err(|_| format!("{name}: invalid number of lines: ‘{text}’\n"))?;
    }
    let lines: Vec<&str> = input.lines().collect();
    let picked = if head {
        &lines[..n.min(lines.len())]
    } else {
        &lines[lines.len().saturating_sub(n)..]
    };
    Ok((picked.iter().map(|l| format!("{l}\n")).collect(), 0))
}

fn wc(args: &[String], input: &str) -> Result<(String, i32), String> {
    if args.iter().all(|a| a == "-l") && !args.is_empty() {
        return Ok((format!("{}\n", input.matches('\n').count()), 0));
    }
    Err("podflow: only `wc -l` is supported\n".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Name: a\nTaints: env=dev:NoSchedule\nUnschedulable: false\n";

    #[test]
    fn grep_like_gnu() {
        assert_eq!(
            apply("grep Taint", TEXT).unwrap(),
            ("Taints: env=dev:NoSchedule\n".into(), 0)
        );
        assert_eq!(apply("grep -c -i taint", TEXT).unwrap().0, "1\n");
        assert_eq!(apply("grep -v a", TEXT).unwrap(), (String::new(), 1));
        assert_eq!(
            apply("grep -E 'Name|Taints'", TEXT)
                .unwrap()
                .0
                .lines()
                .count(),
            2
        );
        assert_eq!(apply("grep 'Name|Taints'", TEXT).unwrap().1, 1);
    }

    #[test]
    fn grep_context() {
        assert_eq!(
            apply("grep -A1 Name", TEXT).unwrap().0,
            "Name: a\nTaints: env=dev:NoSchedule\n"
        );
        assert_eq!(
            apply("grep -B 1 Unsched", TEXT).unwrap().0,
            "Taints: env=dev:NoSchedule\nUnschedulable: false\n"
        );
        assert_eq!(
            apply("grep -e Name -e x", "Name\nb\nc\nName\n").unwrap().0,
            "Name\nName\n"
        );
        assert_eq!(
            apply("grep -C0 -E 'a|c'", "a\nb\nc\n").unwrap().0,
            "a\n--\nc\n"
        );
    }

    #[test]
    fn grep_words_case_and_classes() {
        let pods = "NAME READY\nweb-1 1/1\nwebapp-2 0/1\nDB.0 1/1\n";
        assert_eq!(apply("grep -w web", pods).unwrap().0, "web-1 1/1\n");
        assert_eq!(apply("grep -i db", pods).unwrap().0, "DB.0 1/1\n");
        assert_eq!(apply("grep 'B\\.0'", pods).unwrap().0, "DB.0 1/1\n");
        assert_eq!(apply("grep -c '[[:digit:]]/1'", pods).unwrap().0, "3\n");
        assert_eq!(
            apply("grep 'web\\(app\\)'", pods).unwrap().0,
            "webapp-2 0/1\n"
        );
        assert_eq!(
            apply("grep -E 'web('", pods).unwrap_err(),
            "grep: Unmatched ( or \\(\n"
        );
    }

    #[test]
    fn head_tail_wc() {
        assert_eq!(apply("head -n 1", TEXT).unwrap().0, "Name: a\n");
        assert_eq!(apply("tail -1", TEXT).unwrap().0, "Unschedulable: false\n");
        assert_eq!(apply("wc -l", TEXT).unwrap().0, "3\n");
    }

    #[test]
    fn split_respects_quotes() {
        assert_eq!(split("a | grep 'x|y'").unwrap(), vec!["a ", " grep 'x|y'"]);
        assert!(split("a | ").is_err());
    }
}
