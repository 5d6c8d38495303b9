//! Configuration: finding `healthlint.yaml` / `.healthlint.yaml` upward from a file, reading
//! it, checking every key and type against the rule pages, and merging it over their
//! defaults into a [`Config`] that is ready to lint with.

pub mod pages;
pub mod schema;

use std::fmt;
use std::path::{Path, PathBuf};

use miette::{LabeledSpan, NamedSource, SourceCode};
use serde_json::{Map, Value as Json};

use crate::diagnostic::{Severity, Span};
use crate::rules::{self, HelpLine, Rule};
use crate::yaml::{self, Entry, Node, Value};
use schema::{FieldSpec, Schema};

/// The names a configuration file may have, nearest first in each folder.
pub const FILE_NAMES: [&str; 2] = ["healthlint.yaml", ".healthlint.yaml"];

/// A rule that will run, with its severity and its prepared options.
pub struct ActiveRule {
    pub id: &'static str,
    pub severity: Severity,
    pub rule: Box<dyn Rule>,
}

/// Everything needed to lint an article: the rules that run and the front-matter schema.
pub struct Config {
    /// The file this came from; `None` for the built-in defaults.
    pub path: Option<PathBuf>,
    pub rules: Vec<ActiveRule>,
    pub schema: Schema,
    /// The help line the publisher configured for `help-line`.
    pub help_line: Option<HelpLine>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("path", &self.path)
            .field(
                "rules",
                &self.rules.iter().map(|rule| rule.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// A mistake in a configuration file, shown with a code frame into it.
#[derive(Debug)]
pub struct ConfigError {
    pub message: String,
    pub path: String,
    pub source: Option<String>,
    pub span: Option<Span>,
    pub label: Option<String>,
    pub help: Option<String>,
}

impl ConfigError {
    fn at(file: &ConfigFile, span: Span, message: impl Into<String>) -> Box<ConfigError> {
        Box::new(ConfigError {
            message: message.into(),
            path: file.name.clone(),
            source: Some(file.text.clone()),
            span: Some(span),
            label: None,
            help: None,
        })
    }

    fn label(mut self: Box<Self>, label: impl Into<String>) -> Box<Self> {
        self.label = Some(label.into());
        self
    }

    fn help(mut self: Box<Self>, help: impl Into<String>) -> Box<Self> {
        self.help = Some(help.into());
        self
    }

    fn suggest(
        self: Box<Self>,
        word: &str,
        candidates: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> Box<Self> {
        match did_you_mean(word, candidates) {
            Some(best) => self.help(format!("did you mean `{best}`?")),
            None => self,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ConfigError {}

impl miette::Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("config"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|text| text as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        self.source.as_ref()?;
        let label = LabeledSpan::new(self.label.clone(), span.start, span.len());
        Some(Box::new(std::iter::once(label)))
    }
}

impl ConfigError {
    /// The error with its file name attached, for miette's graphical report.
    pub fn report(self) -> miette::Report {
        let name = self.path.clone();
        let source = self.source.clone();
        let report = miette::Report::new(self);
        match source {
            Some(text) => report.with_source_code(NamedSource::new(name, text)),
            None => report,
        }
    }
}

/// The nearest configuration file in `dir` or a folder above it.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find_map(|folder| {
        FILE_NAMES
            .iter()
            .map(|name| folder.join(name))
            .find(|candidate| candidate.is_file())
    })
}

struct ConfigFile {
    name: String,
    text: String,
}

impl Config {
    /// The built-in defaults: the rule pages alone.
    pub fn defaults() -> Config {
        let file = ConfigFile {
            name: "<built-in>".into(),
            text: String::new(),
        };
        let root = Node {
            value: Value::Map(Vec::new()),
            span: Span::point(0),
        };
        // Invariant: the embedded pages are consistent; the tests of `pages` load them.
        Config::build(&file, &root).unwrap_or_else(|error| panic!("built-in defaults: {error}"))
    }

    /// Reads the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Config, Box<ConfigError>> {
        let name = path.display().to_string().replace('\\', "/");
        let text = std::fs::read_to_string(path).map_err(|error| {
            Box::new(ConfigError {
                message: format!("cannot read the configuration: {error}"),
                path: name.clone(),
                source: None,
                span: None,
                label: None,
                help: None,
            })
        })?;
        let mut config = Config::from_text(&name, &text)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Reads configuration text; `name` is how errors name it.
    pub fn from_text(name: &str, text: &str) -> Result<Config, Box<ConfigError>> {
        let file = ConfigFile {
            name: name.to_string(),
            text: text.to_string(),
        };
        let root = yaml::parse(text).map_err(|error| {
            ConfigError::at(
                &file,
                error.span,
                format!("not valid YAML: {}", error.message),
            )
            .label("here")
        })?;
        Config::build(&file, &root)
    }

    fn build(file: &ConfigFile, root: &Node) -> Result<Config, Box<ConfigError>> {
        let Value::Map(top) = &root.value else {
            return Err(ConfigError::at(
                file,
                root.span,
                format!(
                    "the configuration must be a mapping, found {}",
                    root.value.kind()
                ),
            ));
        };
        let mut rules_node = None;
        let mut fields_node = None;
        for entry in top {
            match entry.key.as_str() {
                "rules" => rules_node = Some(entry),
                "fields" => fields_node = Some(entry),
                other => {
                    return Err(ConfigError::at(
                        file,
                        entry.key_span,
                        format!("unknown configuration key `{other}`"),
                    )
                    .label("not a configuration key")
                    .suggest(other, ["rules", "fields"]));
                }
            }
        }
        let schema = build_schema(file, fields_node)?;
        let overrides = rule_overrides(file, rules_node)?;
        let mut active = Vec::new();
        let mut help_line = None;
        for entry in rules::TABLE {
            let page = pages::get(entry.id).ok_or_else(|| {
                Box::new(ConfigError {
                    message: format!("rule `{}` has no page", entry.id),
                    path: file.name.clone(),
                    source: None,
                    span: None,
                    label: None,
                    help: None,
                })
            })?;
            let setting = overrides.iter().find(|setting| setting.id == entry.id);
            let severity = match setting.and_then(|setting| setting.severity) {
                Some(chosen) => chosen,
                None => page.severity,
            };
            let options = merge_options(file, page, setting)?;
            if entry.id == "help-line" {
                let region = options.get("region").and_then(Json::as_str).unwrap_or("GB");
                help_line = options
                    .get("number")
                    .and_then(Json::as_str)
                    .filter(|number| !number.trim().is_empty())
                    .map(|number| HelpLine {
                        number: number.to_string(),
                        region: region.to_string(),
                    });
            }
            let rule = (entry.build)(Json::Object(options)).map_err(|problem| {
                let span = setting.map_or(Span::point(0), |setting| setting.span);
                ConfigError::at(
                    file,
                    span,
                    format!("bad options for `{}`: {problem}", entry.id),
                )
                .label("in these options")
            })?;
            if let Some(severity) = severity {
                active.push(ActiveRule {
                    id: entry.id,
                    severity,
                    rule,
                });
            }
        }
        Ok(Config {
            path: None,
            rules: active,
            schema,
            help_line,
        })
    }

    /// Keeps only the rules that `keep` accepts (for `--select` and `--ignore`).
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.rules.retain(|rule| keep(rule.id));
    }
}

/// What a configuration says about one rule.
struct RuleSetting<'a> {
    id: &'static str,
    /// `Some(None)` is `off`.
    severity: Option<Option<Severity>>,
    options: Vec<&'a Entry>,
    span: Span,
}

fn parse_severity(file: &ConfigFile, node: &Node) -> Result<Option<Severity>, Box<ConfigError>> {
    let text = node.value.as_str().unwrap_or_default();
    if text == "off" {
        return Ok(None);
    }
    Severity::parse(text).map(Some).ok_or_else(|| {
        ConfigError::at(
            file,
            node.span,
            "a severity must be `error`, `warning`, `info` or `off`",
        )
        .label("not a severity")
        .suggest(text, ["error", "warning", "info", "off"])
    })
}

fn rule_overrides<'a>(
    file: &ConfigFile,
    rules_node: Option<&'a Entry>,
) -> Result<Vec<RuleSetting<'a>>, Box<ConfigError>> {
    let Some(rules_entry) = rules_node else {
        return Ok(Vec::new());
    };
    let node = &rules_entry.value;
    let entries = match &node.value {
        Value::Map(entries) => entries,
        Value::Null => return Ok(Vec::new()),
        other => {
            return Err(ConfigError::at(
                file,
                node.span,
                format!(
                    "`rules` must be a mapping of rule ids, found {}",
                    other.kind()
                ),
            ));
        }
    };
    let mut settings = Vec::new();
    for entry in entries {
        let Some(table_entry) = rules::TABLE.iter().find(|rule| rule.id == entry.key) else {
            return Err(ConfigError::at(
                file,
                entry.key_span,
                format!("unknown rule `{}`", entry.key),
            )
            .label("no rule has this id")
            .suggest(&entry.key, rules::TABLE.iter().map(|rule| rule.id)));
        };
        let mut setting = RuleSetting {
            id: table_entry.id,
            severity: None,
            options: Vec::new(),
            span: entry.value.span,
        };
        match &entry.value.value {
            Value::String(_) => setting.severity = Some(parse_severity(file, &entry.value)?),
            Value::Bool(false) => setting.severity = Some(None),
            Value::Map(options) => {
                for option in options {
                    if option.key == "severity" {
                        setting.severity = Some(parse_severity(file, &option.value)?);
                    } else {
                        setting.options.push(option);
                    }
                }
            }
            Value::Null => {}
            other => {
                return Err(ConfigError::at(
                    file,
                    entry.value.span,
                    format!(
                        "`{}` takes a severity or a mapping of options, found {}",
                        entry.key,
                        other.kind()
                    ),
                ));
            }
        }
        settings.push(setting);
    }
    Ok(settings)
}

