//! YAML read through serde-saphyr into a small tree whose every key and value carries its
//! byte span, with bounds on depth, size and alias expansion so hostile input stays cheap.
//! Front matter and configuration files are both read through here.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, DuplicateKeyPolicy, Options, Spanned, options::AliasLimits};

use crate::article::LineIndex;
use crate::diagnostic::Span;

/// A YAML value with the byte span of its source text. (Serialisable for the rule pages,
/// whose front matter is stored parsed: see `config::pages`.)
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    List(Vec<Node>),
    Map(Vec<Entry>),
}

/// One `key: value` pair of a mapping; keys that are not strings are read as their text.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// A YAML error at a byte position of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
}

impl Value {
    /// What the value is, in words, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a true/false value",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a number",
            Value::String(_) => "text",
            Value::List(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// Null, an empty or blank string, an empty list or mapping.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Null => true,
            Value::String(text) => text.trim().is_empty(),
            Value::List(items) => items.is_empty(),
            Value::Map(entries) => entries.is_empty(),
            _ => false,
        }
    }
}

impl Node {
    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|entry| entry.key == key)
    }

    /// Plain data for typed deserialisation (rule options).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(flag) => serde_json::Value::Bool(*flag),
            Value::Int(number) => serde_json::Value::from(*number),
            Value::Float(number) => serde_json::Value::from(*number),
            Value::String(text) => serde_json::Value::String(text.clone()),
            Value::List(items) => items.iter().map(Node::to_json).collect(),
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|entry| (entry.key.clone(), entry.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Parses `text` (a single YAML document). Spans are relative to `text`.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Map(Vec::new()),
            span: Span::point(0),
        });
    }
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.max_events = 200_000;
    budget.max_nodes = 100_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_documents = 1;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    options.with_snippet = false;
    // YAML 1.2: only `true` and `false` are booleans, so a key such as `n` stays text.
    options.strict_booleans = true;
    let mut alias_limits = AliasLimits::default();
    alias_limits.max_total_replayed_events = 10_000;
    alias_limits.max_replay_stack_depth = 32;
    alias_limits.max_alias_expansions_per_anchor = 100;
    options.alias_limits = alias_limits;
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(text, options) {
        Ok(spanned) => Ok(convert(text, spanned)),
        Err(error) => Err(to_yaml_error(text, &error)),
    }
}

fn to_yaml_error(text: &str, error: &serde_saphyr::Error) -> YamlError {
    let rendered = error.to_string();
    let first = rendered.lines().next().unwrap_or("invalid YAML");
    let message = strip_position(first.trim_start_matches("error: ")).to_string();
    let span = match error.location() {
        Some(location) if location.line() > 0 => {
            let index = LineIndex::new(text);
            let at = index.offset(text, location.line() as usize, location.column() as usize);
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            Span::new(at, end)
        }
        _ => Span::point(0),
    };
    YamlError { message, span }
}

/// serde-saphyr puts the position into its messages ("line L column C: …", "… at line L,
/// column C"); the span already says where, in the file's own lines.
fn strip_position(message: &str) -> &str {
    let message = strip_leading_position(message);
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(", column ") => &message[..at],
        _ => message,
    }
}

fn strip_leading_position(message: &str) -> &str {
    if let Some(rest) = message.strip_prefix("line ")
        && let Some((_, after)) = rest.split_once(": ")
        && rest.contains(" column ")
    {
        return after;
    }
    message
}

/// The tree as serde hands it over, before spans are made exact.
enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    List(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<KeyText>, Spanned<Raw>)>),
}

/// A mapping key: text, or something else that is then named by its source text.
enum KeyText {
    Text(String),
    Other,
}

fn convert(text: &str, spanned: Spanned<Raw>) -> Node {
    let start = byte_start(&spanned);
    let own_end = start + byte_len(&spanned);
    let (value, end) = match spanned.value {
        Raw::Null => (Value::Null, own_end),
        Raw::Bool(flag) => (Value::Bool(flag), own_end),
        Raw::Int(number) => (Value::Int(number), own_end),
        Raw::Float(number) => (Value::Float(number), own_end),
        Raw::String(string) => (Value::String(string), trim_block_end(text, start, own_end)),
        Raw::List(items) => {
            let nodes: Vec<Node> = items.into_iter().map(|item| convert(text, item)).collect();
            let last = nodes.last().map_or(own_end, |node| node.span.end);
            (
                Value::List(nodes),
                close_flow(text, start, last, b'[', b']'),
            )
        }
        Raw::Map(pairs) => {
            let entries: Vec<Entry> = pairs
                .into_iter()
                .map(|(key, value)| {
                    let key_start = byte_start(&key);
                    let key_span = Span::new(key_start, key_start + byte_len(&key));
                    // A key that YAML read as a number or boolean is named as written.
                    let name = match key.value {
                        KeyText::Text(name) => name,
                        KeyText::Other => {
                            text.get(key_span.range()).unwrap_or_default().to_string()
                        }
                    };
                    Entry {
                        key: name,
                        key_span,
                        value: convert(text, value),
                    }
                })
                .collect();
            let last = entries.last().map_or(own_end, |entry| entry.value.span.end);
            (
                Value::Map(entries),
                close_flow(text, start, last, b'{', b'}'),
            )
        }
    };
    let end = end.clamp(start, text.len());
    Node {
        value,
        span: Span::new(start, end),
    }
}

