//! `required-field`: every field the schema marks required is present and not empty.

use serde::Deserialize;

use super::{Context, Rule, typed};
use crate::article::Article;
use crate::diagnostic::Diagnostic;

const ID: &str = "required-field";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {}

struct RequiredField;

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let _: Options = typed(options)?;
    Ok(Box::new(RequiredField))
}

impl Rule for RequiredField {
    fn check(&self, article: &Article, context: &Context, out: &mut Vec<Diagnostic>) {
        let Some(fields) = article.fields() else {
            return;
        };
        for (name, spec) in &context.schema.fields {
            if !spec.required {
                continue;
            }
            let present = fields
                .iter()
                .find(|entry| entry.key == *name || spec.aliases.contains(&entry.key));
            match present {
                None => out.push(
                    Diagnostic::new(
                        ID,
                        article.front_matter_anchor(),
                        format!("missing required field `{name}`"),
                    )
                    .with_label(format!("add `{name}` above this line"))
                    .with_help(format!("add `{name}: ...` to the front matter")),
                ),
                Some(entry) if entry.value.value.is_empty() => out.push(
                    Diagnostic::new(
                        ID,
                        entry.key_span,
                        format!("required field `{name}` is empty"),
                    )
                    .with_label("no value")
                    .with_help(format!("give `{name}` a value")),
                ),
                Some(_) => {}
            }
        }
    }
}
