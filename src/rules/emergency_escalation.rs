//! `emergency-escalation`: an article that mentions an emergency warning sign (cauda equina
//! symptoms for back pain, by default) tells the reader to call 999 or go to A&E.

use serde::Deserialize;

use super::health_claims::Plain;
use super::{Context, Patterns, Rule, Union, pattern_list, typed};
use crate::article::Article;
use crate::diagnostic::{Diagnostic, Span};

const ID: &str = "emergency-escalation";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    signs: Vec<String>,
    routes: Vec<String>,
    route_text: String,
}

struct EmergencyEscalation {
    signs: Patterns,
    routes: Patterns,
    /// `signs` and `routes` together: most blocks are ruled out by one scan.
    either: Union,
    /// How messages name the route: "call 999 or go to A&E".
    route_text: String,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    Ok(Box::new(EmergencyEscalation {
        either: Union::of(&[&options.signs, &options.routes]),
        signs: pattern_list(&options.signs)?,
        routes: pattern_list(&options.routes)?,
        route_text: options.route_text.trim().to_string(),
    }))
}

impl Rule for EmergencyEscalation {
    fn warm(&self) {
        self.either.warm();
    }

    fn question(&self) -> Option<super::gate::Question> {
        self.either.question()
    }

    fn check(&self, article: &Article, context: &Context, out: &mut Vec<Diagnostic>) {
        if self.signs.is_empty() {
            return;
        }
        // (span, the sign's text, the end of its block)
        let mut signs: Vec<(Span, String, usize)> = Vec::new();
        for (index, block) in article.body.blocks.iter().enumerate() {
            if !context.may_match(index) {
                continue;
            }
            let plain = Plain::of(article, block);
            if !self
                .either
                .is_match(&plain.text, &[&self.signs, &self.routes])
            {
                continue;
            }
            if self.routes.is_match(&plain.text) {
                return;
            }
            if !self.signs.is_match(&plain.text) {
                continue;
            }
            let mut found: Vec<_> = self
                .signs
                .iter()
                .flat_map(|regex| regex.find_iter(&plain.text))
                .map(|sign| sign.range())
                .collect();
            found.sort_by_key(|range| (range.start, usize::MAX - range.end));
            let mut last_end = 0;
            for range in found {
                if range.start < last_end {
                    continue; // two patterns found the same words
                }
                last_end = range.end;
                let span = plain.span(article, range.clone());
                let block_end = article.trimmed(block.span).end;
                signs.push((span, plain.text[range].to_string(), block_end));
            }
        }
        let Some((first, text, block_end)) = signs.first() else {
            return;
        };
        let missing_at = article
            .sections()
            .iter()
            .filter(|section| {
                section.content.start <= first.start && first.end <= section.content.end
            })
            .max_by_key(|section| section.heading.start)
            .map_or(Span::point(*block_end), |section| {
                let content = article.trimmed(section.content);
                Span::point(content.end.max(*block_end))
            });
        let mut diagnostic = Diagnostic::new(
            ID,
            *first,
            format!(
                "the article mentions an emergency warning sign (`{}`) but never tells the reader to {}",
                text.trim(),
                self.route_text
            ),
        )
        .with_label("an emergency warning sign");
        for (span, _, _) in signs.iter().skip(1) {
            diagnostic = diagnostic.with_secondary(*span, "another emergency sign");
        }
        out.push(
            diagnostic
                .with_secondary(missing_at, format!("say \"{}\" here", self.route_text))
                .with_help(format!(
                    "next to the warning signs, tell the reader to {} straight away if they have any of them",
                    self.route_text
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::Config;
    use jiff::civil::Date;

    fn check(body: &str) -> Vec<(String, Vec<String>)> {
        let text = format!("---\ntitle: x\n---\n\n{body}");
        crate::lint(&text, &Config::defaults(), Date::constant(2026, 11, 25))
            .into_iter()
            .filter(|d| d.rule == super::ID)
            .map(|d| {
                let labels = d
                    .labels
                    .iter()
                    .map(|label| format!("{}@{}", label.message, label.span.start))
                    .collect();
                (text[d.span.range()].to_string(), labels)
            })
            .collect()
    }

    #[test]
    fn a_sign_needs_a_route() {
        let body = "## Urgent\n\nSee a GP if you have:\n\n- loss of bladder or bowel control\n- numbness around your bottom or genitals\n\nMore.\n\n## Next\n\nText.\n";
        let found = check(body);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "loss of bladder or bowel control");
        assert_eq!(found[0].1.len(), 2);
        assert_eq!(
            found[0].1[0],
            format!(
                "another emergency sign@{}",
                18 + body.find("numbness").unwrap()
            )
        );
        let end = 18 + body.find("More.").unwrap() + 5;
        assert_eq!(
            found[0].1[1],
            format!("say \"call 999 or go to A&E\" here@{end}")
        );
    }

    #[test]
    fn a_route_anywhere_passes() {
        assert!(
            check("- weakness in both legs\n\n## Call 999 or go to A&E if\n\n- it gets worse\n")
                .is_empty()
        );
        assert!(
            check("If you can\u{2019}t control when you pee, go straight to A&E.\n").is_empty()
        );
        assert!(check("Back pain is common.\n").is_empty());
    }

    #[test]
    fn signs_for_back_pain() {
        for sign in [
            "you lose control of your bladder",
            "you cannot pee",
            "you have sciatica on both sides",
            "you have it on both sides of your body",
            "you lose feeling in one or both legs",
            "your pain started after a serious accident",
            "you have numbness in your back passage",
            "you have cauda equina syndrome",
        ] {
            assert_eq!(check(&format!("See a GP if {sign}.\n")).len(), 1, "{sign}");
        }
    }
}
