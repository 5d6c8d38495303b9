//! Inline suppressions in articles: `<!-- healthlint-disable RULE[,RULE] -->` …
//! `<!-- healthlint-enable RULE -->`, `<!-- healthlint-disable-next-line RULE -->` and
//! `<!-- healthlint-disable-file RULE -->`, with an optional reason after `--`. A
//! suppression that suppresses nothing, or names no rule, is itself reported.

use crate::article::Article;
use crate::config::{Config, did_you_mean};
use crate::diagnostic::{Diagnostic, Severity, Span};

pub const UNUSED: &str = "unused-suppression";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Disable,
    Enable,
    NextLine,
    File,
}

#[derive(Debug)]
struct Directive {
    kind: Kind,
    span: Span,
    /// The rules named, each with whether it suppressed anything; empty means every rule.
    rules: Vec<String>,
    /// Where it applies: (start, end) byte ranges.
    regions: Vec<(usize, usize)>,
    used: Vec<bool>,
    used_any: bool,
}

fn parse(text: &str) -> Option<(Kind, Vec<String>)> {
    let text = text.split(" -- ").next().unwrap_or(text);
    let text = text.strip_suffix("--").unwrap_or(text).trim();
    let (word, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let kind = match word {
        "healthlint-disable" => Kind::Disable,
        "healthlint-enable" => Kind::Enable,
        "healthlint-disable-next-line" => Kind::NextLine,
        "healthlint-disable-file" => Kind::File,
        _ => return None,
    };
    let rules = rest
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|rule| !rule.is_empty())
        .map(str::to_string)
        .collect();
    Some((kind, rules))
}

/// The byte range of the line after the one `offset` is on.
fn next_line(text: &str, offset: usize) -> (usize, usize) {
    let start = text[offset..]
        .find('\n')
        .map_or(text.len(), |at| offset + at + 1);
    let end = text[start..].find('\n').map_or(text.len(), |at| start + at);
    (start, end)
}

/// Removes suppressed diagnostics; reports unused suppressions, and those that name no rule
/// of `config` (built-in or custom), at the severity of `unused-suppression` when it runs.
pub fn apply(article: &Article, diagnostics: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    let text = article.text;
    let mut directives: Vec<Directive> = Vec::new();
    for comment in &article.body.comments {
        let Some((kind, rules)) = parse(&comment.text) else {
            continue;
        };
        directives.push(Directive {
            kind,
            span: comment.span,
            used: vec![false; rules.len()],
            rules,
            regions: Vec::new(),
            used_any: false,
        });
    }
    if directives.is_empty() {
        return diagnostics;
    }
    // Regions: a disable runs to the next enable of its rule (or of every rule).
    for index in 0..directives.len() {
        let directive = &directives[index];
        let region = match directive.kind {
            Kind::Enable => continue,
            Kind::File => (0, text.len()),
            Kind::NextLine => next_line(text, directive.span.end),
            Kind::Disable => {
                let end = directives[index + 1..]
                    .iter()
                    .find(|later| {
                        later.kind == Kind::Enable
                            && (later.rules.is_empty()
                                || directive.rules.is_empty()
                                || later
                                    .rules
                                    .iter()
                                    .any(|rule| directive.rules.contains(rule)))
                    })
                    .map_or(text.len(), |later| later.span.start);
                (directive.span.end, end)
            }
        };
        directives[index].regions.push(region);
    }
    let mut kept = Vec::with_capacity(diagnostics.len());
    for diagnostic in diagnostics {
        let mut suppressed = false;
        for directive in &mut directives {
            if directive.kind == Kind::Enable {
                continue;
            }
            let inside = directive.regions.iter().any(|(start, end)| {
                diagnostic.span.start >= *start && diagnostic.span.start <= *end
            });
            if !inside {
                continue;
            }
            if directive.rules.is_empty() {
                directive.used_any = true;
                suppressed = true;
            } else if let Some(at) = directive
                .rules
                .iter()
                .position(|rule| *rule == diagnostic.rule)
            {
                directive.used[at] = true;
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(diagnostic);
        }
    }
    let Some(severity) = config
        .rules
        .iter()
        .find(|rule| rule.id == UNUSED)
        .map(|rule| rule.severity)
    else {
        return kept;
    };
    let known: Vec<&str> = crate::rules::TABLE
        .iter()
        .map(|rule| rule.id)
        .chain(config.custom.iter().map(|custom| custom.id.as_str()))
        .collect();
    for directive in &directives {
        if directive.kind == Kind::Enable {
            continue;
        }
        if directive.rules.is_empty() && !directive.used_any {
            kept.push(unused_diagnostic(
                directive.span,
                "this suppression suppresses nothing",
                severity,
            ));
        }
        for (rule, used) in directive.rules.iter().zip(&directive.used) {
            if !known.contains(&rule.as_str()) {
                let mut diagnostic = unused_diagnostic(
                    directive.span,
                    &format!("this suppression names `{rule}`, which is not a rule"),
                    severity,
                );
                if let Some(best) = did_you_mean(rule, known.iter()) {
                    diagnostic = diagnostic.with_help(format!("did you mean `{best}`?"));
                }
                kept.push(diagnostic);
            } else if !used {
                kept.push(unused_diagnostic(
                    directive.span,
                    &format!("this suppression of `{rule}` suppresses nothing"),
                    severity,
                ));
            }
        }
    }
    kept
}

fn unused_diagnostic(span: Span, message: &str, severity: Severity) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(UNUSED, span, message.to_string())
        .with_label("unused")
        .with_help("remove the comment, or name the rule it is meant for");
    diagnostic.severity = severity;
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_read_with_reasons() {
        assert_eq!(
            parse("healthlint-disable-next-line phone-format -- a partner's number"),
            Some((Kind::NextLine, vec!["phone-format".to_string()]))
        );
        assert_eq!(
            parse("healthlint-disable a, b"),
            Some((Kind::Disable, vec!["a".to_string(), "b".to_string()]))
        );
        assert_eq!(parse("healthlint-enable"), Some((Kind::Enable, vec![])));
        assert_eq!(parse("a comment"), None);
    }
}
