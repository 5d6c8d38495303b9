//! `healthlint init`: a commented starter `healthlint.yaml` generated from the rule pages,
//! so it lists every rule with its real defaults and can never drift from them.

use std::fmt::Write as _;

use serde_json::Value as Json;

use super::pages;

/// A YAML value for one option: scalars and flat lists in block style, anything deeper as
/// JSON (which is valid YAML).
fn value(out: &mut String, key: &str, json: &Json, indent: &str) {
    match json {
        Json::Array(items) if !items.is_empty() => {
            let _ = writeln!(out, "{indent}{key}:");
            for item in items {
                let _ = writeln!(out, "{indent}  - {}", scalar(item));
            }
        }
        other => {
            let _ = writeln!(out, "{indent}{key}: {}", scalar(other));
        }
    }
}

fn scalar(json: &Json) -> String {
    serde_json::to_string(json).unwrap_or_default()
}

/// The starter configuration.
pub fn starter() -> String {
    let mut out = String::new();
    out.push_str(
        "# healthlint configuration: https://github.com/ (see README.md, \"Configuration\").\n\
         # Every rule is listed with its default severity and options. Change a value, set a\n\
         # rule to `off`, or delete what you do not change. `healthlint explain RULE` says what\n\
         # a rule checks and what each option means.\n\n",
    );
    out.push_str(
        "# files:\n#   include: [\"articles/**/*.md\"]\n#   exclude: [\"articles/drafts/**\"]\n\n",
    );
    out.push_str("rules:\n");
    for page in pages::all() {
        let severity = page.severity.map_or("off", |severity| severity.as_str());
        let _ = writeln!(out, "  # {}", page.summary);
        let Json::Object(options) = page.options.to_json() else {
            continue;
        };
        if options.is_empty() {
            let _ = writeln!(out, "  {}: {severity}", page.id);
        } else {
            let _ = writeln!(out, "  {}:", page.id);
            let _ = writeln!(out, "    severity: {severity}");
            for (key, json) in &options {
                value(&mut out, key, json, "    ");
            }
        }
        out.push('\n');
    }
    out.push_str(
        "# The front-matter schema: change a default field, add one, or drop one with `off`.\n\
         # fields:\n\
         #   title: {max_length: 60}\n\
         #   audience: {type: string}\n\
         #   lang: off\n\n\
         # Paths that need other settings.\n\
         # overrides:\n\
         #   - files: [\"news/**\"]\n\
         #     rules:\n\
         #       reading-time: off\n\n\
         # House rules without code: a pattern that must not (`forbid`) or must (`require`)\n\
         # appear in `body`, `headings` or `front-matter.FIELD`.\n\
         # custom:\n\
         #   - id: no-miracle-cures\n\
         #     message: \"do not call a treatment a miracle\"\n\
         #     forbid: '(?i)\\bmiracle\\b'\n\
         #     scope: body\n\
         #     severity: error\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_starter_is_a_valid_configuration_equal_to_the_defaults() {
        let text = starter();
        let config = Config::from_text("healthlint.yaml", &text).unwrap_or_else(|error| {
            panic!("{error}\n{text}");
        });
        let defaults = Config::defaults();
        assert_eq!(config.origins.len(), defaults.origins.len());
        for (ours, theirs) in config.origins.iter().zip(&defaults.origins) {
            assert_eq!((&ours.key, &ours.value), (&theirs.key, &theirs.value));
        }
        for page in pages::all() {
            assert!(text.contains(&format!("  {}", page.id)), "{}", page.id);
        }
    }
}