fn merge_options(
    file: &ConfigFile,
    page: &pages::Page,
    setting: Option<&RuleSetting>,
) -> Result<Map<String, Json>, Box<ConfigError>> {
    let Json::Object(mut options) = page.options.to_json() else {
        return Ok(Map::new());
    };
    for option in setting.map_or(&[][..], |setting| &setting.options[..]) {
        let Some(default) = options.get(&option.key) else {
            let known: Vec<&String> = options.keys().collect();
            let error = ConfigError::at(
                file,
                option.key_span,
                format!("rule `{}` has no option `{}`", page.id, option.key),
            )
            .label("unknown option");
            let error = match did_you_mean(&option.key, &known) {
                Some(best) => error.help(format!("did you mean `{best}`?")),
                None if known.is_empty() => error.help(format!(
                    "`{}` has no options; it takes only `severity`",
                    page.id
                )),
                None => error.help(format!(
                    "its options are {}",
                    known
                        .iter()
                        .map(|key| format!("`{key}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            return Err(error);
        };
        let value = option.value.to_json();
        if !same_shape(default, &value) {
            return Err(ConfigError::at(
                file,
                option.value.span,
                format!(
                    "option `{}` of `{}` must be {}, found {}",
                    option.key,
                    page.id,
                    json_kind(default),
                    option.value.value.kind()
                ),
            )
            .label("wrong type")
            .help(format!("the default is `{}`", default)));
        }
        options.insert(option.key.clone(), value);
    }
    Ok(options)
}

fn same_shape(default: &Json, value: &Json) -> bool {
    match (default, value) {
        (Json::Number(a), Json::Number(b)) => a.is_f64() || !b.is_f64(),
        (Json::String(_), Json::String(_))
        | (Json::Bool(_), Json::Bool(_))
        | (Json::Array(_), Json::Array(_))
        | (Json::Object(_), Json::Object(_)) => true,
        (Json::Null, _) => true,
        _ => false,
    }
}

fn json_kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "anything",
        Json::Bool(_) => "true or false",
        Json::Number(number) if number.is_f64() => "a number",
        Json::Number(_) => "a whole number",
        Json::String(_) => "text",
        Json::Array(_) => "a list",
        Json::Object(_) => "a mapping",
    }
}

fn build_schema(file: &ConfigFile, fields: Option<&Entry>) -> Result<Schema, Box<ConfigError>> {
    let defaults = pages::get("front-matter")
        .and_then(|page| page.fields.as_ref())
        .map(Node::to_json);
    let mut merged: Vec<(String, Json)> = match defaults {
        Some(Json::Object(map)) => map.into_iter().collect(),
        _ => Vec::new(),
    };
    let mut spans: Vec<(String, Span)> = Vec::new();
    if let Some(entry) = fields {
        let entries = match &entry.value.value {
            Value::Map(entries) => entries.as_slice(),
            Value::Null => &[],
            other => {
                return Err(ConfigError::at(
                    file,
                    entry.value.span,
                    format!(
                        "`fields` must be a mapping of field names, found {}",
                        other.kind()
                    ),
                ));
            }
        };
        for field in entries {
            spans.push((field.key.clone(), field.value.span));
            let existing = merged.iter().position(|(name, _)| *name == field.key);
            match (&field.value.value, existing) {
                (Value::String(off), Some(index)) if off == "off" => {
                    merged.remove(index);
                }
                (Value::Bool(false), Some(index)) => {
                    merged.remove(index);
                }
                (Value::Map(_), Some(index)) => {
                    let Json::Object(changes) = field.value.to_json() else {
                        continue;
                    };
                    if let Json::Object(spec) = &mut merged[index].1 {
                        spec.extend(changes);
                    }
                }
                (Value::Map(_), None) => merged.push((field.key.clone(), field.value.to_json())),
                _ => {
                    return Err(ConfigError::at(
                        file,
                        field.value.span,
                        format!(
                            "field `{}` takes a mapping such as `{{type: string, required: true}}`, or `off`",
                            field.key
                        ),
                    ));
                }
            }
        }
    }
    let mut schema = Schema::default();
    for (name, spec) in merged {
        let span = spans
            .iter()
            .find(|(field, _)| *field == name)
            .map_or(Span::point(0), |(_, span)| *span);
        let mut spec: FieldSpec = serde_json::from_value(spec).map_err(|error| {
            ConfigError::at(file, span, format!("field `{name}`: {error}")).help(
                "a field takes `type`, `required`, `min_length`, `max_length`, `min_items`, \
                 `max_items`, `pattern`, `enum`, `items`, `format`, `not_future`, \
                 `not_before` and `aliases`",
            )
        })?;
        spec.prepare()
            .map_err(|problem| ConfigError::at(file, span, format!("field `{name}`: {problem}")))?;
        schema.fields.push((name, spec));
    }
    Ok(schema)
}

/// The closest of `candidates` to `word`, when one is close enough to be a likely typo.
pub fn did_you_mean(
    word: &str,
    candidates: impl IntoIterator<Item = impl AsRef<str>>,
) -> Option<String> {
    let mut best: Option<(f64, String)> = None;
    for candidate in candidates {
        let candidate = candidate.as_ref();
        let score = strsim::jaro_winkler(&word.to_lowercase(), &candidate.to_lowercase());
        let distance = strsim::damerau_levenshtein(word, candidate);
        let close = score >= 0.85 || distance <= 2.min(candidate.len() / 3 + 1);
        if close && best.as_ref().is_none_or(|(top, _)| score > *top) {
            best = Some((score, candidate.to_string()));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_load_every_rule() {
        let config = Config::defaults();
        assert_eq!(config.rules.len(), rules::TABLE.len());
        assert!(config.help_line.is_none());
        assert!(config.schema.get("title").unwrap().1.required);
    }

    #[test]
    fn a_file_changes_severity_and_options() {
        let config = Config::from_text(
            "healthlint.yaml",
            "rules:\n  phone-format: off\n  help-line:\n    number: \"023 8024 8725\"\n  reading-time:\n    severity: warning\n    words_per_minute: 250\n",
        )
        .unwrap();
        assert!(config.rules.iter().all(|rule| rule.id != "phone-format"));
        assert_eq!(config.help_line.unwrap().number, "023 8024 8725");
        let reading = config
            .rules
            .iter()
            .find(|rule| rule.id == "reading-time")
            .unwrap();
        assert_eq!(reading.severity, Severity::Warning);
    }

    #[test]
    fn mistakes_point_into_the_file() {
        let text = "rules:\n  reading-tme: off\n";
        let error = Config::from_text("c.yaml", text).unwrap_err();
        assert_eq!(&text[error.span.unwrap().range()], "reading-tme");
        assert_eq!(error.help.as_deref(), Some("did you mean `reading-time`?"));

        let text = "rules:\n  reading-time:\n    words_per_minut: 250\n";
        let error = Config::from_text("c.yaml", text).unwrap_err();
        assert_eq!(
            error.help.as_deref(),
            Some("did you mean `words_per_minute`?")
        );

        let text = "rules:\n  reading-time:\n    words_per_minute: fast\n";
        let error = Config::from_text("c.yaml", text).unwrap_err();
        assert_eq!(&text[error.span.unwrap().range()], "fast");

        let text = "rulez: {}\n";
        let error = Config::from_text("c.yaml", text).unwrap_err();
        assert_eq!(error.help.as_deref(), Some("did you mean `rules`?"));

        let text = "rules:\n  disclaimer: eror\n";
        let error = Config::from_text("c.yaml", text).unwrap_err();
        assert_eq!(error.help.as_deref(), Some("did you mean `error`?"));
    }

    #[test]
    fn fields_can_be_added_changed_and_dropped() {
        let config = Config::from_text(
            "c.yaml",
            "fields:\n  title: {max_length: 60}\n  lang: off\n  audience: {type: string}\n",
        )
        .unwrap();
        assert_eq!(config.schema.get("title").unwrap().1.max_length, Some(60));
        assert!(config.schema.get("lang").is_none());
        assert!(config.schema.get("audience").is_some());
    }
}
