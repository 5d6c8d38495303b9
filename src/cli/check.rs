//! `healthlint check`: find the files, pick each one's configuration, lint in parallel,
//! render in a deterministic order, and choose the exit code.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jiff::civil::Date;

use super::{EXIT_CLEAN, EXIT_FAILED, EXIT_FOUND, emit, ordered};
use crate::config::{self, Config, ConfigSet, Selection, did_you_mean};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::fix;
use crate::output::sarif::{self, RuleInfo};
use crate::output::stream::{Reporter, SarifRun};
use crate::output::{FileResult, Format, human};
use crate::rules;
use crate::walk::{self, ReadProblem};

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files and folders to lint; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,

    /// How to print the results.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Use this configuration file instead of searching for one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Run only these rules (comma-separated ids).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    select: Vec<String>,

    /// Do not run these rules (comma-separated ids).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    ignore: Vec<String>,

    /// The lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,

    /// With `-`: the name to lint standard input as (its configuration, its name in output).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,

    /// Today's date for date rules, as YYYY-MM-DD (default: the system date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,

    /// When to use colour (`NO_COLOR` turns it off for `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// How many files to lint at once (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,

    /// Apply every safe fix, write the files atomically, and report what is left.
    #[arg(long)]
    fix: bool,

    /// Print a unified diff of what `--fix` would change, and write nothing (exit 1 when
    /// there is a change).
    #[arg(long, conflicts_with = "fix")]
    diff: bool,

    /// Exclude files named on the command line too, when ignore files exclude them
    /// (for pre-commit, which passes every changed file).
    #[arg(long)]
    force_exclude: bool,

    /// Print only the diagnostics, without the summary line.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A failure of the run itself, printed to standard error (exit 2).
fn fail(message: impl std::fmt::Display) -> i32 {
    eprintln!("error: {message}");
    EXIT_FAILED
}

