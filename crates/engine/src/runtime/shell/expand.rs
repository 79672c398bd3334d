//! Shell variables and word expansion: parameters, command substitution, arithmetic and
//! field splitting (POSIX XCU §2.6). Leaves out pathname expansion (globs stay literal),
//! tilde expansion and `IFS` other than blanks.

use super::parser::{Part, Word};
use super::vm::{compile, Vm, Yield};
use super::{Ctx, Stream};

/// The shell's variables, positional parameters and last status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vars {
    /// (name, value, exported) in creation order, which is the order `env` prints.
    pub list: Vec<(String, String, bool)>,
    pub positional: Vec<String>,
    pub arg0: String,
    pub status: i32,
    /// `trap 'cmd' TERM`: the handler text.
    pub trap_term: Option<String>,
    /// Redirections of enclosing compound commands (fd, kind, expanded target), outermost first.
    pub redirects: Vec<Vec<(u8, super::parser::RedirectKind, String)>>,
}

impl Vars {
    /// Variables from the container environment, all exported.
    pub fn from_env(env: &[(String, String)]) -> Vars {
        let mut v = Vars {
            arg0: "sh".into(),
            ..Vars::default()
        };
        for (k, val) in env {
            v.export(k, Some(val));
        }
        v
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.list
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, v, _)| v.as_str())
    }

    pub fn set(&mut self, name: &str, value: &str) {
        let value = cap(value);
        match self.list.iter_mut().find(|(k, _, _)| k == name) {
            Some(slot) => slot.1 = value.to_string(),
            None => self.list.push((name.to_string(), value.to_string(), false)),
        }
    }

    pub fn export(&mut self, name: &str, value: Option<&str>) {
        let value = value.map(cap);
        match self.list.iter_mut().find(|(k, _, _)| k == name) {
            Some(slot) => {
                slot.2 = true;
                if let Some(v) = value {
                    slot.1 = v.to_string();
                }
            }
            None => self
                .list
                .push((name.to_string(), value.unwrap_or("").to_string(), true)),
        }
    }

    pub fn unset(&mut self, name: &str) {
        self.list.retain(|(k, _, _)| k != name);
    }

    /// The exported variables: what `env` prints and child processes see.
    pub fn environ(&self) -> impl Iterator<Item = (&str, &str)> {
        self.list
            .iter()
            .filter(|(_, _, e)| *e)
            .map(|(k, v, _)| (k.as_str(), v.as_str()))
    }

    fn special(&self, name: &str) -> Option<String> {
        Some(match name {
            "?" => self.status.to_string(),
            "$" => "1".into(),
            "#" => self.positional.len().to_string(),
            "@" | "*" => self.positional.join(" "),
            "!" | "-" => String::new(),
            "0" => self.arg0.clone(),
            n if n.len() == 1 && n.as_bytes()[0].is_ascii_digit() => {
                let i = usize::from(n.as_bytes()[0] - b'0');
                self.positional
                    .get(i.wrapping_sub(1))
                    .cloned()
                    .unwrap_or_default()
            }
            n if n.starts_with('#') && n.len() > 1 => {
                self.lookup(&n[1..]).chars().count().to_string()
            }
            _ => return None,
        })
    }

    /// The value of a parameter, empty when unset.
    pub fn lookup(&self, name: &str) -> String {
        self.special(name)
            .unwrap_or_else(|| self.get(name).unwrap_or("").to_string())
    }

    fn is_set(&self, name: &str) -> bool {
        self.special(name).is_some() || self.get(name).is_some()
    }
}

/// Longest variable value kept: `x=$x$x` loops must not exhaust memory.
const MAX_VALUE: usize = 16 * 1024;

fn cap(value: &str) -> &str {
    if value.len() <= MAX_VALUE {
        return value;
    }
    let mut end = MAX_VALUE;
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    &value[..end]
}

/// Builds fields from a word's parts.
struct Fields {
    done: Vec<String>,
    cur: String,
    has: bool,
}

impl Fields {
    fn literal(&mut self, text: &str) {
        self.cur.push_str(text);
        self.has = true;
    }

    /// Unquoted expansion results are split on blanks.
    fn split(&mut self, text: &str) {
        let mut first = true;
        let starts_blank = text.starts_with([' ', '\t', '\n']);
        for piece in text.split([' ', '\t', '\n']).filter(|p| !p.is_empty()) {
            if !first || starts_blank {
                self.finish();
            }
            self.literal(piece);
            first = false;
        }
        if text.ends_with([' ', '\t', '\n']) && !first {
            self.finish();
        }
    }

    fn finish(&mut self) {
        if self.has || !self.cur.is_empty() {
            self.done.push(std::mem::take(&mut self.cur));
        }
        self.has = false;
    }
}

