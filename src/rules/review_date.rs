//! `review-date`: the article says when it was last reviewed and when its next review is due,
//! the two dates are in order and close enough, and the next review has not passed.

use jiff::civil::Date;
use serde::Deserialize;

use super::{Context, Rule, typed};
use crate::article::Article;
use crate::config::schema::FieldType;
use crate::dates::{self, DateProblem};
use crate::diagnostic::Diagnostic;
use crate::yaml::{Entry, Value};

const ID: &str = "review-date";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    last_reviewed: String,
    next_review: String,
    max_months: i64,
}

struct ReviewDate {
    last_reviewed: String,
    next_review: String,
    max_months: i64,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    if !(1..=1200).contains(&options.max_months) {
        return Err("`max_months` must be between 1 and 1200".into());
    }
    Ok(Box::new(ReviewDate {
        last_reviewed: options.last_reviewed,
        next_review: options.next_review,
        max_months: options.max_months,
    }))
}

/// One of the two fields, as the article gives it.
enum Reading<'a> {
    Missing,
    Empty(&'a Entry),
    /// Not a date; `field-type` reports it when the schema types the field as a date.
    Unreadable,
    Date(&'a Entry, Date),
}

impl Rule for ReviewDate {
    fn check(&self, article: &Article, context: &Context, out: &mut Vec<Diagnostic>) {
        if article.fields().is_none() {
            return; // `front-matter` reports a missing or broken block
        }
        let last = self.read(article, context, &self.last_reviewed, out);
        let next = self.read(article, context, &self.next_review, out);
        let missing: Vec<&str> = [(&last, &self.last_reviewed), (&next, &self.next_review)]
            .into_iter()
            .filter(|(reading, _)| matches!(reading, Reading::Missing))
            .map(|(_, name)| name.as_str())
            .collect();
        if !missing.is_empty() {
            out.push(self.missing(article, &missing));
        }
        for reading in [&last, &next] {
            if let Reading::Empty(entry) = reading {
                out.push(
                    Diagnostic::new(ID, entry.key_span, format!("`{}` is empty", entry.key))
                        .with_label("no date")
                        .with_help(format!("give `{}` a date as YYYY-MM-DD", entry.key)),
                );
            }
        }
        match (&last, &next) {
            (Reading::Date(last_entry, last), Reading::Date(next_entry, next)) => {
                self.order(last_entry, *last, next_entry, *next, out);
                self.overdue(context, next_entry, *next, out);
            }
            (Reading::Date(last_entry, last), Reading::Missing | Reading::Empty(_)) => {
                self.stale(context, last_entry, *last, out);
            }
            (_, Reading::Date(next_entry, next)) => self.overdue(context, next_entry, *next, out),
            _ => {}
        }
    }
}

impl ReviewDate {
    /// Finds `name` (or an alias the schema gives it) and reads its date.
    fn read<'a>(
        &self,
        article: &'a Article,
        context: &Context,
        name: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Reading<'a> {
        let spec = context.schema.get(name).map(|(_, spec)| spec);
        let aliases = spec.map_or(&[][..], |spec| &spec.aliases[..]);
        let fields = article.fields().unwrap_or_default();
        let Some(entry) = fields
            .iter()
            .find(|entry| entry.key == name || aliases.contains(&entry.key))
        else {
            return Reading::Missing;
        };
        if entry.value.value.is_empty() {
            return Reading::Empty(entry);
        }
        let checked_elsewhere =
            spec.is_some_and(|spec| matches!(spec.kind, FieldType::Date | FieldType::Datetime));
        let parsed = match &entry.value.value {
            Value::String(text) => dates::parse_iso(text),
            _ => Err(DateProblem::NotIso),
        };
        match parsed {
            Ok(date) => Reading::Date(entry, date),
            Err(_) if checked_elsewhere => Reading::Unreadable,
            Err(problem) => {
                let shown = article.slice(entry.value.span);
                let message = match problem {
                    DateProblem::NotReal => {
                        format!("`{}` is not a real date: `{shown}`", entry.key)
                    }
                    DateProblem::NotIso => {
                        format!("`{}` is not an ISO 8601 date: `{shown}`", entry.key)
                    }
                };
                out.push(
                    Diagnostic::new(ID, entry.value.span, message)
                        .with_label("expected YYYY-MM-DD")
                        .with_help("write the date as YYYY-MM-DD, e.g. `2025-10-17`"),
                );
                Reading::Unreadable
            }
        }
    }

    fn missing(&self, article: &Article, missing: &[&str]) -> Diagnostic {
        let (message, label) = match missing {
            [one] => (
                format!("the article has no `{one}` date"),
                format!("add `{one}: YYYY-MM-DD` above this line"),
            ),
            _ => (
                format!(
                    "the article has no review dates: `{}` and `{}` are missing",
                    self.last_reviewed, self.next_review
                ),
                "add both review dates above this line".to_string(),
            ),
        };
        Diagnostic::new(ID, article.front_matter_anchor(), message)
            .with_label(label)
            .with_help(format!(
                "say when the article was last reviewed and when it will be reviewed next, e.g. `{}: 2025-10-17` and `{}: 2028-10-17`",
                self.last_reviewed, self.next_review
            ))
    }

    /// `next_review` comes after `last_reviewed`, and at most `max_months` after it.
    fn order(
        &self,
        last_entry: &Entry,
        last: Date,
        next_entry: &Entry,
        next: Date,
        out: &mut Vec<Diagnostic>,
    ) {
        if next <= last {
            out.push(
                Diagnostic::new(
                    ID,
                    next_entry.value.span,
                    format!(
                        "`{}` {next} is not after `{}` {last}",
                        next_entry.key, last_entry.key
                    ),
                )
                .with_label("not after the last review")
                .with_secondary(last_entry.value.span, "the last review")
                .with_help("the next review must be a date after the last one"),
            );
            return;
        }
        let latest = last.saturating_add(jiff::Span::new().months(self.max_months));
        if next > latest {
            out.push(
                Diagnostic::new(
                    ID,
                    next_entry.value.span,
                    format!(
                        "`{}` {next} is more than {} months after `{}` {last}",
                        next_entry.key, self.max_months, last_entry.key
                    ),
                )
                .with_label(format!("the latest allowed is {latest}"))
                .with_secondary(last_entry.value.span, "the last review")
                .with_help(format!(
                    "plan the next review for {latest} or sooner; health content is reviewed at least every {} months",
                    self.max_months
                )),
            );
        }
    }

    fn overdue(&self, context: &Context, entry: &Entry, next: Date, out: &mut Vec<Diagnostic>) {
        if next < context.today {
            out.push(
                Diagnostic::new(
                    ID,
                    entry.value.span,
                    format!("the review due on {next} is overdue"),
                )
                .with_label(format!("passed; today is {}", context.today))
                .with_help(format!(
                    "review the article, then update `{}` and `{}`",
                    self.last_reviewed, self.next_review
                )),
            );
        }
    }

    /// Without a next review date, a last review older than `max_months` is overdue.
    fn stale(&self, context: &Context, entry: &Entry, last: Date, out: &mut Vec<Diagnostic>) {
        let due = last.saturating_add(jiff::Span::new().months(self.max_months));
        if due < context.today {
            out.push(
                Diagnostic::new(
                    ID,
                    entry.value.span,
                    format!(
                        "the article was last reviewed on {last}, more than {} months ago",
                        self.max_months
                    ),
                )
                .with_label(format!("a review was due by {due}"))
                .with_help(format!(
                    "review the article, then update `{}` and add `{}`",
                    self.last_reviewed, self.next_review
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Config;
    use jiff::civil::Date;

    fn check(front: &str, today: Date) -> Vec<String> {
        let text = format!("---\n{front}---\n\nBody.\n");
        crate::lint(&text, &Config::defaults(), today)
            .into_iter()
            .filter(|d| d.rule == super::ID)
            .map(|d| format!("{} @{}", d.message, &text[d.span.range()]))
            .collect()
    }

    const TODAY: Date = Date::constant(2026, 11, 25);

    #[test]
    fn complete_and_current_passes() {
        assert!(
            check(
                "last_reviewed: 2025-10-17\nnext_review: 2028-10-17\n",
                TODAY
            )
            .is_empty()
        );
    }

    #[test]
    fn missing_dates_point_at_the_closing_line() {
        assert_eq!(
            check("title: x\n", TODAY),
            ["the article has no review dates: `last_reviewed` and `next_review` are missing @---"]
        );
        assert_eq!(
            check("last_reviewed: 2025-10-17\n", TODAY),
            ["the article has no `next_review` date @---"]
        );
    }

    #[test]
    fn order_interval_and_overdue() {
        assert_eq!(
            check(
                "last_reviewed: 2025-10-17\nnext_review: 2025-10-17\n",
                TODAY
            ),
            [
                "`next_review` 2025-10-17 is not after `last_reviewed` 2025-10-17 @2025-10-17",
                "the review due on 2025-10-17 is overdue @2025-10-17"
            ]
        );
        assert_eq!(
            check(
                "last_reviewed: 2025-10-17\nnext_review: 2029-10-18\n",
                TODAY
            ),
            [
                "`next_review` 2029-10-18 is more than 36 months after `last_reviewed` 2025-10-17 @2029-10-18"
            ]
        );
        assert!(
            check(
                "last_reviewed: 2025-10-17\nnext_review: 2026-11-25\n",
                TODAY
            )
            .is_empty()
        );
        assert_eq!(
            check("last_reviewed: 2022-10-17\n", TODAY),
            [
                "the article was last reviewed on 2022-10-17, more than 36 months ago @2022-10-17",
                "the article has no `next_review` date @---"
            ]
        );
    }

    #[test]
    fn a_non_iso_date_is_left_to_field_type() {
        assert_eq!(
            check(
                "last_reviewed: 17/10/2025\nnext_review: 2028-10-17\n",
                TODAY
            ),
            Vec::<String>::new()
        );
    }
}
