//! `medicine-safety`: a section that names a medicine also tells the reader to check with a
//! pharmacist or GP, or to read the label or leaflet.

use super::{LazyRegex, Regex};
use serde::Deserialize;

use super::health_claims::{Plain, words_before};
use super::{Context, Patterns, Rule, pattern_list, typed};
use crate::article::Article;
use crate::diagnostic::{Diagnostic, Span};

const ID: &str = "medicine-safety";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    medicines: Vec<String>,
    advice: Vec<String>,
    section_level: u8,
    skip_headings: Vec<String>,
    skip_linked: bool,
    warnings: Vec<String>,
    warning_window: usize,
}

struct MedicineSafety {
    /// Every medicine name as one whole-word, case-insensitive alternation.
    medicines: Option<LazyRegex>,
    advice: Patterns,
    section_level: u8,
    skip_headings: Patterns,
    skip_linked: bool,
    warnings: Patterns,
    warning_window: usize,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    let names: Vec<String> = options
        .medicines
        .iter()
        .map(|name| name.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|name| !name.is_empty())
        .map(|name| regex::escape(&name).replace(' ', r"\s+"))
        .collect();
    let medicines = if names.is_empty() {
        None
    } else {
        let pattern = format!(r"(?i)\b(?:{})\b", names.join("|"));
        Some(
            LazyRegex::new(
                super::ascii_boundaries(&pattern).into_owned(),
                false,
                1 << 22,
            )
            .map_err(|error| format!("bad `medicines`: {}", super::build_problem(&error)))?,
        )
    };
    Ok(Box::new(MedicineSafety {
        medicines,
        advice: pattern_list(&options.advice)?,
        section_level: options.section_level,
        skip_headings: pattern_list(&options.skip_headings)?,
        skip_linked: options.skip_linked,
        warnings: pattern_list(&options.warnings)?,
        warning_window: options.warning_window,
    }))
}

/// A medicine named in the prose.
struct Mention {
    span: Span,
    name: String,
    /// The part of the article the advice must be in.
    scope: Span,
}

impl Rule for MedicineSafety {
    fn warm(&self) {
        if let Some(medicines) = &self.medicines {
            medicines.warm();
        }
        self.skip_headings.warm();
        // Needed only where a medicine is named, which most health articles do.
        self.advice.warm();
        self.warnings.warm();
    }

    fn question(&self) -> Option<super::gate::Question> {
        self.medicines.as_ref().map(LazyRegex::question)
    }

    fn check(&self, article: &Article, context: &Context, out: &mut Vec<Diagnostic>) {
        let Some(medicines) = self.medicines.as_ref().and_then(LazyRegex::get) else {
            return;
        };
        let sections = article.sections();
        let skipped: Vec<bool> = sections
            .iter()
            .map(|section| self.skip_headings.is_match(section.title.trim()))
            .collect();
        // Blocks are in source order; the sections open at the current block, outermost first.
        let blocks = &article.body.blocks;
        let mut open: Vec<usize> = Vec::new();
        let mut next_section = 0;
        let mut mentions: Vec<Mention> = Vec::new();
        for (index, block) in blocks.iter().enumerate() {
            let at = block.span.start;
            while next_section < sections.len() && sections[next_section].heading.start <= at {
                let level = sections[next_section].level;
                while open
                    .last()
                    .is_some_and(|&last| sections[last].level >= level)
                {
                    open.pop();
                }
                open.push(next_section);
                next_section += 1;
            }
            if !context.may_match(index) || open.iter().any(|&section| skipped[section]) {
                continue;
            }
            let plain = Plain::of(article, block);
            let scope = self.scope(article, &open);
            self.mentions(article, medicines, &plain, scope, &mut mentions);
        }
        if mentions.is_empty() {
            return;
        }
        // Only now, with medicines named, the advice: how many blocks before each give it.
        let starts: Vec<usize> = blocks.iter().map(|block| block.span.start).collect();
        let mut advised_before = Vec::with_capacity(blocks.len() + 1);
        advised_before.push(0usize);
        for block in blocks {
            let advice = self.advice.is_match(&Plain::of(article, block).text);
            advised_before.push(advised_before[advised_before.len() - 1] + usize::from(advice));
        }
        let advised = |scope: Span| {
            let from = starts.partition_point(|&start| start < scope.start);
            let to = starts.partition_point(|&start| start < scope.end);
            advised_before[to] > advised_before[from]
        };
        mentions.sort_by_key(|mention| (mention.scope, mention.span.start));
        for here in mentions.chunk_by(|a, b| a.scope == b.scope) {
            if !advised(here[0].scope) {
                out.push(self.report(here));
            }
        }
    }
}

