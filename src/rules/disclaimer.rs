//! `disclaimer`: a medical disclaimer is present, is the last block of the article, and says
//! each of the required things. The fix appends the publisher's house text when it is missing.

use std::sync::LazyLock;

use serde::Deserialize;

use super::{Context, LazyRegex, Patterns, Rule, fold, fold_upto, pattern_list, typed};
use crate::article::{Article, BlockKind};
use crate::diagnostic::{Diagnostic, Edit, Fix, Span};

const ID: &str = "disclaimer";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    headings: Vec<String>,
    prefixes: Vec<String>,
    phrases: Vec<Vec<String>>,
    text: String,
}

struct Disclaimer {
    headings: Patterns,
    prefixes: Vec<String>,
    /// For each required phrase: how it is shown, and its accepted alternatives.
    phrases: Vec<(String, Vec<LazyRegex>)>,
    text: String,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    let mut phrases = Vec::new();
    for group in &options.phrases {
        let Some(first) = group.first() else {
            return Err("each entry of `phrases` needs at least one alternative".into());
        };
        let compiled = group
            .iter()
            .map(|phrase| phrase_regex(phrase))
            .collect::<Result<Vec<_>, _>>()?;
        phrases.push((first.clone(), compiled));
    }
    Ok(Box::new(Disclaimer {
        headings: pattern_list(&options.headings)?,
        prefixes: options.prefixes.iter().map(|prefix| fold(prefix)).collect(),
        phrases,
        text: options.text,
    }))
}

/// A phrase as a regex over folded text: `…` (or `...`) is a gap of up to 80 characters.
fn phrase_regex(phrase: &str) -> Result<LazyRegex, String> {
    let folded = fold(phrase).replace("...", "…");
    let parts: Vec<String> = folded
        .split('…')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let escaped = regex::escape(part).replace(' ', r"\s+");
            let start = if part.starts_with(|c: char| c.is_alphanumeric()) {
                r"\b"
            } else {
                ""
            };
            let end = if part.ends_with(|c: char| c.is_alphanumeric()) {
                r"\b"
            } else {
                ""
            };
            format!("{start}{escaped}{end}")
        })
        .collect();
    if parts.is_empty() {
        return Err(format!("the phrase `{phrase}` is empty"));
    }
    let pattern = super::ascii_boundaries(&parts.join(".{0,80}?")).into_owned();
    LazyRegex::new(pattern, false, 1 << 20)
        .map_err(|error| format!("bad phrase `{phrase}`: {}", super::build_problem(&error)))
}

/// Where an article's disclaimer is, and its prose.
pub struct Found {
    pub span: Span,
    pub text: String,
    /// What diagnostics point at: the heading of a section, or the "Disclaimer:" label of a
    /// paragraph.
    pub shown: Span,
}

/// Finds the disclaimer: the last section whose heading matches `headings`, or else the last
/// block whose text starts with one of the (folded) `prefixes`.
pub fn find(article: &Article, headings: &Patterns, prefixes: &[String]) -> Option<Found> {
    if let Some(section) = article
        .sections()
        .iter()
        .rev()
        .find(|section| headings.is_match(section.title.trim()))
    {
        let mut text = String::new();
        let mut end = section.heading.end;
        for block in article.blocks_in(section.content) {
            text.push_str(article.block_text(block));
            text.push(' ');
            end = end.max(block.span.end);
        }
        let heading = article.trimmed(section.heading);
        return Some(Found {
            span: article.trimmed(Span::new(section.heading.start, end)),
            text,
            shown: heading,
        });
    }
    let longest = prefixes.iter().map(String::len).max().unwrap_or(0);
    let block = article.body.blocks.iter().rev().find(|block| {
        !matches!(block.kind, BlockKind::Heading(_)) && {
            let raw = article.block_text(block);
            // Most blocks are ruled out by their first letter, without folding anything.
            let first = raw
                .trim_start()
                .chars()
                .next()
                .and_then(|c| c.to_lowercase().next());
            first.is_some_and(|first| prefixes.iter().any(|prefix| prefix.starts_with(first))) && {
                let text = fold_upto(raw, longest);
                prefixes
                    .iter()
                    .any(|prefix| text.starts_with(prefix.as_str()))
            }
        }
    })?;
    let text = article.block_text(block);
    let label_end = text.find(':').map_or(text.len(), |colon| colon + 1);
    let leading = text.len() - text.trim_start().len();
    let shown = article.prose_span(block.prose.start + leading..block.prose.start + label_end);
    Some(Found {
        span: article.trimmed(block.span),
        text: text.to_string(),
        shown,
    })
}

static DEFAULT_HEADINGS: LazyLock<Patterns> = LazyLock::new(|| {
    pattern_list(&[r"^(medical )?disclaimer$".to_string()]).expect("static regex")
});

