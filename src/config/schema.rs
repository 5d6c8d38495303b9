//! The front-matter schema: which fields an article may have, which are required, and the
//! type, format and bounds of each. Defaults come from `rules/front-matter.md`.

use std::sync::Arc;

use crate::rules::LazyRegex;
use serde::Deserialize;

/// The type of a front-matter field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    String,
    Integer,
    Number,
    Bool,
    /// `YYYY-MM-DD`, or an RFC 3339 date-time.
    Date,
    Datetime,
    List,
    Map,
    Phone,
    /// Whole minutes: an integer, or text such as "4 min read".
    Minutes,
}

impl FieldType {
    pub fn describe(self) -> &'static str {
        match self {
            FieldType::String => "text",
            FieldType::Integer => "a whole number",
            FieldType::Number => "a number",
            FieldType::Bool => "true or false",
            FieldType::Date => "an ISO 8601 date (YYYY-MM-DD)",
            FieldType::Datetime => "an RFC 3339 date-time",
            FieldType::List => "a list",
            FieldType::Map => "a mapping",
            FieldType::Phone => "a phone number",
            FieldType::Minutes => "minutes (`4` or \"4 min read\")",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Lowercase words joined by hyphens: `back-pain`.
    KebabCase,
}

/// What one field must be.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    #[serde(rename = "type")]
    pub kind: FieldType,
    #[serde(default)]
    pub required: bool,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub pattern: Option<String>,
    #[serde(rename = "enum")]
    pub allowed: Option<Vec<String>>,
    pub items: Option<Box<FieldSpec>>,
    pub format: Option<Format>,
    #[serde(default)]
    pub not_future: bool,
    pub not_before: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(skip)]
    pub(crate) regex: Option<Arc<LazyRegex>>,
}

impl FieldSpec {
    /// Compiles `pattern` (and those of list items); the message says what is wrong.
    pub fn prepare(&mut self) -> Result<(), String> {
        if let Some(pattern) = &self.pattern {
            // A pattern the build did not prepare is compiled now, so that its mistake is
            // reported with the configuration, in the `regex` crate's words.
            let regex = LazyRegex::new(pattern.clone(), false, 1 << 20).map_err(|error| {
                match regex::RegexBuilder::new(pattern)
                    .size_limit(1 << 20)
                    .build()
                {
                    Err(error) => format!("bad `pattern`: {error}"),
                    Ok(_) => format!("bad `pattern`: {}", crate::rules::build_problem(&error)),
                }
            })?;
            self.regex = Some(Arc::new(regex));
        }
        if let Some(items) = &mut self.items {
            items.prepare()?;
        }
        Ok(())
    }
}

/// Every known field, in the order they were declared.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    pub fields: Vec<(String, FieldSpec)>,
}

impl Schema {
    /// The field named `key` or having it as an alias.
    pub fn get(&self, key: &str) -> Option<(&str, &FieldSpec)> {
        self.fields
            .iter()
            .find(|(name, spec)| name == key || spec.aliases.iter().any(|alias| alias == key))
            .map(|(name, spec)| (name.as_str(), spec))
    }

    /// Every name an article may use: field names and aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().flat_map(|(name, spec)| {
            std::iter::once(name.as_str()).chain(spec.aliases.iter().map(String::as_str))
        })
    }
}