pub fn run(args: CheckArgs) -> i32 {
    let today = match &args.today {
        Some(text) => match crate::dates::parse_iso(text) {
            Ok(day) if text.len() == 10 => day,
            _ => return fail(format!("--today `{text}` is not a date (YYYY-MM-DD)")),
        },
        None => crate::dates::today(),
    };
    let threads = args.jobs.unwrap_or(0);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let style = human::Style { color, width: 100 };
    let mut configs = Configs::new(Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    });
    if let Some(path) = &args.config
        && let Err(code) = configs.load(path)
    {
        return code;
    }

    let stdin = args.paths.iter().any(|path| path.as_os_str() == "-");
    let file_paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|path| path.as_os_str() != "-")
        .cloned()
        .collect();
    let (targets, problems) = walk::discover(&file_paths, threads, args.force_exclude);

    // Every configuration is read before any article is linted, so a bad one stops the run.
    let mut jobs: Vec<(walk::Target, Arc<Config>)> = Vec::with_capacity(targets.len());
    for target in targets {
        let set = match configs.set_for_folder(&target.folder) {
            Ok(set) => set,
            Err(code) => return code,
        };
        // `files` globs decide for walked files, and for named ones with --force-exclude.
        if (!target.explicit || args.force_exclude) && !set.admits(&target.path) {
            continue;
        }
        match configs.in_set(&set, &target.path) {
            Ok(config) => jobs.push((target, config)),
            Err(code) => return code,
        }
    }

    // One file named twice (`a.md ./a.md`, or a link and its target) is fixed once: two
    // jobs writing it would race, and the second would find it changed on disk.
    if args.fix || args.diff {
        let mut seen = std::collections::HashSet::new();
        jobs.retain(|(target, _)| {
            seen.insert(std::fs::canonicalize(&target.path).unwrap_or_else(|_| target.path.clone()))
        });
    }

    // Rule ids in --select and --ignore: built-in, or custom in a configuration in use.
    let known: Vec<String> = rules::TABLE
        .iter()
        .map(|rule| rule.id.to_string())
        .chain(configs.custom_ids())
        .collect();
    for id in args.select.iter().chain(&args.ignore) {
        if !known.contains(id) {
            let hint = did_you_mean(id, &known)
                .map(|best| format!("; did you mean `{best}`?"))
                .unwrap_or_default();
            return fail(format!("no rule `{id}`{hint}"));
        }
    }

    // Files that could not be linted at all (and standard input) join the stream in path order.
    let mut extras: Vec<FileResult> = problems
        .into_iter()
        .map(|problem| io_result(problem.display, problem.message, None))
        .collect();
    let mut failed = !extras.is_empty();
    let mut diffs: Vec<(String, String)> = Vec::new();

    let settings = Settings {
        today,
        format: args.format,
        style,
        mode: if args.fix {
            Mode::Fix
        } else if args.diff {
            Mode::Diff
        } else {
            Mode::Check
        },
    };
    let mut fixed_stdin: Option<String> = None;
    if stdin {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        let config = match configs.for_file(&name) {
            Ok(config) => config,
            Err(code) => return code,
        };
        let mut bytes = Vec::new();
        let shown = walk::display(&name);
        let outcome = match std::io::stdin().read_to_end(&mut bytes) {
            Err(error) => Outcome::failed(io_result(
                shown,
                format!("cannot read standard input: {error}"),
                None,
            )),
            Ok(_) => match String::from_utf8(bytes) {
                Ok(text) => process(shown, None, &text, &config, &settings),
                Err(error) => {
                    let offset = error.utf8_error().valid_up_to();
                    let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
                    Outcome::failed(not_utf8(shown, offset, &lossy, &settings))
                }
            },
        };
        failed |= outcome.failed;
        fixed_stdin = outcome.fixed_text;
        diffs.extend(outcome.diff);
        extras.push(outcome.result);
    }
    // Stable, so that equal paths keep their order as before.
    extras.sort_by(|a, b| a.path.cmp(&b.path));
    let mut extras = extras.into_iter().peekable();

    let sarif_run = (args.format == Format::Sarif).then(|| SarifRun {
        rules: configs.rules_that_ran(),
        base: std::env::current_dir()
            .map(|dir| sarif::base_uri(&dir))
            .unwrap_or_else(|_| "file:///".to_string()),
    });
    // Fixing standard input: the fixed text is the output; the report goes to stderr.
    let sink: Box<dyn Write + Send> = if stdin && settings.mode == Mode::Fix {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::stdout())
    };
    let mut reporter = Reporter::new(args.format, args.quiet, sink, sarif_run);
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let mut found = false;
    let mut take = |result: FileResult, reporter: &mut Reporter| {
        found |= result.tally().any_at_least(threshold);
        if settings.mode != Mode::Diff {
            reporter.file(&result);
        } else {
            reporter.count(&result);
        }
    };

    // Linted in parallel in path order, each file's result written as soon as those before
    // it are, then dropped: memory holds a few hundred files' results at most (see [`WINDOW`]),
    // not the whole tree's.
    let progress = progress_bar(jobs.len(), args.quiet);
    let lint_one = |(target, config): &(walk::Target, Arc<Config>)| -> Outcome {
        progress.inc(1);
        walk::with_text(&target.path, |text| match text {
            Ok(text) => process(
                target.display.clone(),
                Some(&target.path),
                text,
                config,
                &settings,
            ),
            Err(ReadProblem::Io(message)) => Outcome::failed(io_result(
                target.display.clone(),
                format!("cannot read the file: {message}"),
                None,
            )),
            Err(ReadProblem::NotUtf8 { offset, lossy }) => {
                Outcome::failed(not_utf8(target.display.clone(), offset, &lossy, &settings))
            }
        })
    };
    let visible = !progress.is_hidden();
    let mut write_results = |outcomes: Vec<Outcome>| {
        // The bar steps aside while the results are written; without a bar, the
        // report's buffer is written out when full (results come a file or two at a time).
        progress.suspend(|| {
            for outcome in outcomes {
                failed |= outcome.failed;
                diffs.extend(outcome.diff);
                while let Some(extra) = extras.next_if(|extra| extra.path < outcome.result.path) {
                    take(extra, &mut reporter);
                }
                take(outcome.result, &mut reporter);
            }
            if visible {
                reporter.flush();
            }
        });
    };
    // The patterns every article needs start compiling on another worker, each
    // configuration's once, while the first files are read and parsed: with one article
    // to check, compiling them is most of the run.
    let pool = if jobs.is_empty() || (jobs.len() == 1 && threads == 1) {
        None
    } else {
        match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) => Some(pool),
            Err(error) => return fail(format!("cannot start the worker threads: {error}")),
        }
    };
    // With one thread there is nobody to compile alongside: the patterns wait for their use.
    if let Some(pool) = pool.as_ref().filter(|_| threads != 1) {
        // Warming is only a head start: were it to panic, the rule that needs the pattern
        // compiles it and reports (and the gate is left to each rule), rather than rayon
        // aborting the process.
        let warm = |config: &Arc<Config>, gate: bool| {
            let config = Arc::clone(config);
            pool.spawn(move || {
                let quietly = |warm: &dyn Fn()| {
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(warm));
                };
                if gate {
                    quietly(&|| config.warm_gate());
                }
                quietly(&|| config.warm());
            });
        };
        // A configuration is warmed, with its gate, as soon as it has MANY_FILES files to
        // check, and the others, without, once all are counted.
        let mut counts: HashMap<*const Config, usize> = HashMap::new();
        let mut met: Vec<&Arc<Config>> = Vec::new();
        for (_, config) in &jobs {
            let count = counts.entry(Arc::as_ptr(config)).or_insert_with(|| {
                met.push(config);
                0
            });
            *count += 1;
            if *count == MANY_FILES {
                warm(config, true);
            }
        }
        for config in met {
            if counts[&Arc::as_ptr(config)] < MANY_FILES {
                warm(config, false);
            }
        }
    }
    match (&pool, jobs.as_slice()) {
        // One article is linted on this thread, while a worker compiles.
        (_, [job]) => write_results(vec![lint_one(job)]),
        (Some(pool), _) => {
            // Results are written as they come; with a progress bar on the terminal, a
            // window's worth at a time, since the bar steps aside and is drawn again for
            // each write.
            let mut held: Vec<Outcome> = Vec::new();
            let mut hand_on = |outcomes: Vec<Outcome>| {
                held.extend(outcomes);
                if !visible || held.len() >= WINDOW {
                    write_results(std::mem::take(&mut held));
                }
            };
            ordered::in_order(
                pool,
                jobs.len(),
                WINDOW,
                |index| lint_one(&jobs[index]),
                &mut hand_on,
            );
            write_results(held);
        }
        (None, _) => {}
    }
    progress.finish_and_clear();
    // The list of files and the configurations (with their compiled patterns and caches)
    // are freed on a worker while this thread writes the end of the report: freed here,
    // after the last result, they took 8 ms of a tree of 38,000 files.
    let done_with = (jobs, configs);
    match &pool {
        Some(pool) => pool.spawn(move || drop(done_with)),
        None => drop(done_with),
    }
    for extra in extras {
        take(extra, &mut reporter);
    }
    let summary = *reporter.summary();

    if settings.mode == Mode::Diff {
        diffs.sort();
        emit(
            &diffs
                .iter()
                .map(|(_, diff)| diff.as_str())
                .collect::<String>(),
        );
        if !args.quiet {
            eprintln!(
                "{} would be fixed in {}",
                plural(summary.fixed, "problem"),
                plural(diffs.len(), "file")
            );
        }
        return if failed {
            EXIT_FAILED
        } else if diffs.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_FOUND
        };
    }

    if let Err(error) = reporter.finish(!failed) {
        eprintln!("error: cannot write the report: {error}");
        return EXIT_FAILED;
    }
    if let Some(text) = fixed_stdin {
        emit(&text);
    }

    if failed {
        return EXIT_FAILED;
    }
    if found { EXIT_FOUND } else { EXIT_CLEAN }
}

