//! The rules: one file each, named after the rule's id, and the one table that lists them.
//! A rule sees an [`Article`], its own options and the [`Context`]; it returns diagnostics
//! and never prints, reads files or sees command-line flags.

mod ambiguous_date;
pub mod custom;
mod disclaimer;
mod emergency_escalation;
mod field_type;
mod front_matter;
mod health_claims;
mod help_line;
mod medical_reviewer;
mod medicine_safety;
mod phone_format;
mod readability;
mod reading_time;
mod required_field;
mod review_date;
mod seek_help;
mod sources;
mod unknown_field;
mod unused_suppression;

use jiff::civil::Date;
use serde::de::DeserializeOwned;

use crate::article::Article;
use crate::config::schema::Schema;
use crate::diagnostic::Diagnostic;

/// What a rule may know besides the article and its options.
pub struct Context<'a> {
    /// Today's date (`--today`, or the system's).
    pub today: Date,
    pub schema: &'a Schema,
    /// The publisher's help line, as configured for `help-line`.
    pub help_line: Option<&'a HelpLine>,
}

/// The help line a publisher configured, as written there, with its region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpLine {
    pub number: String,
    pub region: String,
}

/// A check over one article.
pub trait Rule: Send + Sync {
    fn check(&self, article: &Article, context: &Context, out: &mut Vec<Diagnostic>);
}

/// Builds a rule from its merged options (page defaults, then configuration).
pub type Build = fn(serde_json::Value) -> Result<Box<dyn Rule>, String>;

pub struct RuleEntry {
    pub id: &'static str,
    pub build: Build,
}

/// Every rule, in the order `healthlint rules` lists them.
pub static TABLE: &[RuleEntry] = &[
    RuleEntry {
        id: "front-matter",
        build: front_matter::build,
    },
    RuleEntry {
        id: "required-field",
        build: required_field::build,
    },
    RuleEntry {
        id: "field-type",
        build: field_type::build,
    },
    RuleEntry {
        id: "unknown-field",
        build: unknown_field::build,
    },
    RuleEntry {
        id: "reading-time",
        build: reading_time::build,
    },
    RuleEntry {
        id: "disclaimer",
        build: disclaimer::build,
    },
    RuleEntry {
        id: "seek-help",
        build: seek_help::build,
    },
    RuleEntry {
        id: "help-line",
        build: help_line::build,
    },
    RuleEntry {
        id: "phone-format",
        build: phone_format::build,
    },
    RuleEntry {
        id: "unused-suppression",
        build: unused_suppression::build,
    },
    RuleEntry {
        id: "review-date",
        build: review_date::build,
    },
    RuleEntry {
        id: "medical-reviewer",
        build: medical_reviewer::build,
    },
    RuleEntry {
        id: "sources",
        build: sources::build,
    },
    RuleEntry {
        id: "ambiguous-date",
        build: ambiguous_date::build,
    },
    RuleEntry {
        id: "health-claims",
        build: health_claims::build,
    },
    RuleEntry {
        id: "medicine-safety",
        build: medicine_safety::build,
    },
    RuleEntry {
        id: "emergency-escalation",
        build: emergency_escalation::build,
    },
    RuleEntry {
        id: "readability",
        build: readability::build,
    },
];

/// Reads a rule's options into its typed struct.
fn typed<T: DeserializeOwned>(options: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(options).map_err(|error| error.to_string())
}

/// Compiles case-insensitive patterns from options, with a size limit.
fn patterns(list: &[String]) -> Result<Vec<regex::Regex>, String> {
    list.iter()
        .map(|pattern| {
            regex::RegexBuilder::new(pattern)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map_err(|error| format!("bad pattern `{pattern}`: {}", regex_problem(&error)))
        })
        .collect()
}

/// The gist of a regex error: its last line ("unclosed group"), not the drawing above it.
pub fn regex_problem(error: &regex::Error) -> String {
    match error {
        regex::Error::CompiledTooBig(_) => "the pattern is too large".to_string(),
        other => {
            let text = other.to_string();
            let last = text.lines().last().unwrap_or_default().trim();
            last.strip_prefix("error: ").unwrap_or(last).to_string()
        }
    }
}

/// Folds case, typographic quotes and runs of white space, for phrase matching.
fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
            '\u{00A0}' => ' ',
            other => other,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !folded.is_empty() {
            folded.push(' ');
        }
        space = false;
        folded.extend(c.to_lowercase());
    }
    folded
}

/// For the rules' unit tests: the diagnostics of rule `id` on `text` with the built-in
/// defaults, each shown as `message @flagged text`.
#[cfg(test)]
pub(crate) fn findings(text: &str, id: &str) -> Vec<String> {
    crate::lint(
        text,
        &crate::Config::defaults(),
        jiff::civil::Date::constant(2026, 11, 25),
    )
    .into_iter()
    .filter(|d| d.rule == id)
    .map(|d| format!("{} @{}", d.message, &text[d.span.range()]))
    .collect()
}
