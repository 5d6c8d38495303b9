//! `unknown-field`: a front-matter key the schema does not know, with "did you mean".

use serde::Deserialize;

use super::{Context, Rule, typed};
use crate::article::Article;
use crate::config::did_you_mean;
use crate::diagnostic::{Diagnostic, Edit, Fix};

const ID: &str = "unknown-field";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {}

struct UnknownField;

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let _: Options = typed(options)?;
    Ok(Box::new(UnknownField))
}

impl Rule for UnknownField {
    fn check(&self, article: &Article, context: &Context, out: &mut Vec<Diagnostic>) {
        let Some(fields) = article.fields() else {
            return;
        };
        for entry in fields {
            if context.schema.get(&entry.key).is_some() {
                continue;
            }
            let mut diagnostic =
                Diagnostic::new(ID, entry.key_span, format!("unknown field `{}`", entry.key))
                    .with_label("not in the schema");
            // Only suggest a field the article does not already have.
            let free = context
                .schema
                .names()
                .filter(|name| fields.iter().all(|other| other.key != *name));
            match did_you_mean(&entry.key, free) {
                Some(best) => {
                    diagnostic = diagnostic
                        .with_help(format!("did you mean `{best}`?"))
                        .with_fix(Fix::new(
                            format!("rename to `{best}`"),
                            vec![Edit::replace(entry.key_span, best)],
                        ));
                }
                None => {
                    diagnostic = diagnostic.with_help(format!(
                        "remove it, or add it to the schema: `fields: {{{}: {{type: string}}}}`",
                        entry.key
                    ));
                }
            }
            out.push(diagnostic);
        }
    }
}
