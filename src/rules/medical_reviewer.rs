//! `medical-reviewer`: when an organisation or a team is the author, a named person with a
//! clinical credential or professional registration has reviewed the article.

use super::LazyRegex;
use serde::Deserialize;

use super::{Context, Patterns, Rule, pattern_list, typed};
use crate::article::Article;
use crate::diagnostic::{Diagnostic, Span};
use crate::yaml::{Entry, Node, Value};

const ID: &str = "medical-reviewer";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    author: String,
    reviewer: String,
    organisations: Vec<String>,
    credentials: Vec<String>,
}

struct MedicalReviewer {
    author: String,
    reviewer: String,
    organisations: Patterns,
    /// Every credential as a whole word, case-sensitive (`MD` is not `Md`).
    credentials: Option<LazyRegex>,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    let alternatives: Vec<String> = options
        .credentials
        .iter()
        .map(|credential| credential.replace('.', ""))
        .map(|credential| credential.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|credential| !credential.is_empty())
        .map(|credential| regex::escape(&credential).replace(' ', r"\s+"))
        .collect();
    let credentials = if alternatives.is_empty() {
        None
    } else {
        let pattern = format!(
            r"(?:^|[^\p{{L}}\p{{N}}])(?:{})(?:$|[^\p{{L}}\p{{N}}])",
            alternatives.join("|")
        );
        Some(
            LazyRegex::new(pattern, false, 1 << 20)
                .map_err(|error| format!("bad `credentials`: {}", super::build_problem(&error)))?,
        )
    };
    Ok(Box::new(MedicalReviewer {
        author: options.author,
        reviewer: options.reviewer,
        organisations: pattern_list(&options.organisations)?,
        credentials,
    }))
}

/// The names a field gives: one string, or a list of them.
fn names(node: &Node) -> Vec<(&str, Span)> {
    match &node.value {
        Value::String(text) => vec![(text.as_str(), node.span)],
        Value::List(items) => items
            .iter()
            .filter_map(|item| item.value.as_str().map(|text| (text, item.span)))
            .collect(),
        _ => Vec::new(),
    }
}

impl Rule for MedicalReviewer {
    fn check(&self, article: &Article, _: &Context, out: &mut Vec<Diagnostic>) {
        let Some(author) = article.field(&self.author) else {
            return; // `required-field` reports a missing author
        };
        let authors = names(&author.value);
        if authors.is_empty() || !authors.iter().all(|(name, _)| self.is_organisation(name)) {
            return; // a person wrote it, or the author is not readable as names
        }
        let shown = authors
            .iter()
            .map(|(name, _)| format!("`{}`", name.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let Some(reviewer) = article
            .field(&self.reviewer)
            .filter(|entry| !entry.value.value.is_empty())
        else {
            out.push(self.no_reviewer(article, author, &shown));
            return;
        };
        let reviewers = names(&reviewer.value);
        if reviewers
            .iter()
            .any(|(name, _)| !self.is_organisation(name) && self.has_credential(name))
        {
            return;
        }
        let (name, span) = reviewers
            .first()
            .copied()
            .unwrap_or(("", reviewer.value.span));
        let diagnostic = if reviewers.is_empty() {
            Diagnostic::new(
                ID,
                span,
                format!("`{}` must name a person, as text", self.reviewer),
            )
            .with_label("not a name")
        } else if self.is_organisation(name) {
            Diagnostic::new(
                ID,
                span,
                format!(
                    "`{}` names an organisation, not a person: `{}`",
                    self.reviewer,
                    name.trim()
                ),
            )
            .with_label("not a person")
        } else {
            Diagnostic::new(
                ID,
                span,
                format!(
                    "`{}` gives no credential or registration for `{}`",
                    self.reviewer,
                    name.trim()
                ),
            )
            .with_label("no credential")
        };
        out.push(
            diagnostic
                .with_secondary(author.value.span, "written by an organisation")
                .with_help(format!(
                    "name the clinician who reviewed the article with a qualification or registration, e.g. `{}: \"Jane Doe, MCSP (HCPC PH123456)\"`",
                    self.reviewer
                )),
        );
    }
}

impl MedicalReviewer {
    fn is_organisation(&self, name: &str) -> bool {
        self.organisations.is_match(name)
    }

    fn has_credential(&self, name: &str) -> bool {
        let undotted = name.replace('.', "");
        self.credentials
            .as_ref()
            .is_some_and(|regex| regex.is_match(&undotted))
    }

    fn no_reviewer(&self, article: &Article, author: &Entry, shown: &str) -> Diagnostic {
        Diagnostic::new(
            ID,
            article.front_matter_anchor(),
            format!(
                "the article is by an organisation ({shown}) and names no medical reviewer in `{}`",
                self.reviewer
            ),
        )
        .with_label(format!("add `{}` above this line", self.reviewer))
        .with_secondary(author.value.span, "an organisation, not a person")
        .with_help(format!(
            "add the clinician who reviewed the article, with a qualification or registration, e.g. `{}: \"Jane Doe, MCSP (HCPC PH123456)\"`",
            self.reviewer
        ))
    }
}

#[cfg(test)]
mod tests {

    fn check(front: &str) -> Vec<String> {
        let text = format!("---\n{front}---\n\nBody.\n");
        crate::rules::findings(&text, super::ID)
    }

    #[test]
    fn a_team_needs_a_credentialed_reviewer() {
        assert!(
            check(
                "author: Sciaticalm Medical Team\nreviewed_by: \"Jane Doe, MCSP (HCPC PH123456)\"\n"
            )
            .is_empty()
        );
        assert!(
            check("author: Sciaticalm Medical Team\nreviewed_by: Dr Helen Marsh, M.B.B.S.\n")
                .is_empty()
        );
        assert!(check("author: Jane Doe\n").is_empty());
        assert_eq!(
            check("author: Sciaticalm Medical Team\n"),
            [
                "the article is by an organisation (`Sciaticalm Medical Team`) and names no medical reviewer in `reviewed_by` @---"
            ]
        );
        assert_eq!(
            check("author: Sciaticalm Medical Team\nreviewed_by: Jane Doe\n"),
            ["`reviewed_by` gives no credential or registration for `Jane Doe` @Jane Doe"]
        );
        assert_eq!(
            check("author: Sciaticalm Medical Team\nreviewed_by: \"Clinical Team, MCSP\"\n"),
            [
                "`reviewed_by` names an organisation, not a person: `Clinical Team, MCSP` @\"Clinical Team, MCSP\""
            ]
        );
    }

    #[test]
    fn credentials_are_whole_words_and_case_sensitive() {
        assert_eq!(
            check("author: Editorial Team\nreviewed_by: Md Rahman\n").len(),
            1
        );
        assert!(
            check("author: Editorial Team\nreviewed_by: [Ann Lee, \"Md Rahman MD\"]\n").is_empty()
        );
    }
}
