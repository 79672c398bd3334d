//! Placeholder filling for translated templates (`Attempt {n} at {time}`).

/// `template` with each `{name}` replaced by its value; user text stays text (the result is
/// inserted as a text node, never as HTML).
pub fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in pairs {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_replaced() {
        assert_eq!(
            fill(
                "Attempt {n} at {time}",
                &[("n", "2"), ("time", "00:00:05.000")]
            ),
            "Attempt 2 at 00:00:05.000"
        );
        assert_eq!(fill("no placeholders", &[("n", "1")]), "no placeholders");
    }
}
