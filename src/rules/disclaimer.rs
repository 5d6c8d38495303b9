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
    /// Whether `headings` and `prefixes` are the defaults, by which `seek-help` and `sources`
    /// find the disclaimer too: then the three share one search an article.
    default_markers: bool,
    /// For each required phrase: how it is shown, and its accepted alternatives.
    phrases: Vec<(String, Vec<LazyRegex>)>,
    /// The house text, trimmed; empty when none is configured.
    text: String,
    /// Whether the house text, read alone, is a disclaimer by `headings` and `prefixes`: a
    /// fix can add it only if so.
    text_is_disclaimer: bool,
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
    let headings = pattern_list(&options.headings)?;
    let prefixes: Vec<String> = options.prefixes.iter().map(|prefix| fold(prefix)).collect();
    let default_markers =
        options.headings == DEFAULT_HEADINGS_WRITTEN && prefixes == DEFAULT_PREFIXES;
    let text = options.text.trim().to_string();
    let text_is_disclaimer = find(&Article::body_only(&text), &headings, &prefixes).is_some();
    Ok(Box::new(Disclaimer {
        headings,
        prefixes,
        default_markers,
        phrases,
        text,
        text_is_disclaimer,
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
pub use crate::article::Disclaimer as Found;

/// Finds the disclaimer: the last section whose heading matches `headings`, or else the last
/// block whose text starts with one of the (folded) `prefixes`.
pub fn find(article: &Article, headings: &Patterns, prefixes: &[impl AsRef<str>]) -> Option<Found> {
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
    let longest = prefixes
        .iter()
        .map(|prefix| prefix.as_ref().len())
        .max()
        .unwrap_or(0);
    let block = article.body.blocks.iter().rev().find(|block| {
        !matches!(block.kind, BlockKind::Heading(_)) && {
            let raw = article.block_text(block);
            // Most blocks are ruled out by their first letter, without folding anything.
            let first = raw
                .trim_start()
                .chars()
                .next()
                .and_then(|c| c.to_lowercase().next());
            first.is_some_and(|first| {
                prefixes
                    .iter()
                    .any(|prefix| prefix.as_ref().starts_with(first))
            }) && {
                let text = fold_upto(raw, longest);
                prefixes
                    .iter()
                    .any(|prefix| text.starts_with(prefix.as_ref()))
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

/// The default `headings` and (folded) `prefixes`, those of `rules/disclaimer.md`.
const DEFAULT_HEADINGS_WRITTEN: [&str; 1] = [r"^(medical )?disclaimer$"];
const DEFAULT_PREFIXES: [&str; 2] = ["disclaimer:", "medical disclaimer:"];

static DEFAULT_HEADINGS: LazyLock<Patterns> = LazyLock::new(|| {
    pattern_list(&DEFAULT_HEADINGS_WRITTEN.map(String::from)).expect("static regex")
});

/// The disclaimer as other rules see it (`seek-help` must come before it): the default
/// heading and prefixes, whatever `disclaimer` is configured with. Searched for once an
/// article, however many rules ask (`disclaimer` with its default markers, `seek-help`,
/// `sources`).
pub fn find_default<'a>(article: &'a Article) -> Option<&'a Found> {
    article.default_disclaimer(|article| find(article, &DEFAULT_HEADINGS, &DEFAULT_PREFIXES))
}

impl Rule for Disclaimer {
    fn warm(&self) {
        self.headings.warm();
    }

    fn check(&self, article: &Article, _: &Context, out: &mut Vec<Diagnostic>) {
        let configured;
        let found = if self.default_markers {
            find_default(article)
        } else {
            configured = find(article, &self.headings, &self.prefixes);
            configured.as_ref()
        };
        let Some(found) = found else {
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
        if self.text.is_empty() {
            return diagnostic;
        }
        if !self.text_is_disclaimer {
            return diagnostic.with_help(
                "the configured house text (`text`) does not start with one of `prefixes` or a heading that matches `headings`, so it cannot be added as the disclaimer: correct the configuration, or end the article with a paragraph that starts `**Disclaimer:**`",
            );
        }
        let newline = if article.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        // Where the text ends, as Markdown sees it: a no-break space or another Unicode
        // space is text to it, and a line of spaces and tabs is blank.
        let body = &article.text[article.body_start..];
        let content_end = article.body_start + body.trim_end_matches([' ', '\t', '\r', '\n']).len();
        let tail = &article.text[content_end..];
        // Keep whatever trailing white space the file had; start the text on a line of its
        // own, after a blank line unless nothing comes before it.
        let mut insertion = String::new();
        let mut breaks = tail.matches('\n').count();
        if !tail.is_empty() && !tail.ends_with('\n') {
            insertion.push_str(newline);
            breaks += 1;
        }
        if content_end > 0 {
            for _ in breaks..2 {
                insertion.push_str(newline);
            }
        }
        let text_at = insertion.len();
        insertion.push_str(&self.text);
        insertion.push_str(newline);
        match self.landing(article, &insertion, text_at) {
            Landing::Last => diagnostic.with_fix(Fix::new(
                "append the house disclaimer",
                vec![Edit::insert(article.text.len(), insertion)],
            )),
            Landing::TakenIn { opened: None } => diagnostic.with_help(
                "the end of the article would take in a disclaimer added after it: end the article with a paragraph that starts `**Disclaimer:**`",
            ),
            Landing::TakenIn { opened: Some(opened) } => {
                let line_end = article.text[opened..]
                    .find(['\r', '\n'])
                    .map_or(article.text.len(), |end| opened + end);
                let line = article.trimmed(Span::new(opened, line_end));
                let (label, what) = match article.slice(line).as_bytes().first() {
                    Some(b'<') => (
                        "opened here, never closed",
                        "an HTML block that is never closed (such as `<!--` without its `-->`), which would hide a disclaimer added after it: close it",
                    ),
                    Some(b'`' | b'~') => (
                        "opened here, never closed",
                        "a code block whose fence is never closed, which would hide a disclaimer added after it: close it",
                    ),
                    _ => (
                        "this block would take in the disclaimer",
                        "a block that would take in a disclaimer added after it: end that block",
                    ),
                };
                diagnostic.with_secondary(line, label).with_help(format!(
                    "the article ends inside {what}, then end the article with a paragraph that starts `**Disclaimer:**`"
                ))
            }
        }
    }

    /// How the house text (a disclaimer on its own) would read if appended: as the article's
    /// disclaimer, or taken in
    /// by a block the article leaves open (an unclosed `<!--` or code fence runs to the end
    /// of the file and takes in whatever follows). Only the lines from the last top-level
    /// block on are parsed again: no block before it reaches past its start, and the whole
    /// line is taken so that an indented code block keeps its indent.
    fn landing(&self, article: &Article, insertion: &str, text_at: usize) -> Landing {
        let from = article
            .body
            .top_blocks
            .last()
            .map_or(article.body_start, |block| {
                let line = article.text[..block.span.start]
                    .rfind('\n')
                    .map_or(0, |newline| newline + 1);
                line.max(article.body_start)
            });
        let mut candidate = String::with_capacity(article.text.len() - from + insertion.len());
        candidate.push_str(&article.text[from..]);
        let text_at = candidate.len() + text_at;
        candidate.push_str(insertion);
        let after = Article::body_only(&candidate);
        if find(&after, &self.headings, &self.prefixes)
            .is_some_and(|found| found.span.start >= text_at)
        {
            return Landing::Last;
        }
        let opened = after
            .body
            .top_blocks
            .iter()
            .find(|block| block.span.start < text_at && block.span.end > text_at)
            .map(|block| from + block.span.start);
        Landing::TakenIn { opened }
    }
}

/// Where an appended house text would end up.
enum Landing {
    /// It is the article's disclaimer, and its last block.
    Last,
    /// It would be part of a block of the article (which starts at `opened`, where the
    /// parse says so): one left open, such as an unclosed `<!--` or code fence.
    TakenIn { opened: Option<usize> },
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

    const HOUSE_TEXT: &str = "**Disclaimer:** For informational purposes only, not medical advice. Always consult a healthcare professional.";

    /// `body` fixed under [`HOUSE`], checked to have its disclaimer and nothing left to fix.
    fn fixed(body: &str) -> String {
        let config = Config::from_text("c.yaml", HOUSE).unwrap();
        let today = jiff::civil::date(2026, 11, 25);
        let once = crate::fix(body, &config, today);
        assert!(
            once.diagnostics
                .iter()
                .all(|diagnostic| diagnostic.rule != ID),
            "{body:?} fixed to {:?}: {:?}",
            once.text,
            once.diagnostics
        );
        assert_eq!(crate::fix(&once.text, &config, today).fixed, 0, "{body:?}");
        once.text
    }

    /// Whether the disclaimer rule finds a disclaimer in `body` under `config`.
    fn has_disclaimer(config: &str, body: &str) -> bool {
        let config = Config::from_text("c.yaml", config).unwrap();
        !crate::lint(body, &config, jiff::civil::date(2026, 11, 25))
            .iter()
            .any(|diagnostic| {
                diagnostic.rule == ID
                    && diagnostic.message == "the article has no medical disclaimer"
            })
    }

    #[test]
    fn configured_markers_find_the_disclaimer_and_the_defaults_are_shared() {
        let note = "# Pain\n\nRest.\n\nNote: for informational purposes only.\n";
        let labelled = "# Pain\n\nRest.\n\n**Disclaimer:** for informational purposes only.\n";
        let headed = "# Pain\n\nRest.\n\n## About this page\n\nFor informational purposes only.\n";
        // The defaults: the search that `seek-help` and `sources` share.
        assert!(has_disclaimer("{}", labelled));
        assert!(!has_disclaimer("{}", note));
        assert!(!has_disclaimer("{}", headed));
        let own =
            "rules:\n  disclaimer:\n    prefixes: ['note:']\n    headings: ['^about this page$']\n";
        assert!(has_disclaimer(own, note));
        assert!(has_disclaimer(own, headed));
        assert!(!has_disclaimer(own, labelled));
        // Only the prefixes changed: still the publisher's own search.
        let own_prefixes = "rules:\n  disclaimer:\n    prefixes: ['note:']\n";
        assert!(has_disclaimer(own_prefixes, note));
        assert!(!has_disclaimer(own_prefixes, labelled));
        // With the default markers, the rule's search is the one the article keeps for the
        // other rules: asked again, the article does not search.
        let config = Config::defaults();
        let rule = config.rules.iter().find(|active| active.id == ID).unwrap();
        let context = Context {
            today: jiff::civil::date(2026, 11, 25),
            schema: &config.schema,
            help_line: None,
            gate: None,
        };
        let article = Article::parse(labelled);
        rule.rule.check(&article, &context, &mut Vec::new());
        let kept = article.default_disclaimer(|_| unreachable!("searched again"));
        assert!(kept.is_some_and(|found| found.text.contains("informational")));
    }

    #[test]
    fn the_house_text_is_appended_after_the_last_block() {
        let body = "# Back pain\n\nRest a little.\n\n```\ncode\n```\n\n<!-- a note -->\n";
        assert!(missing(HOUSE, body).fix.is_some());
        assert_eq!(fixed(body), format!("{body}\n{HOUSE_TEXT}\n"));
        // How the end of a file is kept, and the text put on a line of its own after a blank
        // line: a no-break space is text, and a line of spaces or tabs is blank.
        for (body, added) in [
            ("# Pain\n\nRest.", "\n\n"),
            ("# Pain\n\nRest.\n\n\n", ""),
            ("# Pain\n\nRest. \n", "\n"),
            ("# Pain\n\nRest.\n\u{a0}", "\n\n"),
            ("# Pain\n\nRest.\n\n\t", "\n"),
            ("# Pain\n\nRest.\n\n    ", "\n"),
            ("- item\n\n  ", "\n"),
            ("# Pain\r\n\r\nRest.\r\n", "\r\n"),
            ("", ""),
            ("  ", "\n"),
            ("---\ntitle: Pain\n---\n", "\n\n"),
        ] {
            let newline = if body.contains('\r') { "\r\n" } else { "\n" };
            assert_eq!(
                fixed(body),
                format!("{body}{added}{HOUSE_TEXT}{newline}"),
                "{body:?}"
            );
        }
        // Blocks that end where they should: a fence closed by the end of its list item,
        // HTML that a blank line ends, and an indented code block that shows a fence.
        for body in [
            "- item\n\n  ```\n  code\n",
            "<div>\nsome html\n</div>\n",
            "# Pain\n\nTo write a fence:\n\n    ```\n",
            "# Pain\n\n    <!-- shown as code\n",
        ] {
            assert!(missing(HOUSE, body).fix.is_some(), "{body:?}");
            assert!(fixed(body).starts_with(body));
        }
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
            (
                "# Pain\r\n\r\n<!-- a note ->\r\nmore\r\n",
                "an HTML block",
                "<!-- a note ->",
            ),
            ("# Pain\n\nRest.\n\n<!--\nnote\n", "an HTML block", "<!--"),
            ("# Pain\n\nRest.\n\n   <?php", "an HTML block", "<?php"),
            ("# Pain\n\n```text\nsome code\n", "a code block", "```text"),
            ("# Pain\n\n~~~\n", "a code block", "~~~"),
            ("# Pain\n\n  ```\n\u{a0}", "a code block", "```"),
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
