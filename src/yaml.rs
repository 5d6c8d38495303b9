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
    match flat(text) {
        Some(flat) => Ok(flat),
        None => parse_yaml(text),
    }
}

/// [`parse`] by the YAML parser.
fn parse_yaml(text: &str) -> Result<Node, YamlError> {
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

/// The mapping of `text` when every line is `key: text` or `key:` (most front matter: a docs site's
/// pages have nothing else), read without the YAML parser. Anything else, or a value YAML
/// might read as something other than text (a number, a date, `true`, `null`), or any
/// character the YAML grammar treats specially where it stands, gives `None`, and the parser
/// reads it. Unit and property tests hold the answer to the parser's.
fn flat(text: &str) -> Option<Node> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut lines = lines_at(text).peekable();
    while let Some((start, line)) = lines.next() {
        let (key, rest) = line.split_once(':')?;
        // Front matter is short: a long mapping (and the parser's budget) is the parser's.
        if entries.len() >= FLAT_KEYS
            || !plain_key(key)
            || entries.iter().any(|entry| entry.key == key)
        {
            return None;
        }
        let key_span = Span::new(start, start + key.len());
        let value = if rest.bytes().all(|byte| byte == b' ') {
            // Nothing after the colon: a list of the indented `- item` lines below, or null
            // where the key ends.
            let mut items = Vec::new();
            // The items' indent, and where the first one's `-` is.
            let mut indent = None;
            let mut first_dash = 0;
            while let Some(&(item_start, item)) =
                lines.peek().filter(|(_, line)| line.starts_with(' '))
            {
                lines.next();
                let text = item.trim_start_matches(' ');
                let spaces = item.len() - text.len();
                if indent.is_none() {
                    first_dash = item_start + spaces;
                }
                if *indent.get_or_insert(spaces) != spaces {
                    return None;
                }
                if items.len() >= FLAT_KEYS {
                    return None;
                }
                let after_dash = text.strip_prefix('-')?;
                items.push(text_node(after_dash, item_start + spaces + 1)?);
            }
            match items.last() {
                Some(last) => {
                    let span = Span::new(first_dash, last.span.end);
                    Node {
                        value: Value::List(items),
                        span,
                    }
                }
                None => Node {
                    value: Value::Null,
                    span: Span::point(key_span.end),
                },
            }
        } else if rest.trim_start_matches(' ').starts_with('[') {
            flow_list(rest, key_span.end + 1)?
        } else {
            text_node(rest, key_span.end + 1)?
        };
        entries.push(Entry {
            key: key.to_string(),
            key_span,
            value,
        });
    }
    let last = entries.last()?.value.span.end;
    Some(Node {
        value: Value::Map(entries),
        span: Span::new(0, last),
    })
}

/// The text after a `:` or a `-` (at `start`) as a string node: a space, then plain text
/// ([`plain_text`]) with any spaces around it.
fn text_node(after: &str, start: usize) -> Option<Node> {
    let (value, at) = after_space(after, start)?;
    plain_text(value).then(|| string_node(value, at))
}

/// What follows a `:` or a `-` (`after`, at `start`): a space, then a value with any spaces
/// around it. The value, and where it starts.
fn after_space(after: &str, start: usize) -> Option<(&str, usize)> {
    let spaced = after.strip_prefix(' ')?;
    let value = spaced.trim_matches(' ');
    Some((
        value,
        start + after.len() - spaced.trim_start_matches(' ').len(),
    ))
}

/// The string `value`, which starts at `at`.
fn string_node(value: &str, at: usize) -> Node {
    Node {
        value: Value::String(value.to_string()),
        span: Span::new(at, at + value.len()),
    }
}

/// The text after a `:` (at `start`) as a list written on one line, `[a, b]`: a space, then
/// items of plain text ([`plain_text`], and no `:` or bracket) between the brackets, with
/// spaces around each. An empty list, an empty item (`[a, ]`) or anything after the `]`
/// is the parser's.
fn flow_list(after: &str, start: usize) -> Option<Node> {
    let (list, open) = after_space(after, start)?;
    let inner = list.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    // Where the current item's text (spaces included) starts.
    let mut at = open + 1;
    for part in inner.split(',') {
        let value = part.trim_matches(' ');
        if items.len() >= FLAT_KEYS
            || value.contains([':', '[', ']', '{', '}'])
            || !plain_text(value)
        {
            return None;
        }
        items.push(string_node(
            value,
            at + part.len() - part.trim_start_matches(' ').len(),
        ));
        at += part.len() + 1;
    }
    Some(Node {
        value: Value::List(items),
        span: Span::new(open, open + list.len()),
    })
}

