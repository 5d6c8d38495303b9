//! Custom rules from configuration: a pattern that must not appear (`forbid`) or must appear
//! (`require`) in the body, the headings, or a front-matter field. Checked here, built into
//! [`crate::rules::custom::Custom`].

use std::sync::Arc;

use super::{ConfigError, ConfigFile, Layer, did_you_mean};
use crate::diagnostic::Severity;
use crate::rules::custom::{Custom, Scope};
use crate::rules::{self, Rule};
use crate::yaml::{Entry, Node, Value};

const KEYS: [&str; 7] = [
    "id", "message", "severity", "forbid", "require", "scope", "help",
];

/// A custom rule as configured.
pub struct CustomSpec {
    pub id: String,
    pub message: String,
    pub help: Option<String>,
    pub severity: Option<Severity>,
    /// `path:line` of its definition.
    pub from: String,
}

fn text<'a>(file: &Arc<ConfigFile>, entry: &'a Entry) -> Result<&'a str, Box<ConfigError>> {
    entry.value.value.as_str().ok_or_else(|| {
        ConfigError::at(
            file,
            entry.value.span,
            format!(
                "`{}` takes text, found {}",
                entry.key,
                entry.value.value.kind()
            ),
        )
    })
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn one(
    file: &Arc<ConfigFile>,
    node: &Node,
) -> Result<(CustomSpec, Box<dyn Rule>), Box<ConfigError>> {
    let Value::Map(entries) = &node.value else {
        return Err(ConfigError::at(
            file,
            node.span,
            "a custom rule is a mapping: `{id, message, forbid or require, scope, severity, help}`",
        ));
    };
    let get = |key: &str| entries.iter().find(|entry| entry.key == key);
    for entry in entries {
        if !KEYS.contains(&entry.key.as_str()) {
            return Err(ConfigError::at(
                file,
                entry.key_span,
                format!("unknown key `{}` in a custom rule", entry.key),
            )
            .label("not a key of a custom rule")
            .suggest(&entry.key, KEYS));
        }
    }
    let id_entry = get("id").ok_or_else(|| {
        ConfigError::at(file, node.span, "a custom rule needs an `id`").label("no `id` here")
    })?;
    let id = text(file, id_entry)?.to_string();
    if !is_kebab(&id) {
        return Err(ConfigError::at(
            file,
            id_entry.value.span,
            format!("custom rule id `{id}` is not kebab-case"),
        )
        .label("use lowercase words joined by hyphens"));
    }
    if rules::TABLE.iter().any(|rule| rule.id == id) || id == "io" {
        return Err(ConfigError::at(
            file,
            id_entry.value.span,
            format!("`{id}` is a built-in rule"),
        )
        .label("choose another id")
        .help("configure a built-in rule under `rules:`; custom rules need their own ids"));
    }
    let message = match get("message") {
        Some(entry) => text(file, entry)?.to_string(),
        None => {
            return Err(ConfigError::at(
                file,
                node.span,
                format!("custom rule `{id}` needs a `message`"),
            )
            .label("no `message` here"));
        }
    };
    let help = get("help")
        .map(|entry| text(file, entry))
        .transpose()?
        .map(str::to_string);
    let severity = match get("severity") {
        None => Some(Severity::Error),
        Some(entry) => match text(file, entry)? {
            "off" => None,
            value => Some(Severity::parse(value).ok_or_else(|| {
                ConfigError::at(
                    file,
                    entry.value.span,
                    "a severity must be `error`, `warning`, `info` or `off`",
                )
                .label("not a severity")
                .suggest(value, ["error", "warning", "info", "off"])
            })?),
        },
    };
    let (pattern_entry, require) = match (get("forbid"), get("require")) {
        (Some(entry), None) => (entry, false),
        (None, Some(entry)) => (entry, true),
        (Some(_), Some(second)) => {
            return Err(ConfigError::at(
                file,
                second.key_span,
                "a custom rule has `forbid` or `require`, not both",
            )
            .label("the second one"));
        }
        (None, None) => {
            return Err(ConfigError::at(
                file,
                node.span,
                format!("custom rule `{id}` needs `forbid: PATTERN` or `require: PATTERN`"),
            ));
        }
    };
    let pattern = text(file, pattern_entry)?;
    let regex = regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build()
        .map_err(|error| {
            let detail = rules::regex_problem(&error);
            ConfigError::at(file, pattern_entry.value.span, format!("bad pattern for `{id}`: {detail}"))
                .label("not a valid regex")
                .help("patterns are Rust regex syntax (https://docs.rs/regex); escape `\\` in double quotes")
        })?;
    let scope = match get("scope") {
        None => Scope::Body,
        Some(entry) => {
            let value = text(file, entry)?;
            match value {
                "body" => Scope::Body,
                "headings" => Scope::Headings,
                _ => match value.strip_prefix("front-matter.") {
                    Some(field) if !field.is_empty() => Scope::Field(field.to_string()),
                    _ => {
                        let best = did_you_mean(value, ["body", "headings", "front-matter.title"]);
                        let error = ConfigError::at(
                            file,
                            entry.value.span,
                            format!("unknown scope `{value}`"),
                        )
                        .label("not a scope")
                        .help(match best {
                            Some(best) => format!(
                                "did you mean `{best}`? a scope is `body`, `headings` or `front-matter.FIELD`"
                            ),
                            None => "a scope is `body`, `headings` or `front-matter.FIELD`".to_string(),
                        });
                        return Err(error);
                    }
                },
            }
        }
    };
    let rule = Custom::new(
        id.clone(),
        message.clone(),
        help.clone(),
        regex,
        require,
        scope,
    );
    Ok((
        CustomSpec {
            id,
            message,
            help,
            severity,
            from: file.place(node.span),
        },
        Box::new(rule),
    ))
}

/// A custom rule as configured, and built.
type Built = (CustomSpec, Box<dyn Rule>);

/// Every custom rule of the layers; a later definition of an id replaces an earlier one.
pub fn build_all(layers: &[&Layer]) -> Result<Vec<Built>, Box<ConfigError>> {
    let mut all: Vec<Built> = Vec::new();
    for layer in layers {
        let Some(entry) = &layer.custom else {
            continue;
        };
        let items = match &entry.value.value {
            Value::List(items) => items.as_slice(),
            Value::Null => &[],
            other => {
                return Err(ConfigError::at(
                    &layer.file,
                    entry.value.span,
                    format!("`custom` takes a list of rules, found {}", other.kind()),
                ));
            }
        };
        for item in items {
            let (spec, rule) = one(&layer.file, item)?;
            all.retain(|(existing, _)| existing.id != spec.id);
            all.push((spec, rule));
        }
    }
    Ok(all)
}
