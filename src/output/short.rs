//! `--format short`: `path:line:column: severity[rule] message`, one line each.

use std::fmt::Write as _;

use super::FileResult;

/// One line per diagnostic of one file.
pub(super) fn lines(result: &FileResult) -> String {
    let mut out = String::new();
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
    out
}