fn byte_start<T>(spanned: &Spanned<T>) -> usize {
    spanned.referenced.span().byte_offset().unwrap_or(0) as usize
}

fn byte_len<T>(spanned: &Spanned<T>) -> usize {
    spanned.referenced.span().byte_len().unwrap_or(0) as usize
}

/// Block scalars end after their last line break; the span stops at the text.
fn trim_block_end(text: &str, start: usize, end: usize) -> usize {
    let end = end.min(text.len());
    let trimmed = text[start.min(end)..end].trim_end();
    start + trimmed.len()
}

/// A flow collection's span runs to its closing bracket.
fn close_flow(text: &str, start: usize, last: usize, open: u8, close: u8) -> usize {
    let bytes = text.as_bytes();
    if bytes.get(start) != Some(&open) {
        return last.max(start);
    }
    let mut at = last.max(start + 1);
    let mut depth = 0usize;
    // Count from the opening bracket so nested empty collections are skipped correctly.
    if last <= start + 1 {
        at = start + 1;
    }
    while at < bytes.len() {
        match bytes[at] {
            b if b == open => depth += 1,
            b if b == close => {
                if depth == 0 {
                    return at + 1;
                }
                depth -= 1;
            }
            b'\n' if depth == 0 && at > last => break,
            _ => {}
        }
        at += 1;
    }
    last.max(start + 1)
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw, D::Error> {
        Raw::deserialize(deserializer)
    }
    fn visit_bool<E>(self, flag: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(flag))
    }
    fn visit_i64<E>(self, number: i64) -> Result<Raw, E> {
        Ok(Raw::Int(number))
    }
    fn visit_u64<E>(self, number: u64) -> Result<Raw, E> {
        Ok(i64::try_from(number).map_or(Raw::Float(number as f64), Raw::Int))
    }
    fn visit_i128<E>(self, number: i128) -> Result<Raw, E> {
        Ok(i64::try_from(number).map_or(Raw::Float(number as f64), Raw::Int))
    }
    fn visit_u128<E>(self, number: u128) -> Result<Raw, E> {
        Ok(i64::try_from(number).map_or(Raw::Float(number as f64), Raw::Int))
    }
    fn visit_f64<E>(self, number: f64) -> Result<Raw, E> {
        Ok(Raw::Float(number))
    }
    fn visit_str<E>(self, text: &str) -> Result<Raw, E> {
        Ok(Raw::String(text.to_string()))
    }
    fn visit_string<E>(self, text: String) -> Result<Raw, E> {
        Ok(Raw::String(text))
    }
    fn visit_bytes<E>(self, bytes: &[u8]) -> Result<Raw, E> {
        Ok(Raw::String(String::from_utf8_lossy(bytes).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = access.next_element()? {
            items.push(item);
        }
        Ok(Raw::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Raw, A::Error> {
        let mut pairs = Vec::new();
        while let Some(key) = access.next_key::<Spanned<KeyText>>()? {
            let value = access.next_value()?;
            pairs.push((key, value));
        }
        Ok(Raw::Map(pairs))
    }
}

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Raw::deserialize(deserializer)?;
        Ok(match raw {
            Raw::String(text) => KeyText::Text(text),
            _ => KeyText::Other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    #[test]
    fn keys_and_values_carry_exact_spans() {
        let text =
            "title: \"Back Pain\"\ntags: [back-pain, health]\nn: 4\n2025: x\nlist:\n  - a\n  - b\n";
        let root = parse(text).unwrap();
        let title = root.get("title").unwrap();
        assert_eq!(slice(text, title.key_span), "title");
        assert_eq!(slice(text, title.value.span), "\"Back Pain\"");
        let tags = root.get("tags").unwrap();
        assert_eq!(slice(text, tags.value.span), "[back-pain, health]");
        let list = root.get("list").unwrap();
        assert_eq!(slice(text, list.value.span), "- a\n  - b");
        assert_eq!(root.get("n").unwrap().value.value, Value::Int(4));
        assert_eq!(slice(text, root.get("2025").unwrap().key_span), "2025");
    }

    #[test]
    fn duplicate_keys_are_kept_for_the_rule_to_report() {
        let root = parse("a: 1\na: 2\n").unwrap();
        assert_eq!(root.entries().len(), 2);
    }

    #[test]
    fn errors_point_at_their_position() {
        let text = "a: 1\nb: [unclosed\n";
        let error = parse(text).unwrap_err();
        assert!(error.span.start >= 8, "{error:?}");
        assert!(!error.message.starts_with("line"), "{}", error.message);
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let prev = level - 1;
            text.push_str(&format!(
                "a{level}: &a{level} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        assert!(parse(&text).is_err());
    }
}
