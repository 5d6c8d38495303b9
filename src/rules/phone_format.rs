//! `phone-format`: every phone number in prose and front matter is valid for the region and
//! written in the house style; `tel:` links use E.164 and dial the number they show.

use phonenumber::country;
use serde::Deserialize;

use super::{Context, Rule, typed};
use crate::article::Article;
use crate::diagnostic::{Diagnostic, Edit, Fix, Span};
use crate::phone::{self, Style};

const ID: &str = "phone-format";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    region: String,
    style: Style,
}

struct PhoneFormat {
    region: country::Id,
    region_code: String,
    style: Style,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    let region = phone::region(&options.region)
        .ok_or_else(|| format!("`region` `{}` is not a known region code", options.region))?;
    Ok(Box::new(PhoneFormat {
        region,
        region_code: options.region.to_ascii_uppercase(),
        style: options.style,
    }))
}

impl Rule for PhoneFormat {
    fn warm(&self) {
        phone::warm(self.region);
    }

    fn check(&self, article: &Article, _: &Context, out: &mut Vec<Diagnostic>) {
        for mention in article.phones() {
            let parsed = phone::parse(&mention.text, self.region).filter(phone::is_valid);
            match parsed {
                Some(number) => {
                    let house = phone::format(&number, self.style);
                    if house != mention.text {
                        out.push(
                            Diagnostic::new(
                                ID,
                                mention.span,
                                format!(
                                    "phone number `{}` is not in the house style",
                                    mention.text
                                ),
                            )
                            .with_label(format!("write `{house}`"))
                            .with_help(format!("write it as `{house}`"))
                            .with_fix(Fix::new(
                                format!("reformat to `{house}`"),
                                vec![Edit::replace(mention.span, house.clone())],
                            )),
                        );
                    }
                }
                None if mention.looks_dialled() => out.push(
                    Diagnostic::new(
                        ID,
                        mention.span,
                        format!(
                            "`{}` is not a valid {} phone number",
                            mention.text, self.region_code
                        ),
                    )
                    .with_label("no such number")
                    .with_help("check the digits; a UK number has 10 or 11 digits starting with 0"),
                ),
                None => {}
            }
        }
        self.tel_links(article, out);
    }
}

impl PhoneFormat {
    fn tel_links(&self, article: &Article, out: &mut Vec<Diagnostic>) {
        for link in &article.body.links {
            let Some(dialled) = link.destination.strip_prefix("tel:") else {
                continue;
            };
            let source = article.slice(link.span);
            let dest_span = source
                .rfind(&link.destination)
                .map(|at| {
                    Span::new(
                        link.span.start + at,
                        link.span.start + at + link.destination.len(),
                    )
                })
                .unwrap_or(link.span);
            let Some(number) = phone::parse(dialled, self.region).filter(phone::is_valid) else {
                out.push(
                    Diagnostic::new(
                        ID,
                        dest_span,
                        format!(
                            "`tel:` link `{}` does not dial a valid number",
                            link.destination
                        ),
                    )
                    .with_label("not a valid number"),
                );
                continue;
            };
            let e164 = phone::e164(&number);
            if dialled != e164 {
                out.push(
                    Diagnostic::new(
                        ID,
                        dest_span,
                        format!("`tel:` link `{}` is not in E.164 form", link.destination),
                    )
                    .with_label(format!("write `tel:{e164}`"))
                    .with_help(format!("write it as `tel:{e164}`"))
                    .with_fix(Fix::new(
                        format!("rewrite as `tel:{e164}`"),
                        vec![Edit::replace(dest_span, format!("tel:{e164}"))],
                    )),
                );
            }
            let shown = article
                .phones()
                .iter()
                .filter(|mention| link.text_span.contains(mention.span))
                .find_map(|mention| {
                    phone::parse(&mention.text, self.region).map(|parsed| (mention, parsed))
                });
            if let Some((mention, shown)) = shown
                && phone::e164(&shown) != e164
            {
                out.push(
                    Diagnostic::new(
                        ID,
                        dest_span,
                        format!(
                            "`tel:` link dials {e164} but the text shows {}",
                            mention.text
                        ),
                    )
                    .with_label("dials another number")
                    .with_secondary(mention.span, "the number shown"),
                );
            }
        }
    }
}