/// Expands words into argv fields.
pub fn expand_words(words: &[Word], vars: &mut Vars, ctx: &mut Ctx<'_, '_>) -> Vec<String> {
    let mut f = Fields {
        done: Vec::new(),
        cur: String::new(),
        has: false,
    };
    for w in words {
        expand_parts(&w.parts, vars, ctx, &mut f, false);
        f.finish();
    }
    f.done
}

/// Expands one word without field splitting (assignments, redirection targets).
pub fn expand_one(word: &Word, vars: &mut Vars, ctx: &mut Ctx<'_, '_>) -> String {
    let mut f = Fields {
        done: Vec::new(),
        cur: String::new(),
        has: false,
    };
    expand_parts(&word.parts, vars, ctx, &mut f, true);
    f.finish();
    f.done.join(" ")
}

fn expand_parts(
    parts: &[Part],
    vars: &mut Vars,
    ctx: &mut Ctx<'_, '_>,
    f: &mut Fields,
    no_split: bool,
) {
    for part in parts {
        let (text, quoted) = match part {
            Part::Lit(t) => {
                f.literal(t);
                continue;
            }
            Part::Var { name, quoted } => (vars.lookup(name), *quoted),
            Part::Default {
                name,
                colon,
                word,
                quoted,
            } => {
                let use_default = if *colon {
                    vars.lookup(name).is_empty()
                } else {
                    !vars.is_set(name)
                };
                if use_default {
                    expand_parts(word, vars, ctx, f, no_split || *quoted);
                    continue;
                }
                (vars.lookup(name), *quoted)
            }
            Part::Command { script, quoted } => (substitute(script, vars, ctx), *quoted),
            Part::Arith { expr, quoted } => {
                let inner = expand_one(&super::parser::parse_arith_word(expr), vars, ctx);
                match super::arith::eval(&inner, vars) {
                    Ok(n) => (n.to_string(), *quoted),
                    Err(msg) => {
                        ctx.out.push((
                            Stream::Stderr,
                            format!("sh: arithmetic syntax error: {msg}\n"),
                        ));
                        vars.status = 2;
                        (String::new(), *quoted)
                    }
                }
            }
        };
        *ctx.fuel = ctx.fuel.saturating_sub(text.len() as u64 / 64);
        if quoted || no_split {
            f.literal(&text);
        } else {
            f.split(&text);
        }
    }
}

/// `$(…)`: runs the script in a subshell and returns its output without trailing newlines.
/// Its `sleep`s take no virtual time (simplification).
fn substitute(script: &super::parser::Script, vars: &mut Vars, ctx: &mut Ctx<'_, '_>) -> String {
    if ctx.depth >= 8 {
        return String::new();
    }
    let mut out = Vec::new();
    let status = {
        let mut sub = ctx.nested(&mut out);
        let mut vm = Vm::new(compile(script), vars.clone());
        run_to_end(&mut vm, &mut sub)
    };
    vars.status = status;
    let mut text = String::new();
    for (stream, chunk) in out {
        match stream {
            Stream::Stdout => text.push_str(&chunk),
            Stream::Stderr => ctx.out.push((Stream::Stderr, chunk)),
        }
    }
    text.truncate(text.trim_end_matches('\n').len());
    text
}

/// Runs a nested shell until it ends, skipping over sleeps, with a bounded amount of work.
pub fn run_to_end(vm: &mut Vm, ctx: &mut Ctx<'_, '_>) -> i32 {
    for _ in 0..100 {
        match vm.run(ctx) {
            Yield::Exit(code) => return code,
            Yield::Sleep(_) => {
                if let Some(code) = vm.resume() {
                    return code;
                }
            }
            Yield::Busy | Yield::Forever | Yield::Daemon(_) => return vm.vars.status,
        }
    }
    vm.vars.status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_keep_env_order_and_export_flags() {
        let mut v = Vars::from_env(&[("A".into(), "1".into()), ("B".into(), "2".into())]);
        v.set("local", "x");
        v.export("C", Some("3"));
        v.set("A", "9");
        let env: Vec<(&str, &str)> = v.environ().collect();
        assert_eq!(env, [("A", "9"), ("B", "2"), ("C", "3")]);
        assert_eq!(v.lookup("local"), "x");
        assert_eq!(v.lookup("#A"), "1");
        v.status = 3;
        assert_eq!(v.lookup("?"), "3");
    }

    #[test]
    fn huge_values_are_capped() {
        let mut v = Vars::default();
        v.set("x", &"é".repeat(MAX_VALUE));
        assert!(v.lookup("x").len() <= MAX_VALUE);
    }
}
