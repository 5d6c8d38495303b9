//! `unused-suppression`: an inline suppression that suppresses nothing, or names no rule.
//! It needs every other rule's diagnostics, so the engine reports it (see
//! `crate::suppressions`); this entry gives it a page, a severity and a place in the table.

use serde::Deserialize;

use super::{Context, Rule, typed};
use crate::article::Article;
use crate::diagnostic::Diagnostic;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {}

struct UnusedSuppression;

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let _: Options = typed(options)?;
    Ok(Box::new(UnusedSuppression))
}

impl Rule for UnusedSuppression {
    fn check(&self, _: &Article, _: &Context, _: &mut Vec<Diagnostic>) {}
}
