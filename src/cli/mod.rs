//! The command line: clap arguments and the subcommands. The only place that knows flags.

mod check;

use std::ffi::OsString;
use std::io::Write;

use clap::{Parser, Subcommand};

use crate::config::{did_you_mean, pages};

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
    /// List the rules: id, default severity and summary.
    Rules,
    /// Print a rule's page: what it checks, why, an example, its options.
    Explain {
        /// The rule id, e.g. `reading-time`.
        rule: String,
    },
}

const SUBCOMMANDS: [&str; 4] = ["check", "rules", "explain", "help"];

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
        Command::Rules => rules(),
        Command::Explain { rule } => explain(&rule),
    }
}

/// Writes to standard output; a closed pipe (`| head`) ends the run quietly.
pub(crate) fn emit(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn rules() -> i32 {
    let mut out = String::new();
    let width = pages::all()
        .iter()
        .map(|page| page.id.len())
        .max()
        .unwrap_or(0);
    for page in pages::all() {
        let severity = page.severity.map_or("off", |severity| severity.as_str());
        out.push_str(&format!(
            "{:width$}  {:7}  {}\n",
            page.id, severity, page.summary
        ));
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
