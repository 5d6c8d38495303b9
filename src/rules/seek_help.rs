//! `seek-help`: a "when to seek help" section exists before the disclaimer, lists enough
//! warning signs, and tells the reader where to get care.

use serde::Deserialize;

use super::disclaimer;
use super::{Context, Patterns, Rule, pattern_list, typed};
use crate::article::{Article, Section};
use crate::diagnostic::{Diagnostic, Span};
use crate::phone;

const ID: &str = "seek-help";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    headings: Vec<String>,
    min_items: usize,
    routes: Vec<String>,
}

struct SeekHelp {
    headings: Patterns,
    min_items: usize,
    routes: Patterns,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    Ok(Box::new(SeekHelp {
        headings: pattern_list(&options.headings)?,
        min_items: options.min_items,
        routes: pattern_list(&options.routes)?,
    }))
}

impl Rule for SeekHelp {
    fn warm(&self) {
        self.headings.warm();
        self.routes.warm();
    }

    fn check(&self, article: &Article, context: &Context, out: &mut Vec<Diagnostic>) {
        let found_disclaimer = disclaimer::find_default(article);
        let candidates: Vec<&Section> = article
            .sections()
            .iter()
            .filter(|section| self.headings.is_match(&section.title))
            .collect();
        if candidates.is_empty() {
            let at = found_disclaimer.map_or(article.end(), |found| Span::point(found.span.start));
            out.push(
                Diagnostic::new(ID, at, "the article has no \"when to seek help\" section")
                    .with_label("add it here, before the disclaimer")
                    .with_help(
                        "add a section such as `## When to Seek Professional Help` listing the warning signs and where to get care (a GP, 111, 999 or A&E)",
                    ),
            );
            return;
        }
        // NHS pages split the advice over several sections ("See a GP if", "Call 999 if"):
        // the article passes when one of them is complete; otherwise the closest is reported.
        let mut best: Option<Vec<Diagnostic>> = None;
        for section in candidates {
            let problems = self.problems(article, context, section, found_disclaimer);
            if problems.is_empty() {
                return;
            }
            if best.as_ref().is_none_or(|best| problems.len() < best.len()) {
                best = Some(problems);
            }
        }
        out.extend(best.unwrap_or_default());
    }
}

impl SeekHelp {
    fn problems(
        &self,
        article: &Article,
        context: &Context,
        section: &Section,
        found_disclaimer: Option<&disclaimer::Found>,
    ) -> Vec<Diagnostic> {
        let heading = article.trimmed(section.heading);
        let mut problems = Vec::new();
        if let Some(found) = found_disclaimer
            && section.heading.start > found.span.start
        {
            problems.push(
                Diagnostic::new(
                    ID,
                    heading,
                    "the seek-help section comes after the disclaimer",
                )
                .with_label("this section")
                .with_secondary(found.shown, "the disclaimer")
                .with_help("move the section above the disclaimer, which must end the article"),
            );
        }
        let blocks: Vec<_> = article.blocks_in(section.content).collect();
        if blocks.is_empty() {
            problems.push(
                Diagnostic::new(ID, heading, "the seek-help section is empty")
                    .with_label("nothing under this heading")
                    .with_help("list the warning signs and say where to get care"),
            );
            return problems;
        }
        let items: Vec<_> = article
            .body
            .list_items
            .iter()
            .filter(|item| section.content.contains(item.span))
            .collect();
        let top = items.iter().map(|item| item.depth).min().unwrap_or(0);
        let count = items.iter().filter(|item| item.depth == top).count();
        if count < self.min_items {
            let signs = if count == 1 { "sign" } else { "signs" };
            problems.push(
                Diagnostic::new(
                    ID,
                    heading,
                    format!(
                        "the seek-help section lists {count} warning {signs}; at least {} are needed",
                        self.min_items
                    ),
                )
                .with_label("too few warning signs")
                .with_help("list the warning signs as a bulleted list, one sign per item"),
            );
        }
        let mut text = section.title.clone();
        for block in &blocks {
            text.push('\n');
            text.push_str(article.block_text(block));
        }
        let names_route =
            self.routes.is_match(&text) || shows_help_line(article, context, section.content);
        if !names_route {
            problems.push(
                Diagnostic::new(
                    ID,
                    heading,
                    "the seek-help section does not say where to get care (999, A&E, 111, a GP, a doctor, …)",
                )
                .with_label("no route to care")
                .with_help("tell the reader whom to contact: a GP, NHS 111, 999 or A&E, or your help line"),
            );
        }
        problems
    }
}

/// Whether the configured help line is shown inside `span`.
fn shows_help_line(article: &Article, context: &Context, span: Span) -> bool {
    let Some(configured) = context.help_line else {
        return false;
    };
    let Some(region) = phone::region(&configured.region) else {
        return false;
    };
    let Some(wanted) = phone::parse(&configured.number, region) else {
        return false;
    };
    article
        .phones()
        .iter()
        .filter(|mention| span.contains(mention.span))
        .filter_map(|mention| phone::parse(&mention.text, region))
        .any(|number| phone::e164(&number) == phone::e164(&wanted))
}
