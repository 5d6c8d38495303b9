//! `sources`: the article cites its evidence, in a References section, a `sources` list in
//! the front matter, or footnotes.

use serde::Deserialize;

use super::disclaimer;
use super::{Context, Patterns, Rule, pattern_list, typed};
use crate::article::{Article, BlockKind, Section};
use crate::diagnostic::{Diagnostic, Span};

const ID: &str = "sources";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    headings: Vec<String>,
    field: String,
    min_items: usize,
    footnotes: bool,
}

struct Sources {
    headings: Patterns,
    field: String,
    min_items: usize,
    footnotes: bool,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    Ok(Box::new(Sources {
        headings: pattern_list(&options.headings)?,
        field: options.field,
        min_items: options.min_items.max(1),
        footnotes: options.footnotes,
    }))
}

impl Rule for Sources {
    fn warm(&self) {
        self.headings.warm();
    }

    fn check(&self, article: &Article, _: &Context, out: &mut Vec<Diagnostic>) {
        if self.in_front_matter(article) {
            return;
        }
        // A footnote reference the parser read as one points at a footnote the body defines.
        if self.footnotes && !article.body.footnote_references.is_empty() {
            return;
        }
        let sections: Vec<&Section> = article
            .sections()
            .iter()
            .filter(|section| self.headings.is_match(section.title.trim()))
            .collect();
        let disclaimer_span = disclaimer::find_default(article).map(|found| found.span);
        let mut fewest: Option<(&Section, usize)> = None;
        for section in sections {
            let count = items(article, section, disclaimer_span);
            if count >= self.min_items {
                return;
            }
            if fewest.is_none_or(|(_, best)| count > best) {
                fewest = Some((section, count));
            }
        }
        if let Some((section, count)) = fewest {
            let listed = match count {
                0 => "no sources".to_string(),
                1 => "1 source".to_string(),
                more => format!("{more} sources"),
            };
            out.push(
                Diagnostic::new(
                    ID,
                    article.trimmed(section.heading),
                    format!(
                        "the `{}` section lists {listed}; at least {} {} needed",
                        section.title,
                        self.min_items,
                        if self.min_items == 1 { "is" } else { "are" }
                    ),
                )
                .with_label("too few sources")
                .with_help(
                    "list each source as an item: who published it, its title, a link and a date",
                ),
            );
            return;
        }
        let at = disclaimer_span.map_or(article.end(), |found| Span::point(found.start));
        out.push(
            Diagnostic::new(ID, at, "the article cites no sources")
                .with_label("add a References section here")
                .with_help(format!(
                    "list the evidence the article relies on (NHS pages, NICE guidelines, research papers) under `## References`, in a `{}:` list in the front matter, or as footnotes",
                    self.field
                )),
        );
    }
}

impl Sources {
    /// A non-empty `sources` field: a list with an item, or some text.
    fn in_front_matter(&self, article: &Article) -> bool {
        article
            .field(&self.field)
            .is_some_and(|entry| !entry.value.value.is_empty())
    }
}

/// The sources a section lists: its list items (nested ones not counted), or, when it has
/// no list, its paragraphs. A disclaimer that follows the section, under no heading of its
/// own, is not a source.
fn items(article: &Article, section: &Section, disclaimer: Option<Span>) -> usize {
    let outside =
        |span: Span| disclaimer.is_none_or(|found| !found.contains(article.trimmed(span)));
    let list_items = &article.body.list_items;
    let first = list_items.partition_point(|item| item.span.start < section.content.start);
    let items: Vec<_> = list_items[first..]
        .iter()
        .take_while(|item| item.span.start < section.content.end)
        .filter(|item| section.content.contains(item.span) && outside(item.span))
        .collect();
    if let Some(top) = items.iter().map(|item| item.depth).min() {
        return items.iter().filter(|item| item.depth == top).count();
    }
    article
        .blocks_in(section.content)
        .filter(|block| block.kind == BlockKind::Paragraph && outside(block.span))
        .filter(|block| !article.block_text(block).trim().is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use crate::Config;
    use jiff::civil::Date;

    fn check(body: &str) -> Vec<String> {
        check_with("title: x\n", body)
    }

    fn check_with(front: &str, body: &str) -> Vec<String> {
        let text = format!("---\n{front}---\n\n{body}");
        crate::rules::findings(&text, super::ID)
    }

    #[test]
    fn a_references_section_with_items_passes() {
        assert!(check("Text.\n\n## References\n\n- NHS. Back pain.\n").is_empty());
        assert!(check("Text.\n\n## Sources\n\nNHS. Back pain. 2024.\n").is_empty());
        assert_eq!(
            check("Text.\n\n## References\n\n## Next\n\nMore.\n"),
            ["the `References` section lists no sources; at least 1 is needed @## References"]
        );
        assert_eq!(
            check("Text.\n\n## References\n\n**Disclaimer:** For information only.\n"),
            ["the `References` section lists no sources; at least 1 is needed @## References"]
        );
    }

    #[test]
    fn front_matter_and_footnotes_count() {
        assert!(check_with("sources: [\"NHS: Back pain\"]\n", "Text.\n").is_empty());
        assert!(check("Rest helps.[^1]\n\n[^1]: NICE NG59, 2020.\n").is_empty());
        assert_eq!(
            check("```\nRest helps.[^1]\n\n[^1]: NICE NG59, 2020.\n```\n").len(),
            1
        );
    }

    #[test]
    fn a_missing_section_goes_before_the_disclaimer() {
        assert_eq!(
            check("Text.\n\n**Disclaimer:** Informational purposes only.\n"),
            ["the article cites no sources @"]
        );
        let found = crate::lint(
            "---\ntitle: x\n---\n\nText.\n\n**Disclaimer:** x.\n",
            &Config::defaults(),
            Date::constant(2026, 11, 25),
        );
        let at = found.iter().find(|d| d.rule == super::ID).unwrap().span;
        assert_eq!(at.start, "---\ntitle: x\n---\n\nText.\n\n".len());
    }
}
