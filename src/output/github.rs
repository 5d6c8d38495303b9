//! `--format github`: one GitHub Actions workflow command per diagnostic, escaped as the
//! Actions toolkit escapes them, then the summary line.

use std::fmt::Write as _;

use super::FileResult;
use crate::diagnostic::Severity;

/// Escapes a message: `%`, CR and LF.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as data, and also `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per diagnostic of one file.
pub(super) fn lines(result: &FileResult) -> String {
    let mut out = String::new();
    for located in &result.diagnostics {
        let diagnostic = &located.diagnostic;
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = diagnostic.message.to_string();
        if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&result.path),
            located.start.line,
            located.start.column,
            located.end.line,
            located.end.column,
            escape_property(&format!("healthlint({})", diagnostic.rule)),
            escape_data(&message),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("50% off\r\nnow"), "50%25 off%0D%0Anow");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
