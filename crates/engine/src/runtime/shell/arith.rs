//! Shell arithmetic `$(( … ))` (POSIX XCU §2.6.4): integers, variables by bare name,
//! `+ - * / %`, comparisons, `&& || !`, parentheses, unary minus. Leaves out assignment
//! operators, bit operations and the ternary. Overflow wraps, as in dash.

use super::expand::Vars;

/// Evaluates an already parameter-expanded arithmetic expression.
pub fn eval(text: &str, vars: &Vars) -> Result<i64, String> {
    let tokens = tokenize(text)?;
    let mut p = Arith {
        tokens,
        pos: 0,
        vars,
        depth: 0,
    };
    if p.tokens.is_empty() {
        return Ok(0);
    }
    let v = p.or()?;
    match p.tokens.get(p.pos) {
        None => Ok(v),
        Some(t) => Err(format!("unexpected \"{t}\"")),
    }
}

fn tokenize(text: &str) -> Result<Vec<String>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == '_' {
            let tok: String = chars[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                .collect();
            i += tok.len();
            out.push(tok);
        } else {
            let two: String = chars[i..].iter().take(2).collect();
            if ["<=", ">=", "==", "!=", "&&", "||"].contains(&two.as_str()) {
                out.push(two);
                i += 2;
            } else if "+-*/%()<>!".contains(c) {
                out.push(c.to_string());
                i += 1;
            } else {
                return Err(format!("unexpected \"{c}\""));
            }
        }
    }
    Ok(out)
}

struct Arith<'a> {
    tokens: Vec<String>,
    pos: usize,
    vars: &'a Vars,
    depth: usize,
}

impl Arith<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.pos).map(String::as_str)
    }

    fn binary(
        &mut self,
        ops: &[&str],
        next: fn(&mut Self) -> Result<i64, String>,
    ) -> Result<i64, String> {
        let mut left = next(self)?;
        while let Some(op) = self.peek().filter(|t| ops.contains(t)).map(str::to_string) {
            self.pos += 1;
            let right = next(self)?;
            left = match op.as_str() {
                "||" => i64::from(left != 0 || right != 0),
                "&&" => i64::from(left != 0 && right != 0),
                "==" => i64::from(left == right),
                "!=" => i64::from(left != right),
                "<" => i64::from(left < right),
                ">" => i64::from(left > right),
                "<=" => i64::from(left <= right),
                ">=" => i64::from(left >= right),
                "+" => left.wrapping_add(right),
                "-" => left.wrapping_sub(right),
                "*" => left.wrapping_mul(right),
                "/" | "%" if right == 0 => return Err("divide by zero".into()),
                "/" => left.wrapping_div(right),
                _ => left.wrapping_rem(right),
            };
        }
        Ok(left)
    }

    fn or(&mut self) -> Result<i64, String> {
        self.binary(&["||"], Self::and)
    }
    fn and(&mut self) -> Result<i64, String> {
        self.binary(&["&&"], Self::equality)
    }
    fn equality(&mut self) -> Result<i64, String> {
        self.binary(&["==", "!="], Self::relational)
    }
    fn relational(&mut self) -> Result<i64, String> {
        self.binary(&["<", ">", "<=", ">="], Self::additive)
    }
    fn additive(&mut self) -> Result<i64, String> {
        self.binary(&["+", "-"], Self::term)
    }
    fn term(&mut self) -> Result<i64, String> {
        self.binary(&["*", "/", "%"], Self::unary)
    }

    fn unary(&mut self) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("expression too deep".into());
        }
        let tok = self.peek().map(str::to_string);
        self.pos += 1;
        let v = match tok.as_deref() {
            Some("-") => self.unary()?.wrapping_neg(),
            Some("+") => self.unary()?,
            Some("!") => i64::from(self.unary()? == 0),
            Some("(") => {
                let v = self.or()?;
                if self.peek() != Some(")") {
                    return Err("missing \")\"".into());
                }
                self.pos += 1;
                v
            }
            Some(t) if t.starts_with(|c: char| c.is_ascii_digit()) => t
                .parse::<i64>()
                .map_err(|_| format!("bad number \"{t}\""))?,
            Some(name) => {
                let value = self.vars.lookup(name);
                value.trim().parse::<i64>().unwrap_or(0)
            }
            None => return Err("unexpected end of expression".into()),
        };
        self.depth -= 1;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluates_like_dash() {
        let mut vars = Vars::default();
        vars.set("i", "4");
        for (expr, want) in [
            ("1+2*3", Ok(7)),
            ("(1+2)*3", Ok(9)),
            ("i+1", Ok(5)),
            ("i % 3 == 1", Ok(1)),
            ("-i", Ok(-4)),
            ("unset_var + 2", Ok(2)),
            ("", Ok(0)),
            ("7/0", Err("divide by zero".to_string())),
            ("1 +", Err("unexpected end of expression".to_string())),
        ] {
            assert_eq!(eval(expr, &vars), want, "{expr}");
        }
    }
}