impl MedicineSafety {
    /// The medicines named in one block, except those named in a warning or as a link.
    fn mentions(
        &self,
        article: &Article,
        medicines: &Regex,
        plain: &Plain,
        scope: Span,
        mentions: &mut Vec<Mention>,
    ) {
        let links = &article.body.links;
        // The end of the last mention that a warning covered.
        let mut warned_until: Option<usize> = None;
        for found in medicines.find_iter(&plain.text) {
            // Named in a warning against it ("don't give aspirin to children"), a medicine is
            // not being recommended, and the warning is safety advice. The warning covers a
            // list of medicines ("avoid ibuprofen or aspirin").
            let before = words_before(&plain.text, found.start(), self.warning_window);
            let listed_after_warned = warned_until.is_some_and(|end| {
                matches!(
                    plain.text[end..found.start()].trim(),
                    "," | "/" | "or" | "and" | ", or" | ", and" | "and/or"
                )
            });
            if listed_after_warned || self.warnings.is_match(before) {
                warned_until = Some(found.end());
                continue;
            }
            let span = plain.span(article, found.range());
            // Links do not nest, so only the last one starting before the mention can hold it.
            let linked = links
                .partition_point(|link| link.span.start <= span.start)
                .checked_sub(1)
                .is_some_and(|index| links[index].text_span.contains(span));
            if self.skip_linked && linked {
                continue;
            }
            mentions.push(Mention {
                span,
                name: found.as_str().to_string(),
                scope,
            });
        }
    }

    /// The section the advice must be in, given the sections open at a block (outermost
    /// first): the deepest at or above `section_level` (a level-2 heading and its subsections,
    /// by default); else the innermost; else, before the first heading, the text up to it.
    /// Level 0 is the whole article.
    fn scope(&self, article: &Article, open: &[usize]) -> Span {
        let sections = article.sections();
        if self.section_level == 0 {
            return Span::new(article.body_start, article.text.len());
        }
        let chosen = open
            .iter()
            .rev()
            .find(|&&section| sections[section].level <= self.section_level)
            .or(open.last());
        match chosen {
            Some(&section) => Span::new(
                sections[section].heading.start,
                sections[section].content.end,
            ),
            None => {
                let end = sections
                    .first()
                    .map_or(article.text.len(), |section| section.heading.start);
                Span::new(article.body_start, end)
            }
        }
    }

    /// One diagnostic for the mentions of one section: at the first, the others labelled.
    fn report(&self, here: &[Mention]) -> Diagnostic {
        let mut names: Vec<&str> = Vec::new();
        for mention in here {
            if !names
                .iter()
                .any(|name| name.eq_ignore_ascii_case(&mention.name))
            {
                names.push(&mention.name);
            }
        }
        let (verb, shown) = match names.as_slice() {
            [one] => ("is", format!("`{one}`")),
            [init @ .., last] => (
                "are",
                format!(
                    "{} and `{last}`",
                    init.iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            [] => ("is", "a medicine".to_string()),
        };
        let mut diagnostic = Diagnostic::new(
            ID,
            here[0].span,
            format!(
                "{shown} {verb} named without advice to check with a pharmacist or GP, or to read the label"
            ),
        )
        .with_label("a medicine")
        .with_help(
            "in the same section, tell the reader to check with a pharmacist or GP that the medicine is safe for them, and to read the label or the leaflet",
        );
        for mention in &here[1..] {
            diagnostic = diagnostic.with_secondary(mention.span, "also named here");
        }
        diagnostic
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_medicine_list_too_large_to_compile_is_a_clear_configuration_error() {
        let names: Vec<String> = (0..60_000u64)
            .map(|n| format!("    - {:x}ol\n", n.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
            .collect();
        let text = format!(
            "rules:\n  medicine-safety:\n    medicines:\n{}",
            names.concat()
        );
        let Err(error) = crate::Config::from_text("healthlint.yaml", &text) else {
            panic!("60,000 medicines compiled");
        };
        assert_eq!(
            error.message,
            "bad options for `medicine-safety`: bad `medicines`: the pattern is too large"
        );
    }

    fn check(body: &str) -> Vec<String> {
        let text = format!("---\ntitle: x\n---\n\n{body}");
        crate::rules::findings(&text, super::ID)
    }

    #[test]
    fn advice_in_the_same_section_passes() {
        assert!(check("## Pain\n\nTake ibuprofen. Check with a pharmacist first.\n").is_empty());
        assert!(
            check("## Pain\n\n### Medicines\n\nTake ibuprofen.\n\n### Safety\n\nAlways read the label.\n")
                .is_empty()
        );
        assert!(check("## Pain\n\nRead about [ibuprofen](https://nhs.uk/ibuprofen).\n").is_empty());
        assert!(check("## References\n\n- NHS. Ibuprofen for adults.\n").is_empty());
        assert!(check("Don\u{2019}t give aspirin to children. There is little evidence that painkillers like paracetamol or ibuprofen help.\n").is_empty());
    }

    #[test]
    fn advice_elsewhere_does_not_count() {
        assert_eq!(
            check(
                "## Pain\n\nTake paracetamol or Ibuprofen, or paracetamol.\n\n## Safety\n\nAsk a pharmacist.\n"
            ),
            [
                "`paracetamol` and `Ibuprofen` are named without advice to check with a pharmacist or GP, or to read the label @paracetamol"
            ]
        );
    }
}