/// How many files may be linted past the last one written (see [`ordered::in_order`]): at
/// most this many results wait, besides the run being written (and, with a progress bar,
/// the results held to be written together).
const WINDOW: usize = 256;

/// From how many files to check a configuration has the shared scan of the pattern rules
/// compiled at the start of the run, on the worker that warms its patterns (see
/// [`Config::warm_gate`]; not with `--jobs 1`, where nothing is warmed), rather than once it
/// has read 1 MB of prose: tldr's first 25,000 blocks were scanned rule by rule before.
const MANY_FILES: usize = 200;

/// From how many files a run is long enough for a progress bar.
const PROGRESS_FROM: usize = 500;

/// A progress bar on standard error for long runs: only when standard error is a terminal,
/// never with `--quiet`.
fn progress_bar(files: usize, quiet: bool) -> ProgressBar {
    if quiet || files < PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("linting {pos}/{len} files {wide_bar} {eta}") {
        bar.set_style(style);
    }
    bar
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Check,
    Fix,
    Diff,
}

/// What every file is linted with.
struct Settings {
    today: Date,
    format: Format,
    style: human::Style,
    mode: Mode,
}

/// What became of one file.
struct Outcome {
    result: FileResult,
    /// The run failed for this file (it could not be read or written).
    failed: bool,
    /// `--diff`: the file's path and its diff, when there is a change.
    diff: Option<(String, String)>,
    /// `--fix` of standard input: the fixed text.
    fixed_text: Option<String>,
}

