//! Command-line tokenising and flag parsing.
//!
//! Tokens follow POSIX shell quoting (single quotes literal, double quotes with `\` escapes,
//! backslash outside quotes). Flags follow spf13/pflag as kubectl uses it: `--flag=v`,
//! `--flag v`, `-n v`, `-nv`, `-n=v`, combined boolean shorthands (`-it`), `--` ending flags,
//! flags anywhere among the arguments, and pflag's error texts (`unknown flag: --foo`,
//! `unknown shorthand flag: 'x' in -x`, `flag needs an argument: --namespace`).

use std::collections::BTreeMap;

/// Splits a command line into words.
pub fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err("unterminated quote in command line".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\' | '$' | '`')) => cur.push(ch),
                            Some(ch) => {
                                cur.push('\\');
                                cur.push(ch);
                            }
                            None => return Err("unterminated quote in command line".into()),
                        },
                        Some(ch) => cur.push(ch),
                        None => return Err("unterminated quote in command line".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(ch) = chars.next() {
                    cur.push(ch);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// How a flag takes its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    Bool,
    Str,
    Int,
}

#[derive(Clone, Copy, Debug)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: FlagKind,
}

pub const fn flag(long: &'static str, short: Option<char>, kind: FlagKind) -> Flag {
    Flag { long, short, kind }
}

/// Flags every kubectl command accepts (`kubectl options`); the ones Podflow has no use for
/// are accepted and ignored.
pub const GLOBAL: &[Flag] = &[
    flag("namespace", Some('n'), FlagKind::Str),
    flag("help", Some('h'), FlagKind::Bool),
    flag("v", Some('v'), FlagKind::Str),
    flag("context", None, FlagKind::Str),
    flag("kubeconfig", None, FlagKind::Str),
    flag("cluster", None, FlagKind::Str),
    flag("user", None, FlagKind::Str),
    flag("request-timeout", None, FlagKind::Str),
];

/// Parsed arguments: positional words and flag values (last one wins; all kept).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Args {
    pub positional: Vec<String>,
    pub flags: BTreeMap<String, Vec<String>>,
    /// Words after `--` (for `exec`), if `--` was given.
    pub after_dash: Option<Vec<String>>,
}

impl Args {
    pub fn has(&self, long: &str) -> bool {
        self.flags.contains_key(long)
    }

    /// The last value given for a flag.
    pub fn get(&self, long: &str) -> Option<&str> {
        self.flags
            .get(long)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    pub fn all(&self, long: &str) -> Vec<String> {
        self.flags.get(long).cloned().unwrap_or_default()
    }

    /// A boolean flag: absent → `default`.
    pub fn bool(&self, long: &str, default: bool) -> bool {
        self.get(long).map_or(default, |v| v == "true")
    }

    pub fn namespace(&self) -> Option<&str> {
        self.get("namespace")
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

fn flag_name(f: &Flag) -> String {
    match f.short {
        Some(s) => format!("-{s}, --{}", f.long),
        None => format!("--{}", f.long),
    }
}

/// Checks and normalises a value for a flag, with pflag's error texts.
fn check_value(f: &Flag, value: &str) -> Result<String, String> {
    match f.kind {
        FlagKind::Str => Ok(value.to_string()),
        FlagKind::Bool => parse_bool(value).map(|b| b.to_string()).ok_or_else(|| {
            format!(
                "invalid argument \"{value}\" for \"{}\" flag: strconv.ParseBool: parsing \"{value}\": invalid syntax",
                flag_name(f)
            )
        }),
        FlagKind::Int => value
            .parse::<i64>()
            .map(|n| n.to_string())
            .map_err(|_| {
                format!(
                    "invalid argument \"{value}\" for \"{}\" flag: strconv.ParseInt: parsing \"{value}\": invalid syntax",
                    flag_name(f)
                )
            }),
    }
}

/// Parses `words` against a command's flags plus the global ones.
pub fn parse(words: &[String], spec: &[Flag]) -> Result<Args, String> {
    let find_long = |n: &str| spec.iter().chain(GLOBAL).find(|f| f.long == n).copied();
    let find_short = |c: char| {
        spec.iter()
            .chain(GLOBAL)
            .find(|f| f.short == Some(c))
            .copied()
    };
    let mut args = Args::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if w == "--" {
            args.after_dash = Some(words[i..].to_vec());
            break;
        }
        if let Some(body) = w.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (body, None),
            };
            let f = find_long(name).ok_or_else(|| format!("unknown flag: --{name}"))?;
            let value = match (inline, f.kind) {
                (Some(v), _) => v.to_string(),
                (None, FlagKind::Bool) => "true".into(),
                (None, _) => {
                    let v = words
                        .get(i)
                        .ok_or_else(|| format!("flag needs an argument: --{name}"))?;
                    i += 1;
                    v.clone()
                }
            };
            let v = check_value(&f, &value)?;
            args.flags.entry(f.long.to_string()).or_default().push(v);
        } else if w.len() > 1 && w.starts_with('-') {
            i = parse_shorts(w, words, i, &find_short, &mut args)?;
        } else {
            args.positional.push(w.clone());
        }
    }
    Ok(args)
}

/// `-it`, `-n value`, `-nvalue`, `-n=value`; returns the next word index.
fn parse_shorts(
    w: &str,
    words: &[String],
    mut i: usize,
    find_short: &dyn Fn(char) -> Option<Flag>,
    args: &mut Args,
) -> Result<usize, String> {
    let body: Vec<char> = w[1..].chars().collect();
    let mut j = 0;
    while j < body.len() {
        let c = body[j];
        let f = find_short(c).ok_or_else(|| format!("unknown shorthand flag: '{c}' in {w}"))?;
        let rest: String = body[j + 1..].iter().collect();
        let value = if f.kind == FlagKind::Bool {
            match rest.strip_prefix('=') {
                Some(v) => {
                    j = body.len();
                    v.to_string()
                }
                None => "true".into(),
            }
        } else if !rest.is_empty() {
            j = body.len();
            rest.strip_prefix('=').unwrap_or(&rest).to_string()
        } else {
            let v = words
                .get(i)
                .ok_or_else(|| format!("flag needs an argument: '{c}' in -{c}"))?;
            i += 1;
            j = body.len();
            v.clone()
        };
        let v = check_value(&f, &value)?;
        args.flags.entry(f.long.to_string()).or_default().push(v);
        j += 1;
    }
    Ok(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s).unwrap()
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(
            words(r#"label pod a 'x=hello world' "y=\"q\"" z\ w"#),
            vec!["label", "pod", "a", "x=hello world", "y=\"q\"", "z w"]
        );
        assert!(tokenize("get 'pods").is_err());
    }

    #[test]
    fn flags_in_every_spelling() {
        let spec = [
            flag("output", Some('o'), FlagKind::Str),
            flag("all-namespaces", Some('A'), FlagKind::Bool),
            flag("replicas", None, FlagKind::Int),
        ];
        let a = parse(
            &words("pods -o wide -A --replicas=3 -nkube-system x"),
            &spec,
        )
        .unwrap();
        assert_eq!(a.positional, vec!["pods", "x"]);
        assert_eq!(a.get("output"), Some("wide"));
        assert!(a.bool("all-namespaces", false));
        assert_eq!(a.get("replicas"), Some("3"));
        assert_eq!(a.namespace(), Some("kube-system"));
        assert_eq!(
            parse(&words("--foo"), &spec).unwrap_err(),
            "unknown flag: --foo"
        );
        assert_eq!(
            parse(&words("-x"), &spec).unwrap_err(),
            "unknown shorthand flag: 'x' in -x"
        );
        assert_eq!(
            parse(&words("-o"), &spec).unwrap_err(),
            "flag needs an argument: 'o' in -o"
        );
        assert!(parse(&words("--replicas=abc"), &spec)
            .unwrap_err()
            .starts_with("invalid argument \"abc\" for \"--replicas\" flag"));
    }

    #[test]
    fn double_dash_ends_flags() {
        let a = parse(&words("web -- cat /tmp/x -n"), &[]).unwrap();
        assert_eq!(a.positional, vec!["web"]);
        assert_eq!(
            a.after_dash,
            Some(vec!["cat".into(), "/tmp/x".into(), "-n".into()])
        );
    }
}
