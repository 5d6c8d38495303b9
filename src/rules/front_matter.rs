//! `front-matter`: the article opens with a closed, valid YAML block that is a mapping, with
//! no key given twice.

use serde::Deserialize;

use super::{Context, Rule, typed};
use crate::article::Article;
use crate::diagnostic::{Diagnostic, Span};
use crate::yaml::Value;

const ID: &str = "front-matter";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {}

struct FrontMatterRule;

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let _: Options = typed(options)?;
    Ok(Box::new(FrontMatterRule))
}

impl Rule for FrontMatterRule {
    fn check(&self, article: &Article, _: &Context, out: &mut Vec<Diagnostic>) {
        let Some(front) = &article.front_matter else {
            out.push(
                Diagnostic::new(
                    ID,
                    Span::point(article.body_start),
                    "front matter is missing: the article must start with a `---` line",
                )
                .with_label("front matter goes here")
                .with_help("open the article with `---`, the fields (title, date, author, …), and a closing `---`"),
            );
            return;
        };
        if front.close.is_none() {
            out.push(
                Diagnostic::new(
                    ID,
                    front.open,
                    "front matter is not closed: add a `---` line after the last field",
                )
                .with_label("opened here, never closed")
                .with_help("end the block with a line that is exactly `---` (or `...`)"),
            );
            return;
        }
        let root = match &front.parsed {
            Err(error) => {
                out.push(
                    Diagnostic::new(
                        ID,
                        error.span,
                        format!("front matter is not valid YAML: {}", error.message),
                    )
                    .with_label("here"),
                );
                return;
            }
            Ok(root) => root,
        };
        let Value::Map(entries) = &root.value else {
            let span = if root.span.is_empty() {
                front.yaml
            } else {
                root.span
            };
            out.push(
                Diagnostic::new(
                    ID,
                    span,
                    format!(
                        "front matter must be a mapping of fields, found {}",
                        root.value.kind()
                    ),
                )
                .with_help("write one `field: value` per line"),
            );
            return;
        };
        for (index, entry) in entries.iter().enumerate() {
            if let Some(first) = entries[..index].iter().find(|other| other.key == entry.key) {
                out.push(
                    Diagnostic::new(ID, entry.key_span, format!("duplicate key `{}`", entry.key))
                        .with_label("given again here")
                        .with_secondary(first.key_span, "first given here")
                        .with_help("keep one of the two; YAML readers disagree on which wins"),
                );
            }
        }
    }
}
