//! Micro-benchmarks of issue 7: the `Article` parse of a realistic article, and each rule of
//! the table alone on a parsed article, so that a slow rule shows itself.
//!
//! ```text
//! cargo bench --bench rules
//! ```
//!
//! Every rule is built with the built-in defaults (`Config::defaults()`). Each rule runs on a
//! freshly parsed article (the parse is set-up, not timed), so a rule that is the first to ask
//! for a lazily computed view (the phone mentions, the line index) pays for it here as it
//! would in a run of that rule alone. The article and the diagnostics are dropped outside the
//! timing. libphonenumber's metadata is loaded once per process, in the warm-up, so the phone
//! rules' times here leave it out (see BENCHMARKS.md for what it costs a run).

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use healthlint::{Article, Config, rules};
use jiff::civil::Date;

const ARTICLE: &str = include_str!("../fixtures/articles/good/back-pain-after-squats.md");

fn today() -> Date {
    Date::new(2026, 11, 25).expect("a valid date")
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("article");
    group.bench_function("parse", |b| b.iter(|| Article::parse(black_box(ARTICLE))));
    group.bench_function("phone mentions", |b| {
        b.iter_batched_ref(
            || Article::parse(ARTICLE),
            |article| article.phones().len(),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("line index", |b| {
        b.iter_batched_ref(
            || Article::parse(ARTICLE),
            |article| article.lines().position(ARTICLE, ARTICLE.len()),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn each_rule(c: &mut Criterion) {
    let config = Config::defaults();
    let context = rules::Context {
        today: today(),
        schema: &config.schema,
        help_line: config.help_line.as_ref(),
        gate: None,
    };
    let mut group = c.benchmark_group("rule");
    for entry in rules::TABLE {
        let Some(active) = config.rules.iter().find(|active| active.id == entry.id) else {
            eprintln!(
                "{}: off in the built-in defaults, not benchmarked",
                entry.id
            );
            continue;
        };
        group.bench_function(entry.id, |b| {
            b.iter_batched_ref(
                || (Article::parse(ARTICLE), Vec::new()),
                |(article, out)| active.rule.check(article, &context, out),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

fn whole(c: &mut Criterion) {
    let config = Config::defaults();
    let mut group = c.benchmark_group("whole");
    group.bench_function("Config::defaults", |b| b.iter(Config::defaults));
    group.bench_function("lint (parse + every default rule)", |b| {
        b.iter(|| healthlint::lint(black_box(ARTICLE), &config, today()))
    });
    group.finish();
}

criterion_group!(benches, parse, each_rule, whole);
criterion_main!(benches);
