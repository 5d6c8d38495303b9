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
    /// The same credentials as words (`MB ChB` is `["MB", "ChB"]`), for [`find_credential`].
    credential_words: Vec<Vec<String>>,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    let credential_words: Vec<Vec<String>> = options
        .credentials
        .iter()
        .map(|credential| credential.replace('.', ""))
        .map(|credential| {
            credential
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|words| !words.is_empty())
        .collect();
    let credentials = credentials_pattern(&credential_words)
        .map(|pattern| {
            LazyRegex::new(pattern, false, 1 << 20)
                .map_err(|error| format!("bad `credentials`: {}", super::build_problem(&error)))
        })
        .transpose()?;
    Ok(Box::new(MedicalReviewer {
        author: options.author,
        reviewer: options.reviewer,
        organisations: pattern_list(&options.organisations)?,
        credentials,
        credential_words,
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

/// Every credential as a whole word (no letter or digit either side), its words apart by
/// any white space; `None` for no credentials.
fn credentials_pattern(credentials: &[Vec<String>]) -> Option<String> {
    let alternatives: Vec<String> = credentials
        .iter()
        .map(|words| regex::escape(&words.join(" ")).replace(' ', r"\s+"))
        .collect();
    (!alternatives.is_empty()).then(|| {
        format!(
            r"(?:^|[^\p{{L}}\p{{N}}])(?:{})(?:$|[^\p{{L}}\p{{N}}])",
            alternatives.join("|")
        )
    })
}

/// Whether `text` holds one of `credentials` (its words apart by white space) as a whole
/// word: with no letter or digit right before or after it. `None` when that depends on a
/// character outside ASCII next to one and no other settles it: then the credentials'
/// regex, whose classes are Unicode's, decides.
fn find_credential(credentials: &[Vec<String>], text: &str) -> Option<bool> {
    // What a neighbour says: `Some(true)` for no letter or digit (or none at all), `None`
    // when it is outside ASCII.
    let apart = |neighbour: Option<char>| match neighbour {
        None => Some(true),
        Some(c) if c.is_ascii() => Some(!c.is_ascii_alphanumeric()),
        Some(_) => None,
    };
    let mut unsure = false;
    for words in credentials {
        let Some((first, rest)) = words.split_first() else {
            continue;
        };
        // Every start, overlapping ones too (`X-X` twice in `X-X-X`).
        let mut from = 0;
        while let Some(found) = text[from..].find(first.as_str()) {
            let start = from + found;
            from = start + text[start..].chars().next().map_or(1, char::len_utf8);
            let mut end = start + first.len();
            let whole = rest.iter().all(|word| {
                let after = text[end..].trim_start();
                let spaced = after.len() < text.len() - end;
                let found = spaced && after.starts_with(word.as_str());
                end = text.len() - after.len() + word.len();
                found
            });
            if !whole {
                continue;
            }
            match (
                apart(text[..start].chars().next_back()),
                apart(text[end..].chars().next()),
            ) {
                (Some(true), Some(true)) => return Some(true),
                (Some(false), _) | (_, Some(false)) => {}
                _ => unsure = true,
            }
        }
    }
    if unsure { None } else { Some(false) }
}

impl MedicalReviewer {
    fn is_organisation(&self, name: &str) -> bool {
        self.organisations.is_match(name)
    }

    fn has_credential(&self, name: &str) -> bool {
        let undotted = name.replace('.', "");
        // The regex (its Unicode classes make a large automaton) only where a credential
        // stands next to a character outside ASCII.
        find_credential(&self.credential_words, &undotted).unwrap_or_else(|| {
            self.credentials
                .as_ref()
                .is_some_and(|regex| regex.is_match(&undotted))
        })
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

    proptest::proptest! {
        #[test]
        fn credentials_are_found_as_the_regex_finds_them(
            text in "(MB|ChB|MD|GPhC|RN|RNs|X-X|X|-|[ \t\n,(_]|\u{a0}|x|7|é|\u{663}|\u{345}|\u{2003}){0,12}",
        ) {
            let credentials: Vec<Vec<String>> = ["MB ChB", "MD", "GPhC", "RN", "X-X"]
                .iter()
                .map(|credential| credential.split_whitespace().map(str::to_string).collect())
                .collect();
            let regex = regex::Regex::new(&super::credentials_pattern(&credentials).unwrap()).unwrap();
            if let Some(found) = super::find_credential(&credentials, &text) {
                proptest::prop_assert_eq!(found, regex.is_match(&text), "{:?}", text);
            } else {
                proptest::prop_assert!(!text.is_ascii());
            }
        }
    }
}