impl Outcome {
    fn of(result: FileResult) -> Outcome {
        Outcome {
            result,
            failed: false,
            diff: None,
            fixed_text: None,
        }
    }

    fn failed(result: FileResult) -> Outcome {
        Outcome {
            failed: true,
            ..Outcome::of(result)
        }
    }
}

/// Lints one text, fixing it (written to `path`, or returned for standard input) or
/// diffing it as the mode asks.
fn process(
    display: String,
    path: Option<&Path>,
    text: &str,
    config: &Config,
    settings: &Settings,
) -> Outcome {
    if settings.mode == Mode::Check {
        return Outcome::of(report(
            display,
            text,
            crate::lint(text, config, settings.today),
            settings,
        ));
    }
    let fixed = crate::fix(text, config, settings.today);
    if settings.mode == Mode::Diff {
        let mut result = FileResult::new(display.clone(), text, Vec::new());
        result.fixed = fixed.fixed;
        let mut outcome = Outcome::of(result);
        if fixed.text != text {
            outcome.diff = Some((
                display.clone(),
                fix::unified_diff(&display, text, &fixed.text),
            ));
        }
        return outcome;
    }
    let Some(path) = path else {
        let mut result = report(display, &fixed.text, fixed.diagnostics, settings);
        result.fixed = fixed.fixed;
        let mut outcome = Outcome::of(result);
        outcome.fixed_text = Some(fixed.text);
        return outcome;
    };
    match fix::write(path, text, &fixed.text) {
        Ok(()) => {
            let mut result = report(display, &fixed.text, fixed.diagnostics, settings);
            result.fixed = fixed.fixed;
            Outcome::of(result)
        }
        Err(error) => {
            let mut diagnostics = crate::lint(text, config, settings.today);
            diagnostics.insert(0, Diagnostic::new("io", Span::point(0), error.to_string()));
            Outcome::failed(report(display, text, diagnostics, settings))
        }
    }
}