/// The disclaimer as other rules see it (`seek-help` must come before it): the default
/// heading and prefixes, whatever `disclaimer` is configured with.
pub fn find_default(article: &Article) -> Option<Found> {
    let prefixes = ["disclaimer:".to_string(), "medical disclaimer:".to_string()];
    find(article, &DEFAULT_HEADINGS, &prefixes)
}

impl Rule for Disclaimer {
    fn warm(&self) {
        self.headings.warm();
    }

    fn check(&self, article: &Article, _: &Context, out: &mut Vec<Diagnostic>) {
        let Some(found) = find(article, &self.headings, &self.prefixes) else {
            out.push(self.missing(article));
            return;
        };
        let after = article
            .body
            .top_blocks
            .iter()
            .find(|block| !block.is_html && block.span.start >= found.span.end);
        let shown = found.shown;
        if let Some(after) = after {
            out.push(
                Diagnostic::new(
                    ID,
                    shown,
                    "the disclaimer is not the last block of the article",
                )
                .with_label("the disclaimer")
                .with_secondary(article.trimmed(after.span), "this comes after it")
                .with_help("move the disclaimer to the very end of the article"),
            );
        }
        let folded = fold(&found.text);
        for (phrase, alternatives) in &self.phrases {
            if !alternatives.iter().any(|regex| regex.is_match(&folded)) {
                out.push(
                    Diagnostic::new(
                        ID,
                        shown,
                        format!("the disclaimer does not say `{phrase}` (or an accepted alternative)"),
                    )
                    .with_label("missing a required phrase")
                    .with_help(format!(
                        "add `{phrase}`; the accepted alternatives are listed by `healthlint explain disclaimer`"
                    )),
                );
            }
        }
    }
}

impl Disclaimer {
    fn missing(&self, article: &Article) -> Diagnostic {
        let at = article.end();
        let diagnostic = Diagnostic::new(ID, at, "the article has no medical disclaimer")
            .with_label("the disclaimer belongs here, at the end")
            .with_help(
                "end the article with a paragraph that starts `**Disclaimer:**` and says it is for informational purposes only, is not medical advice, and to consult a healthcare professional",
            );
        if self.text.trim().is_empty() {
            return diagnostic;
        }
        let newline = if article.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let tail = &article.text[at.start..];
        let mut insertion = String::new();
        // Keep whatever trailing white space the file had; add a blank line before the text.
        let end = article.text.len();
        let existing_newlines = tail.matches('\n').count();
        for _ in existing_newlines..2 {
            insertion.push_str(newline);
        }
        if at.start == 0 && existing_newlines == 0 {
            insertion.clear();
        }
        let text_at = insertion.len();
        insertion.push_str(self.text.trim());
        insertion.push_str(newline);
        match self.landing(article, &insertion, text_at) {
            Landing::Last => diagnostic.with_fix(Fix::new(
                "append the house disclaimer",
                vec![Edit::insert(end, insertion)],
            )),
            Landing::Swallowed { html, opened } => {
                let what = if html {
                    "an HTML block that is never closed (such as `<!--` without its `-->`)"
                } else {
                    "a code block whose fence is never closed"
                };
                let line_end = article.text[opened..]
                    .find(['\r', '\n'])
                    .map_or(article.text.len(), |end| opened + end);
                diagnostic
                    .with_secondary(article.trimmed(Span::new(opened, line_end)), "opened here, never closed")
                    .with_help(format!(
                    "the article ends inside {what}, which would hide a disclaimer added after it: close it, then end the article with a paragraph that starts `**Disclaimer:**`"
                ))
            }
            Landing::NotRecognized => diagnostic.with_help(
                "the configured house text (`text`) does not start with one of `prefixes` or a heading that matches `headings`, so it cannot be added as the disclaimer: correct the configuration, or end the article with a paragraph that starts `**Disclaimer:**`",
            ),
        }
    }

    /// How the house text would read if appended: as the article's disclaimer, or inside a
    /// block the article leaves open (an unclosed `<!--` or code fence runs to the end of the
    /// file and takes in whatever follows). Only the last top-level block and what follows it
    /// are parsed again: no block before it can reach past its start.
    fn landing(&self, article: &Article, insertion: &str, text_at: usize) -> Landing {
        let from = article
            .body
            .top_blocks
            .last()
            .map_or(article.body_start, |block| block.span.start);
        let mut candidate = String::with_capacity(article.text.len() - from + insertion.len());
        candidate.push_str(&article.text[from..]);
        let text_at = candidate.len() + text_at;
        candidate.push_str(insertion);
        let after = Article::body_only(&candidate);
        if let Some(open) = after
            .body
            .top_blocks
            .iter()
            .find(|block| block.span.start < text_at && block.span.end > text_at)
        {
            return Landing::Swallowed {
                html: open.is_html,
                opened: from + open.span.start,
            };
        }
        match find(&after, &self.headings, &self.prefixes) {
            Some(found) if found.span.start >= text_at => Landing::Last,
            _ => Landing::NotRecognized,
        }
    }
}

