//! A configuration file as a [`ConfigSet`]: the file with everything it `extends`, its
//! `files` include and exclude globs, and its `overrides`, which give each linted path its
//! own [`Config`] (built once per distinct set of matching overrides).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::{Config, ConfigError, ConfigFile, Layer, Selection};
use crate::diagnostic::Span;
use crate::yaml::{self, Node, Value};

/// The keys a configuration file may have.
const KEYS: [&str; 6] = ["extends", "files", "fields", "rules", "overrides", "custom"];

struct Override {
    dir: PathBuf,
    globs: GlobSet,
    layer: Layer,
}

/// A configuration file, resolved: ready to give the [`Config`] of any path.
pub struct ConfigSet {
    /// The file; `None` for the built-in defaults.
    pub path: Option<PathBuf>,
    layers: Vec<Layer>,
    overrides: Vec<Override>,
    include: Vec<(PathBuf, GlobSet)>,
    exclude: Vec<(PathBuf, GlobSet)>,
    selection: Selection,
    base: Arc<Config>,
    by_overrides: Mutex<HashMap<Vec<usize>, Arc<Config>>>,
}

/// What reading a file and its `extends` gathers, in merge order.
#[derive(Default)]
struct Parts {
    layers: Vec<Layer>,
    overrides: Vec<Override>,
    include: Vec<(PathBuf, GlobSet)>,
    exclude: Vec<(PathBuf, GlobSet)>,
}

impl ConfigSet {
    /// The built-in defaults.
    pub fn defaults(selection: Selection) -> ConfigSet {
        ConfigSet::assemble(None, Parts::default(), selection)
            .unwrap_or_else(|error| panic!("built-in defaults: {error}"))
    }

    /// Reads the configuration file at `path`, with what it extends.
    pub fn load(path: &Path, selection: Selection) -> Result<ConfigSet, Box<ConfigError>> {
        let mut parts = Parts::default();
        read_file(path, None, &mut Vec::new(), &mut parts)?;
        ConfigSet::assemble(Some(path.to_path_buf()), parts, selection)
    }

    /// Reads configuration text named `name` whose relative paths start at `dir`.
    pub fn from_text(
        name: &str,
        text: &str,
        dir: &Path,
        selection: Selection,
    ) -> Result<ConfigSet, Box<ConfigError>> {
        let file = Arc::new(ConfigFile {
            name: name.to_string(),
            text: text.to_string(),
            dir: dir.to_path_buf(),
        });
        let mut parts = Parts::default();
        read_text(file, &mut Vec::new(), &mut parts)?;
        ConfigSet::assemble(None, parts, selection)
    }

    fn assemble(
        path: Option<PathBuf>,
        parts: Parts,
        selection: Selection,
    ) -> Result<ConfigSet, Box<ConfigError>> {
        let layers: Vec<&Layer> = parts.layers.iter().collect();
        let mut base = Config::build(&layers, &selection)?;
        base.path.clone_from(&path);
        // Each override is checked now, so a mistake stops the run before any article.
        for entry in &parts.overrides {
            let mut with = layers.clone();
            with.push(&entry.layer);
            Config::build(&with, &selection)?;
        }
        Ok(ConfigSet {
            path,
            layers: parts.layers,
            overrides: parts.overrides,
            include: parts.include,
            exclude: parts.exclude,
            selection,
            base: Arc::new(base),
            by_overrides: Mutex::new(HashMap::new()),
        })
    }

    /// The ids of its custom rules (with or without overrides, the same).
    pub fn custom_ids(&self) -> Vec<String> {
        self.base
            .custom
            .iter()
            .map(|custom| custom.id.clone())
            .collect()
    }

    /// The configuration without any override.
    pub fn base_config(self) -> Config {
        let path = self.path.clone();
        match Arc::try_unwrap(self.base) {
            Ok(config) => config,
            Err(shared) => {
                let layers: Vec<&Layer> = self.layers.iter().collect();
                let mut config =
                    Config::build(&layers, &self.selection).unwrap_or_else(|_| Config::defaults());
                config.path = path.or_else(|| shared.path.clone());
                config
            }
        }
    }

