//! healthlint: a linter for health articles written in Markdown with YAML front matter.
//!
//! The library lints a text under a [`Config`] and returns [`Diagnostic`]s; the binary's
//! command line (in [`cli`]) walks folders, picks configurations and renders the results.

#![forbid(unsafe_code)]

pub mod article;
pub mod cli;
pub mod config;
pub mod dates;
pub mod diagnostic;
pub mod fix;
pub mod output;
pub mod phone;
pub mod rules;
pub mod suppressions;
pub mod walk;
pub mod yaml;

use jiff::civil::Date;

pub use article::Article;
pub use config::Config;
pub use diagnostic::{Diagnostic, Edit, Fix, Severity, Span};

/// Lints one article's text: parses it once and runs every active rule of `config` over it.
/// Diagnostics come back at their configured severity, sorted by position then rule.
pub fn lint(text: &str, config: &Config, today: Date) -> Vec<Diagnostic> {
    let article = Article::parse(text);
    let answers = config.gate.answers(&article);
    let mut context = rules::Context {
        today,
        schema: &config.schema,
        help_line: config.help_line.as_ref(),
        gate: None,
    };
    let mut diagnostics = Vec::new();
    for (index, active) in config.rules.iter().enumerate() {
        context.gate = config.gate.for_rule(answers.as_ref(), index);
        let start = diagnostics.len();
        active.rule.check(&article, &context, &mut diagnostics);
        for diagnostic in &mut diagnostics[start..] {
            diagnostic.severity = active.severity;
        }
    }
    // Suppressions run last, over every rule's diagnostics.
    let mut diagnostics = suppressions::apply(&article, diagnostics, config);
    for diagnostic in &mut diagnostics {
        diagnostic.span = on_boundaries(text, diagnostic.span);
        for label in &mut diagnostic.labels {
            label.span = on_boundaries(text, label.span);
        }
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics
}

/// What `--fix` makes of an article: the fixed text, how many fixes went in, and what is
/// left to report.
#[derive(Debug)]
pub struct Fixed {
    pub text: String,
    pub fixed: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// The most lint-and-fix passes for one file: overlapping fixes wait for the next pass, and
/// a fix that keeps producing fixes must not loop for ever.
const FIX_PASSES: usize = 8;

/// Applies every fix to `text`, re-linting after each pass until nothing more is fixable.
pub fn fix(text: &str, config: &Config, today: Date) -> Fixed {
    let mut current = text.to_string();
    let mut fixed = 0;
    let mut diagnostics = lint(&current, config, today);
    for _ in 0..FIX_PASSES {
        let (next, applied) = fix::apply(&current, &diagnostics);
        if applied == 0 {
            break;
        }
        fixed += applied;
        current = next;
        diagnostics = lint(&current, config, today);
    }
    Fixed {
        text: current,
        fixed,
        diagnostics,
    }
}

/// A span clamped into the text and onto character boundaries: rules compute spans from
/// several sources, and output must never point outside the file or inside a character.
fn on_boundaries(text: &str, span: Span) -> Span {
    let mut start = span.start.min(text.len());
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}
