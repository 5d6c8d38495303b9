//! The command line: clap arguments and the subcommands. The only place that knows flags.

mod check;
mod ordered;

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::config::{self, Config, Selection, did_you_mean, pages};

/// Exit codes scripts can trust.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FOUND: i32 = 1;
pub const EXIT_FAILED: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "healthlint",
    version,
    about = "Lint health articles (Markdown with YAML front matter) against a publisher's compliance rules",
    after_help = "`healthlint PATH ...` is short for `healthlint check PATH ...`.\nExit codes: 0 nothing at or above --fail-on, 1 something found, 2 the run failed."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Lint files and folders (default: the current folder); `-` reads standard input.
    Check(check::CheckArgs),
    /// List the rules: id, default severity and summary (with the custom rules of the
    /// configuration found from the current folder).
    Rules {
        /// Use this configuration instead of searching for one.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Print a rule's page: what it checks, why, an example, its options.
    Explain {
        /// The rule id, e.g. `reading-time`.
        rule: String,
    },
    /// Write a commented starter `healthlint.yaml` listing every rule and its defaults.
    Init {
        /// Overwrite an existing `healthlint.yaml`.
        #[arg(long)]
        force: bool,
    },
    /// Print the effective configuration for a file, and where each value came from.
    Config {
        /// The article (or folder) whose configuration to show.
        #[arg(value_name = "PATH", default_value = ".")]
        path: PathBuf,
        /// Use this configuration instead of searching for one.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

const SUBCOMMANDS: [&str; 6] = ["check", "rules", "explain", "init", "config", "help"];

/// `healthlint PATH` means `healthlint check PATH`.
fn with_default_command(mut args: Vec<OsString>) -> Vec<OsString> {
    let first = args.get(1).and_then(|arg| arg.to_str()).map(str::to_string);
    let explicit = match first.as_deref() {
        None => false,
        Some(arg) => {
            SUBCOMMANDS.contains(&arg) || matches!(arg, "-h" | "--help" | "-V" | "--version")
        }
    };
    if !explicit {
        args.insert(1.min(args.len()), OsString::from("check"));
    }
    args
}

/// Runs the command line and returns the exit code.
pub fn run() -> i32 {
    let args = with_default_command(std::env::args_os().collect());
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                EXIT_FAILED
            } else {
                EXIT_CLEAN
            };
            let _ = error.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules { config } => rules(config.as_deref()),
        Command::Explain { rule } => explain(&rule),
        Command::Init { force } => init(force),
        Command::Config { path, config } => show_config(&path, config.as_deref()),
    }
}

/// Writes to standard output; a closed pipe (`| head`) ends the run quietly.
pub(crate) fn emit(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// The configuration for `path` (a file, or a folder's files), found as `check` finds it:
/// `--config FILE`, or the nearest one upward, or the defaults.
fn config_for(path: &Path, forced: Option<&Path>) -> Result<Arc<Config>, i32> {
    let mut configs = check::Configs::new(Selection::default());
    if let Some(file) = forced {
        configs.load(file)?;
    }
    if path.is_dir() {
        configs.for_folder(path)
    } else {
        configs.for_file(path)
    }
}

fn rules(forced: Option<&Path>) -> i32 {
    let config = match config_for(Path::new("."), forced) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let mut lines: Vec<(String, &str, String)> = pages::all()
        .iter()
        .map(|page| {
            let severity = page.severity.map_or("off", |severity| severity.as_str());
            (page.id.to_string(), severity, page.summary.clone())
        })
        .collect();
    for custom in &config.custom {
        let severity = custom.severity.map_or("off", |severity| severity.as_str());
        lines.push((
            custom.id.clone(),
            severity,
            format!("{} (custom)", custom.message),
        ));
    }
    let width = lines.iter().map(|(id, _, _)| id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (id, severity, summary) in &lines {
        out.push_str(&format!("{id:width$}  {severity:7}  {summary}\n"));
    }
    emit(&out);
    EXIT_CLEAN
}

fn init(force: bool) -> i32 {
    let path = Path::new(config::FILE_NAMES[0]);
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    match options.open(path) {
        Ok(mut file) => match file.write_all(config::init::starter().as_bytes()) {
            Ok(()) => {
                eprintln!(
                    "wrote {}: every rule with its defaults; edit what your house needs",
                    path.display()
                );
                EXIT_CLEAN
            }
            Err(error) => {
                eprintln!("error: cannot write {}: {error}", path.display());
                EXIT_FAILED
            }
        },
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "error: {} already exists; use `healthlint init --force` to overwrite it",
                path.display()
            );
            EXIT_FAILED
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", path.display());
            EXIT_FAILED
        }
    }
}

fn show_config(path: &Path, forced: Option<&Path>) -> i32 {
    let config = match config_for(path, forced) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let mut out = match &config.path {
        Some(file) => format!("# configuration: {}\n", file.display()),
        None => "# configuration: the built-in defaults (no healthlint.yaml found)\n".to_string(),
    };
    let width = config
        .origins
        .iter()
        .map(|origin| origin.key.len() + origin.value.len() + 2)
        .max()
        .unwrap_or(0)
        .min(90);
    for origin in &config.origins {
        let setting = format!("{}: {}", origin.key, origin.value);
        out.push_str(&format!("{setting:width$}  # {}\n", origin.from));
    }
    emit(&out);
    EXIT_CLEAN
}

fn explain(rule: &str) -> i32 {
    match pages::get(rule) {
        Some(page) => {
            emit(page.body);
            EXIT_CLEAN
        }
        None => {
            let hint = did_you_mean(rule, pages::all().iter().map(|page| page.id))
                .map(|best| format!("; did you mean `{best}`?"))
                .unwrap_or_else(|| "; `healthlint rules` lists them".to_string());
            eprintln!("error: no rule `{rule}`{hint}");
            EXIT_FAILED
        }
    }
}
