//! `--format short`: `path:line:column: severity[rule] message`, one line each.

use std::fmt::Write as _;

use super::{FileResult, Summary};

pub fn render(results: &[FileResult], summary: &Summary, quiet: bool) -> String {
    let mut out = String::new();
    for result in results {
        for located in &result.diagnostics {
            let diagnostic = &located.diagnostic;
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                result.path,
                located.start.line,
                located.start.column,
                diagnostic.severity,
                diagnostic.rule,
                diagnostic.message
            );
        }
    }
    if !quiet {
        let _ = writeln!(out, "{}", summary.line());
    }
    out
}
