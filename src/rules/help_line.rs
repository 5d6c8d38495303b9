//! `help-line`: when the publisher configures a help line, the article shows it, and any
//! number presented as the help line is that number (compared as numbers, not as text).

use phonenumber::country;
use serde::Deserialize;

use super::{Context, LazyRegex, Rule, typed};
use crate::article::Article;
use crate::diagnostic::{Diagnostic, Span};
use crate::phone;
use crate::yaml::Value;

const ID: &str = "help-line";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    number: String,
    region: String,
    labels: Vec<String>,
}

struct HelpLineRule {
    /// The configured number as written, and as read.
    number: Option<(String, phone::Number)>,
    region: country::Id,
    region_code: String,
    /// A label, then a number: "Help line: 023 8024 8725".
    presented: LazyRegex,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    let region = phone::region(&options.region)
        .ok_or_else(|| format!("`region` `{}` is not a known region code", options.region))?;
    let number = match options.number.trim() {
        "" => None,
        text => {
            let parsed = phone::parse(text, region)
                .filter(phone::is_valid)
                .ok_or_else(|| {
                    format!("`number` `{text}` is not a valid {} number", options.region)
                })?;
            Some((text.to_string(), parsed))
        }
    };
    if options.labels.is_empty() {
        return Err("`labels` needs at least one pattern".into());
    }
    let labels = options.labels.join("|");
    // Digits are ASCII: a phone number is written with them, and a Unicode `\d` repeated
    // 24 times made this the slowest pattern of the rule set to compile.
    let presented = LazyRegex::with_groups(
        super::ascii_boundaries(&format!(
            r"\b(?:{labels})s?\b[^0-9+\n]{{0,40}}?(\+?\(?[0-9][0-9 ()\-.]{{0,24}}[0-9])"
        ))
        .into_owned(),
        true,
        1 << 20,
    )
    .map_err(|error| format!("bad `labels`: {}", super::build_problem(&error)))?;
    Ok(Box::new(HelpLineRule {
        number,
        region,
        region_code: options.region.to_ascii_uppercase(),
        presented,
    }))
}

impl Rule for HelpLineRule {
    fn warm(&self) {
        self.presented.warm();
    }

    fn check(&self, article: &Article, _: &Context, out: &mut Vec<Diagnostic>) {
        let mut presented: Vec<(Span, String)> = Vec::new();
        if let Some(entry) = article.field("help_line") {
            match &entry.value.value {
                Value::String(_) | Value::Int(_) => {
                    let source = article.slice(entry.value.span);
                    let (inner, text) = phone::unquote(source);
                    let start = entry.value.span.start + inner;
                    presented.push((Span::new(start, start + text.len()), text.to_string()));
                }
                _ => {}
            }
        }
        let prose = &article.body.prose.text;
        let numbers = self.presented.get().into_iter();
        for number in numbers.flat_map(|presented| presented.group_iter(prose, 1)) {
            // "Help line open 09:30–17:00" gives a time, not a number.
            let after = &prose[number.end()..];
            let digits = number.as_str().chars().filter(char::is_ascii_digit).count();
            let is_time = after.starts_with(':') || after.starts_with('.');
            if digits < 3 || (is_time && digits <= 4) {
                continue;
            }
            let span = article.prose_span(number.range());
            presented.push((span, article.slice(span).to_string()));
        }
        for (span, text) in &presented {
            let parsed = phone::parse(text, self.region).filter(phone::is_valid);
            let Some(parsed) = parsed else {
                out.push(
                    Diagnostic::new(
                        ID,
                        *span,
                        format!(
                            "help line `{text}` is not a valid {} phone number",
                            self.region_code
                        ),
                    )
                    .with_label("not a valid number")
                    .with_help(match &self.number {
                        Some((configured, _)) => format!("the help line is {configured}"),
                        None => "check the digits".to_string(),
                    }),
                );
                continue;
            };
            if let Some((configured, wanted)) = &self.number
                && phone::e164(&parsed) != phone::e164(wanted)
            {
                out.push(
                    Diagnostic::new(
                        ID,
                        *span,
                        format!("help line `{text}` is not the configured help line {configured}"),
                    )
                    .with_label("a different number")
                    .with_help(format!("write the help line as {configured}")),
                );
            }
        }
        if let Some((configured, wanted)) = &self.number {
            let wanted = phone::e164(wanted);
            let shown = presented
                .iter()
                .map(|(_, text)| text.as_str())
                .chain(article.phones().iter().map(|mention| mention.text.as_str()))
                .filter_map(|text| phone::parse(text, self.region))
                .any(|number| phone::e164(&number) == wanted);
            if !shown {
                // Where a `help_line` field would go, or else the top of the body.
                let at = match article.front_matter.as_ref().and_then(|front| front.close) {
                    Some(close) if article.fields().is_some() => close,
                    _ => Span::point(article.body_start),
                };
                out.push(
                    Diagnostic::new(
                        ID,
                        at,
                        format!("the help line {configured} is not shown in the article"),
                    )
                    .with_label("show it in the front matter or the body")
                    .with_help(format!(
                        "add `help_line: \"{configured}\"` to the front matter, or `**Help line:** {configured}` to the body"
                    )),
                );
            }
        }
    }
}