/// The result of one file, with its code frames drawn while the text is at hand.
fn report(
    path: String,
    text: &str,
    diagnostics: Vec<Diagnostic>,
    settings: &Settings,
) -> FileResult {
    let frames = (settings.format == Format::Human)
        .then(|| human::frames(&path, text, &diagnostics, settings.style));
    let flagged = settings.format == Format::Sarif;
    let mut result = FileResult::positioned(path, text, diagnostics, flagged);
    let mut result = match frames {
        Some(frames) => result.with_frames(frames),
        None => {
            crate::output::stream::prerender(settings.format, &mut result);
            result
        }
    };
    result.shed(settings.format);
    result
}

/// A file that could not be linted: one `io` diagnostic.
fn io_result(path: String, message: String, text: Option<(&str, Span)>) -> FileResult {
    let (text, span) = text.unwrap_or(("", Span::point(0)));
    let diagnostic = Diagnostic::new("io", span, message);
    let frames = format!("error[io]: {}: {}\n\n", path, diagnostic.message);
    FileResult::new(path, text, vec![diagnostic]).with_frames(frames)
}

fn not_utf8(path: String, offset: usize, lossy: &str, settings: &Settings) -> FileResult {
    let message = format!("the file is not valid UTF-8 (invalid byte at offset {offset})");
    // Offsets into the lossy text match the file up to the first bad byte.
    let diagnostic = Diagnostic::new("io", Span::point(offset.min(lossy.len())), message)
        .with_label("invalid byte here")
        .with_help("save the file as UTF-8");
    report(path, lossy, vec![diagnostic], settings)
}

/// Configurations by folder: found upward from each file, read once each.
pub(super) struct Configs {
    forced: Option<Arc<ConfigSet>>,
    by_file: HashMap<PathBuf, Arc<ConfigSet>>,
    by_folder: HashMap<PathBuf, Arc<ConfigSet>>,
    /// The nearest configuration file of each absolute folder looked in (see
    /// [`Configs::nearest`]).
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    /// The folder last asked for, and its set.
    last: Option<(Arc<Path>, Arc<ConfigSet>)>,
    defaults: Option<Arc<ConfigSet>>,
    selection: Selection,
    /// Every configuration given to a file, for the rule list of SARIF.
    used: Vec<Arc<Config>>,
}

impl Configs {
    pub(super) fn new(selection: Selection) -> Configs {
        Configs {
            forced: None,
            by_file: HashMap::new(),
            by_folder: HashMap::new(),
            nearest: HashMap::new(),
            last: None,
            defaults: None,
            selection,
            used: Vec::new(),
        }
    }

    /// Reads `--config FILE`.
    pub(super) fn load(&mut self, path: &Path) -> Result<(), i32> {
        let set = ConfigSet::load(path, self.selection.clone())
            .map_err(|error| report_config_error(*error))?;
        self.forced = Some(Arc::new(set));
        Ok(())
    }

    /// The nearest configuration file in `folder` (absolute) or a folder above it. Each
    /// folder's answer is remembered, so a tree's folders look only in themselves and ask
    /// their parent, instead of every one searching up to the root (PowerShell-Docs: 1,773
    /// looks for a file that is not there, now 276).
    fn nearest(&mut self, folder: &Path) -> Option<PathBuf> {
        if let Some(found) = self.nearest.get(folder) {
            return found.clone();
        }
        let found = config::in_folder(folder)
            .or_else(|| folder.parent().and_then(|parent| self.nearest(parent)));
        self.nearest.insert(folder.to_path_buf(), found.clone());
        found
    }