/// The most keys, and items of one list, that [`flat`] reads.
const FLAT_KEYS: usize = 64;

/// Each line of `text` without its line break, with where it starts.
fn lines_at(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line.strip_suffix('\n').unwrap_or(line)))
    })
}

/// A key of letters, digits, `_`, `.`, `-` and single spaces inside, starting with a letter:
/// text whatever the YAML schema.
fn plain_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic())
        && !key.ends_with(' ')
        && !key.contains("  ")
        && key
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-' | b' '))
        && !is_special_word(key)
}

/// A one-line plain scalar that YAML reads as the text itself: no indicator at its start, no
/// `: ` or ` #` inside, no control or line-break character, and nothing YAML would resolve
/// to a number, a boolean or null.
fn plain_text(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    if "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || value.ends_with(':')
        || value.contains(": ")
        || value.contains(" #")
        || value.contains(|c: char| {
            c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{85}')
        })
        || is_special_word(value)
    {
        return false;
    }
    if first.is_ascii_digit() || first == '+' || first == '.' {
        // A number, a date or a time could start so: only the shapes that are none of them
        // ("12/12/2022", "2.0.0") are text.
        let dotted = value.split('.').count() >= 3
            && value
                .bytes()
                .all(|byte| byte.is_ascii_digit() || byte == b'.');
        return value.contains('/') || dotted;
    }
    true
}

/// Words that some YAML schema reads as null, a boolean or a number.
fn is_special_word(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan",
    ];
    text.len() <= 8 && WORDS.iter().any(|word| word.eq_ignore_ascii_case(text))
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

