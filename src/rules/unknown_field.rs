//! `unknown-field`: a front-matter key the schema does not know, with "did you mean".

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Deserialize;

use super::{Context, Rule, typed};
use crate::article::Article;
use crate::config::did_you_mean;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::yaml::Entry as Field;

const ID: &str = "unknown-field";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {}

/// The suggestions already worked out, by schema and key: a tree of pages from one generator
/// repeats the same few unknown keys thousands of times.
#[derive(Default)]
struct UnknownField {
    suggestions: Mutex<HashMap<(usize, String), Option<String>>>,
}

/// How many suggestions are kept; past that, new keys are worked out each time.
const KEPT_SUGGESTIONS: usize = 4096;

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let _: Options = typed(options)?;
    Ok(Box::new(UnknownField::default()))
}

impl UnknownField {
    /// The closest field of the schema to `key` that the article does not already have.
    fn suggestion(&self, key: &str, context: &Context, fields: &[Field]) -> Option<String> {
        let free = |name: &&str| fields.iter().all(|other| other.key != *name);
        let schema = std::ptr::from_ref(context.schema) as usize;
        let cache_key = (schema, key.to_string());
        let cached = self
            .suggestions
            .lock()
            .ok()
            .and_then(|cache| cache.get(&cache_key).cloned());
        let best = match cached {
            Some(best) => best,
            None => {
                let best = did_you_mean(key, context.schema.names());
                if let Ok(mut cache) = self.suggestions.lock()
                    && cache.len() < KEPT_SUGGESTIONS
                {
                    cache.insert(cache_key, best.clone());
                }
                best
            }
        };
        // The best of all names, when the article does not have it, is the best of the free
        // ones; otherwise look again among the free names only.
        match best {
            Some(best) if !free(&best.as_str()) => {
                did_you_mean(key, context.schema.names().filter(free))
            }
            best => best,
        }
    }
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
            match self.suggestion(&entry.key, context, fields) {
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