/// Where an appended house text would end up.
enum Landing {
    /// It is the article's disclaimer, and its last block.
    Last,
    /// It would be inside a block that the article leaves open.
    Swallowed { html: bool, opened: usize },
    /// It would be a block of its own, but not one that `find` takes for a disclaimer.
    NotRecognized,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const HOUSE: &str = "rules:\n  disclaimer:\n    text: \"**Disclaimer:** For informational purposes only, not medical advice. Always consult a healthcare professional.\"\n";

    /// The missing-disclaimer diagnostic for `body`, under `config`.
    fn missing(config: &str, body: &str) -> Diagnostic {
        let config = Config::from_text("c.yaml", config).unwrap();
        crate::lint(body, &config, jiff::civil::date(2026, 11, 25))
            .into_iter()
            .find(|diagnostic| {
                diagnostic.rule == ID
                    && diagnostic.message == "the article has no medical disclaimer"
            })
            .expect("the disclaimer is missing")
    }

    #[test]
    fn the_house_text_is_appended_after_the_last_block() {
        let body = "# Back pain\n\nRest a little.\n\n```\ncode\n```\n\n<!-- a note -->\n";
        let diagnostic = missing(HOUSE, body);
        let fixed = crate::fix(
            body,
            &Config::from_text("c.yaml", HOUSE).unwrap(),
            jiff::civil::date(2026, 11, 25),
        );
        assert!(diagnostic.fix.is_some());
        assert!(fixed.text.starts_with(body), "{:?}", fixed.text);
        assert!(fixed.text.ends_with("<!-- a note -->\n\n**Disclaimer:** For informational purposes only, not medical advice. Always consult a healthcare professional.\n"));
    }

    #[test]
    fn no_fix_when_the_article_ends_inside_an_open_block() {
        // An unclosed `<!--` (the `->` does not close it) and an unclosed fence run to the end
        // of the file: text appended there would be part of them, and a second `--fix` would
        // append it again.
        for (body, what, first_line) in [
            (
                "# Pain\n\nRest.\n<!-- a note ->\n**Disclaimer:** hidden\n",
                "an HTML block",
                "<!-- a note ->",
            ),
            ("# Pain\n\nRest.\n\n<!--\nnote\n", "an HTML block", "<!--"),
            ("# Pain\n\n```text\nsome code\n", "a code block", "```text"),
            ("# Pain\n\n~~~\n", "a code block", "~~~"),
        ] {
            let diagnostic = missing(HOUSE, body);
            assert!(diagnostic.fix.is_none(), "{body:?}");
            let help = diagnostic.help.as_deref().unwrap_or_default();
            assert!(
                help.starts_with(&format!("the article ends inside {what}")),
                "{body:?}: {help}"
            );
            let [opened] = &diagnostic.labels[..] else {
                panic!("one secondary label: {:?}", diagnostic.labels);
            };
            assert_eq!(opened.message, "opened here, never closed");
            assert_eq!(&body[opened.span.range()], first_line, "{body:?}");
        }
        // A fence closed by the end of its list item, and HTML that a blank line ends, are
        // no obstacle.
        for body in ["- item\n\n  ```\n  code\n", "<div>\nsome html\n</div>\n"] {
            assert!(missing(HOUSE, body).fix.is_some(), "{body:?}");
        }
    }

    #[test]
    fn no_fix_when_the_house_text_is_not_a_disclaimer() {
        let config = "rules:\n  disclaimer:\n    text: \"Ask your GP.\"\n";
        let diagnostic = missing(config, "# Pain\n\nRest.\n");
        assert!(diagnostic.fix.is_none());
        assert!(
            diagnostic
                .help
                .as_deref()
                .unwrap_or_default()
                .starts_with("the configured house text")
        );
    }

    #[test]
    fn phrases_fold_and_allow_gaps() {
        let regex = phrase_regex("not … medical advice").unwrap();
        assert!(regex.is_match(&fold("does NOT constitute   medical advice")));
        assert!(regex.is_match(&fold("is not a substitute for professional medical advice")));
        assert!(!regex.is_match(&fold("nothing here is medical advice")));
        let regex = phrase_regex("consult … GP").unwrap();
        assert!(regex.is_match(&fold("Please consult your GP.")));
        let regex = phrase_regex("doesn't").unwrap();
        assert!(regex.is_match(&fold("it doesn\u{2019}t")));
    }
}
