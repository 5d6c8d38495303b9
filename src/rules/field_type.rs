//! `field-type`: each known front-matter field has its type, format and bounds; dates are
//! real ISO dates in the right order. Fixes dates and tags where the answer is unambiguous.

use jiff::civil::Date;
use serde::Deserialize;

use super::reading_time::parse_minutes;
use super::{Context, Rule, typed};
use crate::article::Article;
use crate::config::schema::{FieldSpec, FieldType, Format};
use crate::dates::{self, DateProblem};
use crate::diagnostic::{Diagnostic, Edit, Fix, Span};
use crate::phone::unquote;
use crate::yaml::{Entry, Node, Value};

const ID: &str = "field-type";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {}

struct FieldTypeRule;

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let _: Options = typed(options)?;
    Ok(Box::new(FieldTypeRule))
}

impl Rule for FieldTypeRule {
    fn check(&self, article: &Article, context: &Context, out: &mut Vec<Diagnostic>) {
        let Some(fields) = article.fields() else {
            return;
        };
        let mut checker = Checker {
            article,
            context,
            fields,
            out,
        };
        for entry in fields {
            if let Some((name, spec)) = context.schema.get(&entry.key) {
                checker.value(name, &entry.key, spec, &entry.value);
            }
        }
    }
}

struct Checker<'r, 'a> {
    article: &'r Article<'a>,
    context: &'r Context<'r>,
    fields: &'r [Entry],
    out: &'r mut Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    /// Checks `node` against `spec`; `label` names it in messages (`date`, `tags` item).
    fn value(&mut self, name: &str, label: &str, spec: &FieldSpec, node: &Node) {
        if matches!(node.value, Value::Null) {
            return; // nothing to check; `required-field` reports an empty required field
        }
        match spec.kind {
            FieldType::String => {
                if let Some(text) = self.expect_string(label, spec, node) {
                    self.string(label, spec, node, text);
                }
            }
            FieldType::Phone => {
                if !matches!(node.value, Value::String(_) | Value::Int(_)) {
                    self.wrong_type(label, spec, node);
                }
            }
            FieldType::Integer => {
                if !matches!(node.value, Value::Int(_)) {
                    self.wrong_type(label, spec, node);
                }
            }
            FieldType::Number => {
                if !matches!(node.value, Value::Int(_) | Value::Float(_)) {
                    self.wrong_type(label, spec, node);
                }
            }
            FieldType::Bool => {
                if !matches!(node.value, Value::Bool(_)) {
                    self.wrong_type(label, spec, node);
                }
            }
            FieldType::Map => {
                if !matches!(node.value, Value::Map(_)) {
                    self.wrong_type(label, spec, node);
                }
            }
            FieldType::Minutes => self.minutes(label, spec, node),
            FieldType::Date | FieldType::Datetime => self.date(name, label, spec, node),
            FieldType::List => self.list(name, label, spec, node),
        }
    }

    fn wrong_type(&mut self, label: &str, spec: &FieldSpec, node: &Node) {
        let span = self.visible(node);
        self.out.push(
            Diagnostic::new(
                ID,
                span,
                format!(
                    "`{label}` must be {}, found {}",
                    spec.kind.describe(),
                    node.value.kind()
                ),
            )
            .with_label(format!("expected {}", spec.kind.describe())),
        );
    }

    /// A span that shows something even for an empty value.
    fn visible(&self, node: &Node) -> Span {
        if node.span.is_empty() {
            let end = self.article.text[node.span.start..]
                .find(['\n', '\r'])
                .map_or(self.article.text.len(), |at| node.span.start + at);
            Span::new(node.span.start, end)
        } else {
            node.span
        }
    }

