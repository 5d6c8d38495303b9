//! Configuration: finding `healthlint.yaml` / `.healthlint.yaml` upward from a file, reading
//! it, checking every key and type against the rule pages, and merging it over their
//! defaults into a [`Config`] that is ready to lint with.

mod custom;
mod files;
pub mod init;
pub mod pages;
pub mod schema;

pub use files::ConfigSet;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{LabeledSpan, NamedSource, SourceCode};
use serde_json::{Map, Value as Json};

use crate::diagnostic::{Severity, Span};
use crate::rules::gate::Gate;
use crate::rules::{self, HelpLine, Rule};
use crate::yaml::{Entry, Node, Value};
use schema::{FieldSpec, Schema};

/// The names a configuration file may have, nearest first in each folder.
pub const FILE_NAMES: [&str; 2] = ["healthlint.yaml", ".healthlint.yaml"];

/// A rule that will run, with its severity and its prepared options.
pub struct ActiveRule {
    pub id: String,
    pub severity: Severity,
    pub rule: Box<dyn Rule>,
}

/// Everything needed to lint an article: the rules that run and the front-matter schema.
pub struct Config {
    /// The file this came from; `None` for the built-in defaults.
    pub path: Option<PathBuf>,
    pub rules: Vec<ActiveRule>,
    /// The rules' questions of every block, asked in one scan ([`crate::rules::gate`]).
    pub(crate) gate: Gate,
    pub schema: Schema,
    /// The help line the publisher configured for `help-line`.
    pub help_line: Option<HelpLine>,
    /// Where every value came from.
    pub origins: Vec<Origin>,
    /// The custom rules, whether they run or not.
    pub custom: Vec<CustomInfo>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("path", &self.path)
            .field(
                "rules",
                &self
                    .rules
                    .iter()
                    .map(|rule| rule.id.as_str())
                    .collect::<Vec<_>>(),
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

impl Config {
    /// Compiles the patterns every article needs ([`crate::rules::Rule::warm`]), the last
    /// rule's first: the thread that lints starts from the first rule, and they meet.
    pub fn warm(&self) {
        for active in self.rules.iter().rev() {
            active.rule.warm();
        }
    }

    /// Compiles the shared scan of the pattern rules now ([`crate::rules::gate::Gate::warm`]),
    /// for a configuration with enough files to check to pay for it.
    pub fn warm_gate(&self) {
        self.gate.warm();
    }
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
        // With a source, the code frame names the file; without one, the message must.
        match self.source {
            Some(_) => f.write_str(&self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
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

    // The source is attached by `report`, named after the file.
    fn source_code(&self) -> Option<&dyn SourceCode> {
        None
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

/// The configuration file in `folder` itself, if it has one (the nearest one above is
/// looked for folder by folder, remembering each folder's answer: see `check`'s `Configs`).
pub fn in_folder(folder: &Path) -> Option<PathBuf> {
    FILE_NAMES
        .iter()
        .map(|name| folder.join(name))
        .find(|candidate| candidate.is_file())
}

/// One configuration file as read.
struct ConfigFile {
    name: String,
    text: String,
    /// The folder its globs are relative to.
    dir: PathBuf,
}

impl ConfigFile {
    fn line_of(&self, span: Span) -> usize {
        self.text[..span.start.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }

    fn place(&self, span: Span) -> String {
        format!("{}:{}", self.name, self.line_of(span))
    }
}

/// One layer of settings: a file's `rules` and `fields` (a whole file, or one `overrides`
/// entry of it).
struct Layer {
    file: Arc<ConfigFile>,
    rules: Option<Entry>,
    fields: Option<Entry>,
    custom: Option<Entry>,
}

/// Where a value of the effective configuration came from, for `healthlint config`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// `rules.reading-time.words_per_minute`, `fields.title`.
    pub key: String,
    pub value: String,
    /// `built-in`, or `path:line`.
    pub from: String,
}

/// A custom rule, as `healthlint rules` and SARIF describe it.
#[derive(Clone, Debug)]
pub struct CustomInfo {
    pub id: String,
    pub severity: Option<Severity>,
    pub message: String,
    pub help: Option<String>,
}

/// `--select` and `--ignore`.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    fn keeps(&self, id: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|chosen| chosen == id))
            && !self.ignore.iter().any(|ignored| ignored == id)
    }
}

impl Config {
    /// The built-in defaults: the rule pages alone.
    pub fn defaults() -> Config {
        // Invariant: the embedded pages are consistent; the tests of `pages` load them.
        Config::build(&[], &Selection::default())
            .unwrap_or_else(|error| panic!("built-in defaults: {error}"))
    }

    /// Reads one configuration file (with what it extends), for the path `.`.
    pub fn load(path: &Path) -> Result<Config, Box<ConfigError>> {
        let set = ConfigSet::load(path, Selection::default())?;
        Ok(set.base_config())
    }

    /// Reads configuration text; `name` is how errors name it. `extends` is resolved from
    /// the current folder.
    pub fn from_text(name: &str, text: &str) -> Result<Config, Box<ConfigError>> {
        let set = ConfigSet::from_text(name, text, Path::new("."), Selection::default())?;
        Ok(set.base_config())
    }

    fn build(layers: &[&Layer], selection: &Selection) -> Result<Config, Box<ConfigError>> {
        let mut origins = Vec::new();
        let schema = build_schema(layers, &mut origins)?;
        let mut settings: Vec<(&Layer, Vec<RuleSetting>)> = Vec::new();
        for layer in layers {
            settings.push((layer, rule_settings(&layer.file, layer.rules.as_ref())?));
        }
        let mut active = Vec::new();
        let mut help_line = None;
        for entry in rules::TABLE {
            let page = pages::get(entry.id).ok_or_else(|| {
                Box::new(ConfigError {
                    message: format!("rule `{}` has no page", entry.id),
                    path: "<built-in>".into(),
                    source: None,
                    span: None,
                    label: None,
                    help: None,
                })
            })?;
            let mut severity = page.severity;
            let mut severity_from = "built-in".to_string();
            let Json::Object(mut options) = page.options.to_json() else {
                continue;
            };
            let mut option_from: HashMap<String, String> = HashMap::new();
            let mut last: Option<(&ConfigFile, Span)> = None;
            for (layer, layer_settings) in &settings {
                let Some(setting) = layer_settings.iter().find(|setting| setting.id == entry.id)
                else {
                    continue;
                };
                last = Some((&layer.file, setting.span));
                if let Some(chosen) = setting.severity {
                    severity = chosen;
                    severity_from = layer.file.place(setting.span);
                }
                merge_options(&layer.file, page, &setting.options, &mut options)?;
                for option in &setting.options {
                    option_from.insert(option.key.clone(), layer.file.place(option.key_span));
                }
            }
            origins.push(Origin {
                key: format!("rules.{}", entry.id),
                value: severity.map_or("off", Severity::as_str).to_string(),
                from: severity_from,
            });
            for (key, value) in &options {
                origins.push(Origin {
                    key: format!("rules.{}.{key}", entry.id),
                    value: value.to_string(),
                    from: option_from
                        .get(key)
                        .cloned()
                        .unwrap_or_else(|| "built-in".to_string()),
                });
            }
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
            let rule = (entry.build)(Json::Object(options)).map_err(|problem| match last {
                Some((file, span)) => ConfigError::at(
                    file,
                    span,
                    format!("bad options for `{}`: {problem}", entry.id),
                )
                .label("in these options"),
                None => Box::new(ConfigError {
                    message: format!("bad built-in options for `{}`: {problem}", entry.id),
                    path: "<built-in>".into(),
                    source: None,
                    span: None,
                    label: None,
                    help: None,
                }),
            })?;
            if let Some(severity) = severity
                && selection.keeps(entry.id)
            {
                active.push(ActiveRule {
                    id: entry.id.to_string(),
                    severity,
                    rule,
                });
            }
        }
        let mut custom_infos = Vec::new();
        for (spec, rule) in custom::build_all(layers)? {
            origins.push(Origin {
                key: format!("custom.{}", spec.id),
                value: spec.severity.map_or("off", Severity::as_str).to_string(),
                from: spec.from.clone(),
            });
            if let Some(severity) = spec.severity
                && selection.keeps(&spec.id)
            {
                active.push(ActiveRule {
                    id: spec.id.clone(),
                    severity,
                    rule,
                });
            }
            custom_infos.push(CustomInfo {
                id: spec.id,
                severity: spec.severity,
                message: spec.message,
                help: spec.help,
            });
        }
        let gate = Gate::new(active.iter().map(|active| active.rule.question()));
        Ok(Config {
            path: None,
            rules: active,
            gate,
            schema,
            help_line,
            origins,
            custom: custom_infos,
        })
    }

    /// Whether a rule with this id runs.
    pub fn runs(&self, id: &str) -> bool {
        self.rules.iter().any(|rule| rule.id == id)
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

/// The ids a configuration may name: every built-in rule.
fn known_rule(id: &str) -> Option<&'static str> {
    rules::TABLE
        .iter()
        .find(|rule| rule.id == id)
        .map(|rule| rule.id)
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

fn rule_settings<'a>(
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
        let Some(id) = known_rule(&entry.key) else {
            return Err(ConfigError::at(
                file,
                entry.key_span,
                format!("unknown rule `{}`", entry.key),
            )
            .label("no rule has this id")
            .suggest(&entry.key, rules::TABLE.iter().map(|rule| rule.id)));
        };
        let mut setting = RuleSetting {
            id,
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

/// Sets a layer's options over `options`, checking each name and type against the page.
fn merge_options(
    file: &ConfigFile,
    page: &pages::Page,
    given: &[&Entry],
    options: &mut Map<String, Json>,
) -> Result<(), Box<ConfigError>> {
    for option in given {
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
    Ok(())
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

/// The front-matter schema: the defaults of `rules/front-matter.md`, then each layer's
/// `fields` (a mapping changes a field key by key, `off` drops it, a new name adds one).
fn build_schema(layers: &[&Layer], origins: &mut Vec<Origin>) -> Result<Schema, Box<ConfigError>> {
    let defaults = pages::get("front-matter")
        .and_then(|page| page.fields.as_ref())
        .map(Node::to_json);
    let mut merged: Vec<(String, Json)> = match defaults {
        Some(Json::Object(map)) => map.into_iter().collect(),
        _ => Vec::new(),
    };
    // Where each field was last set, to point a bad spec at its source.
    let mut set_at: HashMap<String, (Arc<ConfigFile>, Span)> = HashMap::new();
    for layer in layers {
        let Some(entry) = &layer.fields else {
            continue;
        };
        let file = &layer.file;
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
            set_at.insert(field.key.clone(), (file.clone(), field.value.span));
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
                    )
                    .label("not a field definition"));
                }
            }
        }
    }
    let mut schema = Schema::default();
    for (name, spec) in merged {
        let from = set_at.get(&name);
        let fail = |message: String| match from {
            Some((file, span)) => ConfigError::at(file, *span, message),
            None => Box::new(ConfigError {
                message,
                path: "<built-in>".into(),
                source: None,
                span: None,
                label: None,
                help: None,
            }),
        };
        origins.push(Origin {
            key: format!("fields.{name}"),
            value: spec.to_string(),
            from: from.map_or("built-in".to_string(), |(file, span)| file.place(*span)),
        });
        let mut spec: FieldSpec = serde_json::from_value(spec).map_err(|error| {
            fail(format!("field `{name}`: {error}")).help(
                "a field takes `type`, `required`, `min_length`, `max_length`, `min_items`, \
                 `max_items`, `pattern`, `enum`, `items`, `format`, `not_future`, \
                 `not_before` and `aliases`",
            )
        })?;
        spec.prepare()
            .map_err(|problem| fail(format!("field `{name}`: {problem}")))?;
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