    /// The configuration set that governs files in `folder`.
    fn set_for_folder(&mut self, folder: &Arc<Path>) -> Result<Arc<ConfigSet>, i32> {
        if let Some(forced) = &self.forced {
            return Ok(forced.clone());
        }
        // Files come folder by folder: the last folder's answer first, without hashing. The
        // walk mostly gives the files of a folder one `Arc` for it, so a path's bytes are read
        // only when the pointer differs (reading each file's path here, from memory the
        // walking threads wrote, was most of the time of finding the configurations of
        // 38,000 files).
        if let Some((last, set)) = &self.last
            && (Arc::ptr_eq(last, folder) || last.as_os_str() == folder.as_os_str())
        {
            return Ok(set.clone());
        }
        if let Some(set) = self.by_folder.get(&**folder) {
            self.last = Some((folder.clone(), set.clone()));
            return Ok(set.clone());
        }
        let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
        let set = match self.nearest(&absolute) {
            Some(file) => match self.by_file.get(&file) {
                Some(set) => set.clone(),
                None => {
                    let loaded = Arc::new(
                        ConfigSet::load(&file, self.selection.clone())
                            .map_err(|error| report_config_error(*error))?,
                    );
                    self.by_file.insert(file, loaded.clone());
                    loaded
                }
            },
            None => self
                .defaults
                .get_or_insert_with(|| Arc::new(ConfigSet::defaults(self.selection.clone())))
                .clone(),
        };
        self.by_folder.insert(folder.to_path_buf(), set.clone());
        self.last = Some((folder.clone(), set.clone()));
        Ok(set)
    }

    /// The configuration of a folder itself (its set, with the overrides matching it).
    pub(super) fn for_folder(&mut self, folder: &Path) -> Result<Arc<Config>, i32> {
        self.set_for_folder(&Arc::from(folder))?
            .for_path(folder)
            .map_err(|error| report_config_error(*error))
    }

    /// The configuration of one file, with its overrides.
    pub(super) fn for_file(&mut self, path: &Path) -> Result<Arc<Config>, i32> {
        let set = self.set_for_folder(&Arc::from(walk::folder_of(path)))?;
        self.in_set(&set, path)
    }

    /// The configuration of `path` in `set`, its folder's (with the overrides matching it).
    fn in_set(&mut self, set: &ConfigSet, path: &Path) -> Result<Arc<Config>, i32> {
        let config = set
            .for_path(path)
            .map_err(|error| report_config_error(*error))?;
        if !self.used.iter().any(|used| Arc::ptr_eq(used, &config)) {
            self.used.push(config.clone());
        }
        Ok(config)
    }

    /// The ids of the custom rules of every configuration read.
    fn custom_ids(&self) -> Vec<String> {
        self.forced
            .iter()
            .chain(self.by_file.values())
            .flat_map(|set| set.custom_ids())
            .collect()
    }

    /// Every rule active in a configuration that was used: the built-in ones in the order of
    /// the rule table, then the custom ones.
    fn rules_that_ran(&self) -> Vec<RuleInfo> {
        let mut infos: Vec<RuleInfo> = crate::config::pages::all()
            .iter()
            .filter(|page| self.used.iter().any(|config| config.runs(page.id)))
            .map(|page| RuleInfo {
                id: page.id.to_string(),
                summary: page.summary.clone(),
                page: page.body.to_string(),
                default: page.severity,
            })
            .collect();
        for config in &self.used {
            for custom in &config.custom {
                if config.runs(&custom.id) && infos.iter().all(|info| info.id != custom.id) {
                    let mut page = format!("# {}\n\n{}\n", custom.id, custom.message);
                    if let Some(help) = &custom.help {
                        page.push_str(&format!("\n{help}\n"));
                    }
                    infos.push(RuleInfo {
                        id: custom.id.clone(),
                        summary: custom.message.clone(),
                        page,
                        default: custom.severity,
                    });
                }
            }
        }
        infos
    }
}

/// Prints a configuration error with its code frame; the run stops with exit 2.
fn report_config_error(error: config::ConfigError) -> i32 {
    eprint!("{}", render_config_error(error));
    EXIT_FAILED
}

/// A configuration error with its code frame, coloured on a terminal.
pub(super) fn render_config_error(error: config::ConfigError) -> String {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    let report = error.report();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{report}\n");
    }
    out
}
