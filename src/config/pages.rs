//! The rule pages under `rules/`, embedded in the binary: each page's front matter holds the
//! rule's default severity and options, its body the explanation `healthlint explain` prints.
//! They are the single place where defaults are written.

use std::sync::LazyLock;

use crate::article::FrontMatter;
use crate::diagnostic::Severity;
use crate::yaml::{Node, Value};

/// One rule page, read.
pub struct Page {
    pub id: &'static str,
    pub severity: Option<Severity>,
    pub summary: String,
    pub options: Node,
    /// Only on `front-matter`: the default front-matter schema.
    pub fields: Option<Node>,
    /// The Markdown explanation, without the front matter.
    pub body: &'static str,
    pub text: &'static str,
}

macro_rules! pages {
    ($($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!("../../rules/", $id, ".md")))),*]
    };
}

/// Every page, in the order of the rule table.
pub static SOURCES: &[(&str, &str)] = pages![
    "front-matter",
    "required-field",
    "field-type",
    "unknown-field",
    "reading-time",
    "disclaimer",
    "seek-help",
    "help-line",
    "phone-format",
    "unused-suppression",
    "review-date",
    "medical-reviewer",
    "sources",
    "ambiguous-date",
    "health-claims",
    "medicine-safety",
    "emergency-escalation",
    "readability",
];

static PAGES: LazyLock<Vec<Page>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(id, text)| {
            read(id, text).unwrap_or_else(|problem| {
                // Invariant: the pages are embedded at build time and checked by the tests in
                // this module; a broken page is a bug in the build, not in the user's input.
                panic!("rules/{id}.md: {problem}")
            })
        })
        .collect()
});

pub fn all() -> &'static [Page] {
    &PAGES
}

pub fn get(id: &str) -> Option<&'static Page> {
    PAGES.iter().find(|page| page.id == id)
}

fn read(id: &'static str, text: &'static str) -> Result<Page, String> {
    let (front, body_start) = crate::article::split_front_matter(text);
    let front: FrontMatter = front.ok_or("no front matter")?;
    let root = front.parsed.map_err(|error| error.message)?;
    let get = |key: &str| root.get(key).map(|entry| entry.value.clone());
    let declared = get("id").and_then(|node| node.value.as_str().map(str::to_string));
    if declared.as_deref() != Some(id) {
        return Err(format!("`id` must be `{id}`"));
    }
    let severity = match get("severity").map(|node| node.value) {
        Some(Value::String(text)) if text == "off" => None,
        Some(Value::String(text)) => {
            Some(Severity::parse(&text).ok_or(format!("bad severity `{text}`"))?)
        }
        _ => return Err("`severity` is missing".into()),
    };
    let summary = get("summary")
        .and_then(|node| node.value.as_str().map(str::to_string))
        .ok_or("`summary` is missing")?;
    let options = get("options").ok_or("`options` is missing")?;
    if !matches!(options.value, Value::Map(_)) {
        return Err("`options` must be a mapping".into());
    }
    Ok(Page {
        id,
        severity,
        summary,
        options,
        fields: get("fields"),
        body: text[body_start..].trim_start_matches(['\r', '\n']),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_reads() {
        for (id, text) in SOURCES {
            let page = read(id, text).unwrap_or_else(|problem| panic!("{id}: {problem}"));
            assert!(page.body.starts_with(&format!("# {id}")), "{id}");
            for heading in [
                "## What it checks",
                "## Why",
                "## Example",
                "## Options",
                "## How to turn it off",
            ] {
                assert!(page.body.contains(heading), "{id} lacks {heading}");
            }
        }
        assert!(get("front-matter").unwrap().fields.is_some());
    }
}
