//! The `healthlint` binary: the exit code, and nothing else.

fn main() {
    std::process::exit(healthlint::cli::run());
}
