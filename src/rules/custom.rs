//! Custom rules from configuration: a pattern that must not appear (`forbid`) or must appear
//! (`require`) in a scope of the article.

use regex::Regex;

use super::{Context, Rule};
use crate::article::{Article, BlockKind};
use crate::diagnostic::{Diagnostic, Span};

/// Where a custom rule looks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The prose of the body.
    Body,
    /// The text of the headings.
    Headings,
    /// The value of one front-matter field.
    Field(String),
}

pub struct Custom {
    id: String,
    message: String,
    help: Option<String>,
    regex: Regex,
    require: bool,
    scope: Scope,
}

impl Custom {
    pub fn new(
        id: String,
        message: String,
        help: Option<String>,
        regex: Regex,
        require: bool,
        scope: Scope,
    ) -> Custom {
        Custom {
            id,
            message,
            help,
            regex,
            require,
            scope,
        }
    }

    fn diagnostic(&self, span: Span, label: &str) -> Diagnostic {
        let diagnostic = Diagnostic::new(self.id.clone(), span, self.message.clone())
            .with_label(label.to_string());
        match &self.help {
            Some(help) => diagnostic.with_help(help.clone()),
            None => diagnostic,
        }
    }

    /// Every match in the scope, as source spans; and where a missing match would go.
    fn matches(&self, article: &Article) -> (Vec<Span>, Span) {
        match &self.scope {
            Scope::Body => {
                let spans = self
                    .regex
                    .find_iter(&article.body.prose.text)
                    .filter(|found| !found.as_str().is_empty())
                    .map(|found| article.prose_span(found.range()))
                    .collect();
                (spans, article.end())
            }
            Scope::Headings => {
                let mut spans = Vec::new();
                let mut first = None;
                for block in &article.body.blocks {
                    if !matches!(block.kind, BlockKind::Heading(_)) {
                        continue;
                    }
                    first.get_or_insert(article.trimmed(block.span));
                    let text = article.block_text(block);
                    for found in self.regex.find_iter(text) {
                        if found.as_str().is_empty() {
                            continue;
                        }
                        let start = block.prose.start + found.start();
                        spans.push(article.prose_span(start..start + found.len()));
                    }
                }
                (spans, first.unwrap_or(article.end()))
            }
            Scope::Field(name) => {
                let Some(entry) = article.field(name) else {
                    return (Vec::new(), article.front_matter_anchor());
                };
                let source = article.slice(entry.value.span);
                let spans = self
                    .regex
                    .find_iter(source)
                    .filter(|found| !found.as_str().is_empty())
                    .map(|found| {
                        Span::new(
                            entry.value.span.start + found.start(),
                            entry.value.span.start + found.end(),
                        )
                    })
                    .collect();
                (spans, entry.value.span)
            }
        }
    }
}

impl Rule for Custom {
    fn check(&self, article: &Article, _: &Context, out: &mut Vec<Diagnostic>) {
        let (spans, anchor) = self.matches(article);
        if self.require {
            if spans.is_empty() {
                out.push(self.diagnostic(anchor, "required here"));
            }
        } else {
            out.extend(
                spans
                    .into_iter()
                    .map(|span| self.diagnostic(span, "forbidden")),
            );
        }
    }
}