    /// The configuration for `path`: the file's, with every matching override applied.
    pub fn for_path(&self, path: &Path) -> Result<Arc<Config>, Box<ConfigError>> {
        if self.overrides.is_empty() {
            return Ok(self.base.clone());
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let matching: Vec<usize> = self
            .overrides
            .iter()
            .enumerate()
            .filter(|(_, entry)| matches(&entry.dir, &entry.globs, &absolute))
            .map(|(index, _)| index)
            .collect();
        if matching.is_empty() {
            return Ok(self.base.clone());
        }
        let mut cache = match self.by_overrides.lock() {
            Ok(cache) => cache,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(config) = cache.get(&matching) {
            return Ok(config.clone());
        }
        let mut layers: Vec<&Layer> = self.layers.iter().collect();
        layers.extend(matching.iter().map(|&index| &self.overrides[index].layer));
        let mut config = Config::build(&layers, &self.selection)?;
        config.path.clone_from(&self.path);
        let config = Arc::new(config);
        cache.insert(matching, config.clone());
        Ok(config)
    }

    /// Whether `files` lets `path` be linted when a folder is walked: not excluded, and
    /// included when there are includes.
    pub fn admits(&self, path: &Path) -> bool {
        if self.exclude.is_empty() && self.include.is_empty() {
            return true;
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        if self
            .exclude
            .iter()
            .any(|(dir, globs)| matches(dir, globs, &absolute))
        {
            return false;
        }
        self.include.is_empty()
            || self
                .include
                .iter()
                .any(|(dir, globs)| matches(dir, globs, &absolute))
    }
}

/// Whether `path` (absolute) is matched by `globs`, relative to `dir` (absolute).
fn matches(dir: &Path, globs: &GlobSet, path: &Path) -> bool {
    path.strip_prefix(dir)
        .is_ok_and(|relative| globs.is_match(relative))
}

/// A path as messages show it: relative to the current folder when it is under it.
fn shown(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|here| path.strip_prefix(&here).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    relative.display().to_string().replace('\\', "/")
}

fn plain_error(name: &str, message: String) -> Box<ConfigError> {
    Box::new(ConfigError {
        message,
        path: name.to_string(),
        source: None,
        span: None,
        label: None,
        help: None,
    })
}

/// Reads a file; `from` is the `extends` entry that names it.
fn read_file(
    path: &Path,
    from: Option<(&Arc<ConfigFile>, Span)>,
    stack: &mut Vec<PathBuf>,
    parts: &mut Parts,
) -> Result<(), Box<ConfigError>> {
    let name = shown(path);
    let text = std::fs::read_to_string(path).map_err(|error| {
        let reason = match error.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::InvalidData => "it is not UTF-8".to_string(),
            _ => error.to_string(),
        };
        match from {
            Some((file, span)) => {
                ConfigError::at(file, span, format!("cannot read `{name}`: {reason}"))
                    .label("extended here")
                    .help("`extends` paths are relative to the file that names them")
            }
            None => plain_error(&name, format!("cannot read the configuration: {reason}")),
        }
    })?;
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if stack.contains(&canonical) {
        let chain: Vec<String> = stack
            .iter()
            .chain(std::iter::once(&canonical))
            .map(|step| {
                step.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().to_string())
            })
            .collect();
        let message = format!("`extends` makes a cycle: {}", chain.join(" → "));
        return Err(match from {
            Some((file, span)) => {
                ConfigError::at(file, span, message).label("extends a file that extends this one")
            }
            None => plain_error(&name, message),
        });
    }
    let dir = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    // Absolute once here, so that matching a path against its globs is a prefix test.
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let file = Arc::new(ConfigFile { name, text, dir });
    stack.push(canonical);
    let result = read_text(file, stack, parts);
    stack.pop();
    result
}

fn read_text(
    file: Arc<ConfigFile>,
    stack: &mut Vec<PathBuf>,
    parts: &mut Parts,
) -> Result<(), Box<ConfigError>> {
    let root = yaml::parse(&file.text).map_err(|error| {
        ConfigError::at(
            &file,
            error.span,
            format!("not valid YAML: {}", error.message),
        )
        .label("here")
    })?;
    let entries = match root.value {
        Value::Map(entries) => entries,
        other => {
            return Err(ConfigError::at(
                &file,
                root.span,
                format!(
                    "the configuration must be a mapping, found {}",
                    other.kind()
                ),
            ));
        }
    };
    let mut layer = Layer {
        file: file.clone(),
        rules: None,
        fields: None,
        custom: None,
    };
    let mut overrides = None;
    for entry in entries {
        match entry.key.as_str() {
            "extends" => {
                for (target, span) in strings(&file, &entry.value, "extends")? {
                    read_file(&file.dir.join(target), Some((&file, span)), stack, parts)?;
                }
            }
            "files" => read_files(&file, &entry.value, parts)?,
            "rules" => layer.rules = Some(entry),
            "fields" => layer.fields = Some(entry),
            "custom" => layer.custom = Some(entry),
            "overrides" => overrides = Some(entry),
            other => {
                return Err(ConfigError::at(
                    &file,
                    entry.key_span,
                    format!("unknown configuration key `{other}`"),
                )
                .label("not a configuration key")
                .suggest(other, KEYS));
            }
        }
    }
    parts.layers.push(layer);
    if let Some(entry) = overrides {
        read_overrides(&file, &entry.value, parts)?;
    }
    Ok(())
}

/// A string or a list of strings, with their spans.
fn strings(
    file: &Arc<ConfigFile>,
    node: &Node,
    key: &str,
) -> Result<Vec<(String, Span)>, Box<ConfigError>> {
    let items: Vec<&Node> = match &node.value {
        Value::String(_) => vec![node],
        Value::List(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        other => {
            return Err(ConfigError::at(
                file,
                node.span,
                format!(
                    "`{key}` takes a path or a list of them, found {}",
                    other.kind()
                ),
            ));
        }
    };
    items
        .into_iter()
        .map(|item| match &item.value {
            Value::String(text) => Ok((text.clone(), item.span)),
            other => Err(ConfigError::at(
                file,
                item.span,
                format!("`{key}` takes text here, found {}", other.kind()),
            )),
        })
        .collect()
}

fn globs(file: &Arc<ConfigFile>, node: &Node, key: &str) -> Result<GlobSet, Box<ConfigError>> {
    let mut builder = GlobSetBuilder::new();
    for (pattern, span) in strings(file, node, key)? {
        let glob = GlobBuilder::new(&pattern)
            .literal_separator(true)
            .build()
            .map_err(|error| {
                ConfigError::at(
                    file,
                    span,
                    format!("bad glob `{pattern}`: {}", error.kind()),
                )
                .label("not a glob")
            })?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|error| ConfigError::at(file, node.span, format!("bad globs: {error}")))
}

fn read_files(
    file: &Arc<ConfigFile>,
    node: &Node,
    parts: &mut Parts,
) -> Result<(), Box<ConfigError>> {
    let Value::Map(entries) = &node.value else {
        return Err(ConfigError::at(
            file,
            node.span,
            "`files` takes a mapping: `{include: [globs], exclude: [globs]}`",
        ));
    };
    for entry in entries {
        let set = globs(file, &entry.value, &format!("files.{}", entry.key))?;
        match entry.key.as_str() {
            "include" => parts.include.push((file.dir.clone(), set)),
            "exclude" => parts.exclude.push((file.dir.clone(), set)),
            other => {
                return Err(ConfigError::at(
                    file,
                    entry.key_span,
                    format!("unknown key `files.{other}`"),
                )
                .label("not a key of `files`")
                .suggest(other, ["include", "exclude"]));
            }
        }
    }
    Ok(())
}

fn read_overrides(
    file: &Arc<ConfigFile>,
    node: &Node,
    parts: &mut Parts,
) -> Result<(), Box<ConfigError>> {
    let Value::List(items) = &node.value else {
        return Err(ConfigError::at(
            file,
            node.span,
            "`overrides` takes a list of `{files: [globs], rules: {...}, fields: {...}}`",
        ));
    };
    for item in items {
        let Value::Map(entries) = &item.value else {
            return Err(ConfigError::at(
                file,
                item.span,
                "each override is a mapping: `{files: [globs], rules: {...}, fields: {...}}`",
            ));
        };
        let mut layer = Layer {
            file: file.clone(),
            rules: None,
            fields: None,
            custom: None,
        };
        let mut set: Option<GlobSet> = None;
        for entry in entries {
            match entry.key.as_str() {
                "files" => set = Some(globs(file, &entry.value, "overrides.files")?),
                "rules" => layer.rules = Some(entry.clone()),
                "fields" => layer.fields = Some(entry.clone()),
                other => {
                    return Err(ConfigError::at(
                        file,
                        entry.key_span,
                        format!("unknown key `{other}` in an override"),
                    )
                    .label("not a key of an override")
                    .suggest(other, ["files", "rules", "fields"]));
                }
            }
        }
        let Some(globs) = set else {
            return Err(ConfigError::at(
                file,
                item.span,
                "an override needs `files`: the globs it applies to",
            )
            .label("no `files` here"));
        };
        parts.overrides.push(Override {
            dir: file.dir.clone(),
            globs,
            layer,
        });
    }
    Ok(())
}