/// Block scalars end after their last line break; the span stops at the text. Only YAML's
/// white space is trimmed: a no-break space ends a plain scalar's text, and a fix must
/// replace it with the rest.
fn trim_block_end(text: &str, start: usize, end: usize) -> usize {
    let end = end.min(text.len());
    let trimmed = text[start.min(end)..end].trim_end_matches([' ', '\t', '\n', '\r']);
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
    fn a_value_s_span_keeps_a_no_break_space_at_its_end() {
        // Not YAML white space: part of the value, so part of what a fix replaces.
        let text = "tags: [back-pain\u{a0}, health]\nname: Jane\u{a0}\nblock: |\n  text\n\n";
        let root = parse(text).unwrap();
        let Value::List(tags) = &root.get("tags").unwrap().value.value else {
            panic!("a list");
        };
        assert_eq!(tags[0].value, Value::String("back-pain\u{a0}".into()));
        assert_eq!(slice(text, tags[0].span), "back-pain\u{a0}");
        assert_eq!(
            slice(text, root.get("name").unwrap().value.span),
            "Jane\u{a0}"
        );
        assert_eq!(slice(text, root.get("block").unwrap().value.span), "text");
    }

    /// What the YAML parser makes of `text` when [`flat`] reads it.
    fn flat_agrees(text: &str) -> bool {
        match flat(text) {
            Some(flat) => {
                assert_eq!(Ok(flat), parse_yaml(text), "{text:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn flat_front_matter_reads_as_the_parser_reads_it() {
        let read = [
            "external help file: Microsoft.PowerShell.Commands.Utility.dll-Help.xml\nLocale: en-US\nModule Name: Microsoft.PowerShell.Utility\nms.date: 08/02/2023\nonline version: https://learn.microsoft.com/powershell/module/get-host?view=powershell-7.5&WT.mc_id=ps-gethelp\nschema: 2.0.0\ntitle: Get-Host\n",
            "title: Back pain after squats\n",
            "title:   spaced out   \nauthor: Dr A. N. Other, GP [retired] {x}\n",
            "a: it's \"quoted\" inside\nb: about 50% of it\nc: x#y\nd: a:b\n",
            "title: Caf\u{e9} cr\u{e8}me \u{2019}s\nlast: no newline",
            "Module Name:\nempty:   \nschema: 2.0.0\nlast:",
            "aliases:\n  - rcms\n  -   two  \nnext: x\nlist:\n    - a\n",
            "no-loc: [Confirm, Debug, ErrorAction]\ntags:  [ a ,b,  c d ]  \none: [x]\n",
            "a: [x, z]\n",
            "a: [x]",
        ];
        for text in read {
            assert!(flat_agrees(text), "{text:?} was not read");
        }
        let left_to_the_parser = [
            "",
            "\n",
            "a: 1\n",
            "a: 1.5\n",
            "a: true\n",
            "a: True\n",
            "a: null\n",
            "a: ~\n",
            "a: no\n",
            "a: .inf\n",
            "a: 2025-01-02\n",
            "a: 12:30\n",
            "a: +1\n",
            "a: x\n\nb: y\n",
            "a: x\r\n",
            "a: \tx\n",
            "a: x\n  b: y\n",
            "a:\n  b: y\n",
            "a:\n  - x\n   - y\n",
            "a:\n  - x\n  -\n",
            "a:\n  - 1\n",
            "a:\n- x\n",
            "a:\n  -x\n",
            "a: - x\n",
            "a: []\n",
            "a: [ ]\n",
            "a: [x, ]\n",
            "a: [x,,y]\n",
            "a: [x, [y]]\n",
            "a: [x: y]\n",
            "a: [x:y]\n",
            "a: [1, x]\n",
            "a: [x, true]\n",
            "a: [x] y\n",
            "a: [x] # c\n",
            "a: [x, -y]\n",
            "a: [x, 'y']\n",
            "a: [x, {y}]\n",
            "a: [x\n",
            "a:[x]\n",
            "a: 'x'\n",
            "a: \"x\"\n",
            "a: &anchor x\n",
            "a: *alias\n",
            "a: !tag x\n",
            "a: |\n",
            "a: x # comment\n",
            "a: x: y\n",
            "a: x:\n",
            "a: x\na: y\n",
            "# comment\na: x\n",
            "- a\n",
            "1: x\n",
            "true: x\n",
            "a b  c: x\n",
            " a: x\n",
            "a : x\n",
            "a:x\n",
        ];
        for text in left_to_the_parser {
            assert!(flat(text).is_none(), "{text:?} was read");
        }
        let keys = |count: usize| {
            (0..count)
                .map(|key| format!("k{key}: v\n"))
                .collect::<String>()
        };
        assert!(flat_agrees(&keys(FLAT_KEYS)));
        assert!(flat(&keys(FLAT_KEYS + 1)).is_none());
        let items = |count: usize| format!("list:\n{}", "  - x\n".repeat(count));
        assert!(flat_agrees(&items(FLAT_KEYS)));
        assert!(flat(&items(FLAT_KEYS + 1)).is_none());
    }

    proptest::proptest! {
        #[test]
        fn flat_reads_any_line_as_the_parser_does(
            lines in proptest::collection::vec(
                ("[a-zA-Z][a-zA-Z0-9 ._-]{0,12}", " {1,3}", "[ -~\u{e9}\u{2019}]{0,30}"),
                1..6,
            ),
            end in proptest::bool::ANY,
        ) {
            let mut text = lines
                .iter()
                .map(|(key, space, value)| format!("{key}:{space}{value}"))
                .collect::<Vec<_>>()
                .join("\n");
            if end {
                text.push('\n');
            }
            flat_agrees(&text);
        }

        #[test]
        fn flat_reads_lists_as_the_parser_does(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a-z]{1,6}: [a-z][ -~]{0,10}",
                    "[a-z]{1,6}: {0,2}",
                    " {1,3}- {1,2}[a-z0-9][ -~]{0,10}",
                    " {1,3}-",
                ],
                1..8,
            ),
        ) {
            flat_agrees(&lines.join("\n"));
        }

        #[test]
        fn flat_reads_one_line_lists_as_the_parser_does(
            items in proptest::collection::vec(
                proptest::prop_oneof![
                    " {0,2}[a-zA-Z][a-zA-Z0-9./ -]{0,8} {0,2}",
                    " {0,2}[a-zA-Z0-9.:/ '\"#&*!?{}\\[\\]-]{0,8} {0,2}",
                ],
                0..5,
            ),
            before in " {1,2}",
            after in " {0,2}",
        ) {
            flat_agrees(&format!("key:{before}[{}]{after}\nnext: x\n", items.join(",")));
        }

        #[test]
        fn flat_reads_numbers_dates_and_words_as_the_parser_does(
            value in "[0-9+.:/ a-zA-Z-]{1,12}",
        ) {
            flat_agrees(&format!("key: {value}\n"));
        }
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
