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

/// Each page's front matter, parsed, and where its body starts: what `read` would make of
/// [`SOURCES`], written by a test (`HEALTHLINT_UPDATE_PAGES=1 cargo test pages`). Reading
/// it takes a few microseconds; parsing the pages' YAML took ~0.6 ms of every run.
static PARSED: &[u8] = include_bytes!("pages.bin");

type Parsed = (Node, usize);

/// [`PARSED`] by page id, when it was written from the pages and the parser being built
/// (the build script fingerprints the pages, `src/yaml.rs`, the front-matter split and
/// `Cargo.lock`); otherwise the pages are parsed.
fn parsed() -> Option<Vec<(String, Parsed)>> {
    let (fingerprint, pages): (String, Vec<(String, Parsed)>) =
        postcard::from_bytes(PARSED).ok()?;
    (fingerprint == env!("HEALTHLINT_PAGES_FINGERPRINT")).then_some(pages)
}

static PAGES: LazyLock<Vec<Page>> = LazyLock::new(|| {
    let mut parsed = parsed().unwrap_or_default();
    SOURCES
        .iter()
        .map(|(id, text)| {
            let front = parsed
                .iter()
                .position(|(stored, _)| stored == id)
                .map(|at| parsed.swap_remove(at).1);
            read(id, text, front).unwrap_or_else(|problem| {
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

/// The front matter of a page, parsed, and where its body starts.
fn parse(text: &str) -> Result<Parsed, String> {
    let (front, body_start) = crate::article::split_front_matter(text);
    let front: FrontMatter = front.ok_or("no front matter")?;
    Ok((front.parsed.map_err(|error| error.message)?, body_start))
}

/// Page `id` of `text`, whose front matter is `parsed` when given.
fn read(id: &'static str, text: &'static str, parsed: Option<Parsed>) -> Result<Page, String> {
    let (root, body_start) = match parsed {
        Some(parsed) => parsed,
        None => parse(text)?,
    };
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
    fn the_stored_front_matter_is_the_pages_own() {
        let pages: Vec<(String, Parsed)> = SOURCES
            .iter()
            .map(|(id, text)| {
                let parsed = parse(text).unwrap_or_else(|problem| panic!("{id}: {problem}"));
                (id.to_string(), parsed)
            })
            .collect();
        let fingerprint = env!("HEALTHLINT_PAGES_FINGERPRINT").to_string();
        let bytes = postcard::to_allocvec(&(fingerprint, &pages)).unwrap();
        if bytes == PARSED {
            assert_eq!(parsed(), Some(pages));
            return;
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/config/pages.bin");
        if std::env::var_os("HEALTHLINT_UPDATE_PAGES").is_some() {
            std::fs::write(path, bytes).unwrap();
            return;
        }
        panic!(
            "src/config/pages.bin is not the rule pages' front matter; rewrite it with \
             HEALTHLINT_UPDATE_PAGES=1 cargo test pages (until then, every run parses the pages)"
        );
    }

    #[test]
    fn every_page_reads() {
        for (id, text) in SOURCES {
            let page = read(id, text, None).unwrap_or_else(|problem| panic!("{id}: {problem}"));
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