    fn expect_string<'n>(
        &mut self,
        label: &str,
        spec: &FieldSpec,
        node: &'n Node,
    ) -> Option<&'n str> {
        match &node.value {
            Value::String(text) => Some(text),
            _ => {
                self.wrong_type(label, spec, node);
                None
            }
        }
    }

    fn string(&mut self, label: &str, spec: &FieldSpec, node: &Node, text: &str) {
        let length = text.chars().count();
        if let Some(max) = spec.max_length
            && length > max
        {
            self.out.push(
                Diagnostic::new(
                    ID,
                    node.span,
                    format!("`{label}` is {length} characters long; the limit is {max}"),
                )
                .with_label(format!("{} characters too many", length - max))
                .with_help(format!("shorten it to {max} characters or fewer")),
            );
        }
        if let Some(min) = spec.min_length
            && length < min
            && !text.trim().is_empty()
        {
            self.out.push(Diagnostic::new(
                ID,
                node.span,
                format!("`{label}` is {length} characters long; it needs at least {min}"),
            ));
        }
        if let Some(regex) = &spec.regex
            && !regex.is_match(text)
        {
            let pattern = spec.pattern.as_deref().unwrap_or_default();
            self.out.push(
                Diagnostic::new(
                    ID,
                    node.span,
                    format!("`{label}` does not match the pattern `{pattern}`"),
                )
                .with_label("does not match"),
            );
        }
        if let Some(allowed) = &spec.allowed
            && !allowed.iter().any(|value| value == text)
        {
            let list = allowed
                .iter()
                .map(|value| format!("`{value}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.out.push(
                Diagnostic::new(ID, node.span, format!("`{label}` must be one of {list}"))
                    .with_label("not an allowed value"),
            );
        }
        if spec.format == Some(Format::KebabCase) {
            self.kebab(label, node, text);
        }
    }

    fn kebab(&mut self, label: &str, node: &Node, text: &str) {
        if is_kebab(text) {
            return;
        }
        let mut diagnostic = Diagnostic::new(
            ID,
            node.span,
            format!("{label} `{text}` is not lowercase kebab-case"),
        )
        .with_label("use lowercase words joined by hyphens");
        let fixed = to_kebab(text);
        if !fixed.is_empty() {
            let source = self.article.slice(node.span);
            let quote = source.chars().next().filter(|c| *c == '"' || *c == '\'');
            let replacement = match quote {
                Some(quote) => format!("{quote}{fixed}{quote}"),
                None => fixed.clone(),
            };
            diagnostic = diagnostic
                .with_help(format!("write it as `{fixed}`"))
                .with_fix(Fix::new(
                    format!("rewrite as `{fixed}`"),
                    vec![Edit::replace(node.span, replacement)],
                ));
        }
        self.out.push(diagnostic);
    }

    fn minutes(&mut self, label: &str, spec: &FieldSpec, node: &Node) {
        let ok = match &node.value {
            Value::Int(minutes) => *minutes >= 1,
            Value::String(text) => parse_minutes(text).is_some_and(|minutes| minutes >= 1),
            _ => false,
        };
        if !ok {
            let found = match &node.value {
                Value::String(text) => format!("`{text}`"),
                Value::Int(number) => format!("`{number}`"),
                other => other.kind().to_string(),
            };
            self.out.push(
                Diagnostic::new(
                    ID,
                    self.visible(node),
                    format!("`{label}` must be {}, found {found}", spec.kind.describe()),
                )
                .with_label("not a number of minutes")
                .with_help("write a whole number of minutes, such as `4` or `4 min read`"),
            );
        }
    }

    fn date(&mut self, name: &str, label: &str, spec: &FieldSpec, node: &Node) {
        let Value::String(text) = &node.value else {
            self.wrong_type(label, spec, node);
            return;
        };
        let parsed = if spec.kind == FieldType::Datetime {
            dates::parse_datetime(text)
        } else {
            dates::parse_iso(text)
        };
        let day = match parsed {
            Ok(day) => day,
            Err(DateProblem::NotReal) => {
                self.out.push(
                    Diagnostic::new(
                        ID,
                        node.span,
                        format!("`{label}` is not a real date: `{text}`"),
                    )
                    .with_label("no such day")
                    .with_help("check the day and month"),
                );
                return;
            }
            Err(DateProblem::NotIso) => {
                let mut diagnostic = Diagnostic::new(
                    ID,
                    node.span,
                    format!(
                        "`{label}` is not an ISO 8601 {}: `{text}`",
                        if spec.kind == FieldType::Datetime {
                            "date-time"
                        } else {
                            "date"
                        }
                    ),
                )
                .with_label("expected YYYY-MM-DD");
                let readings = dates::readings(text);
                match readings.as_slice() {
                    [only] if spec.kind == FieldType::Date => {
                        let iso = only.to_string();
                        diagnostic = diagnostic
                            .with_help(format!("write it as `{iso}`"))
                            .with_fix(Fix::new(
                                format!("rewrite as `{iso}`"),
                                vec![Edit::replace(node.span, iso)],
                            ));
                    }
                    [first, second, ..] => {
                        diagnostic = diagnostic.with_help(format!(
                            "it could be {first} or {second}; write the one you mean as YYYY-MM-DD"
                        ));
                    }
                    _ => diagnostic = diagnostic.with_help("write it as YYYY-MM-DD"),
                }
                self.out.push(diagnostic);
                return;
            }
        };
        if spec.not_future && day > self.context.today {
            self.out.push(
                Diagnostic::new(
                    ID,
                    node.span,
                    format!(
                        "`{label}` {day} is in the future (today is {})",
                        self.context.today
                    ),
                )
                .with_label("after today")
                .with_help("use the date the article was actually published or reviewed"),
            );
        }
        if let Some(other) = &spec.not_before
            && other != name
            && let Some((other_day, other_span)) = self.other_date(other)
            && day < other_day
        {
            self.out.push(
                Diagnostic::new(
                    ID,
                    node.span,
                    format!("`{label}` ({day}) is before `{other}` ({other_day})"),
                )
                .with_label("earlier than the article's date")
                .with_secondary(other_span, format!("`{other}` is {other_day}")),
            );
        }
    }

    /// Another field's date, when it is present and valid.
    fn other_date(&self, key: &str) -> Option<(Date, Span)> {
        let (name, spec) = self.context.schema.get(key)?;
        let entry = self
            .fields
            .iter()
            .find(|entry| entry.key == name || spec.aliases.contains(&entry.key))?;
        let day = dates::parse_iso(entry.value.value.as_str()?).ok()?;
        Some((day, entry.value.span))
    }

    fn list(&mut self, name: &str, label: &str, spec: &FieldSpec, node: &Node) {
        let items = match &node.value {
            Value::List(items) => items,
            Value::String(text) if spec.items.is_some() => {
                // `tags: back-pain` instead of a list: say so, and check the word itself.
                self.out.push(
                    Diagnostic::new(
                        ID,
                        node.span,
                        format!("`{label}` must be a list, found text"),
                    )
                    .with_label("expected a list")
                    .with_help(format!("write it as `[{}]`", unquote(text).1)),
                );
                return;
            }
            _ => {
                self.wrong_type(label, spec, node);
                return;
            }
        };
        // An empty required list is `required-field`'s to report.
        if (!items.is_empty() || !spec.required)
            && let Some(min) = spec.min_items
            && items.len() < min
        {
            self.out.push(Diagnostic::new(
                ID,
                self.visible(node),
                format!(
                    "`{label}` has {} items; it needs at least {min}",
                    items.len()
                ),
            ));
        }
        if let Some(max) = spec.max_items
            && items.len() > max
        {
            self.out.push(Diagnostic::new(
                ID,
                node.span,
                format!("`{label}` has {} items; the limit is {max}", items.len()),
            ));
        }
        if let Some(item_spec) = &spec.items {
            let item_label = if name == "tags" {
                "tag".to_string()
            } else {
                format!("`{label}` item")
            };
            for item in items {
                self.value(name, &item_label, item_spec, item);
            }
        }
    }
}

fn is_kebab(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn to_kebab(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-').to_string();
    if is_kebab(&trimmed) {
        trimmed
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case() {
        assert!(is_kebab("back-pain"));
        assert!(!is_kebab("Back Pain"));
        assert!(!is_kebab("back--pain"));
        assert_eq!(to_kebab("Back Pain"), "back-pain");
        assert_eq!(to_kebab("  Pain_Relief! "), "pain-relief");
        assert_eq!(to_kebab("腰痛"), "");
    }
}
