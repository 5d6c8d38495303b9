//! The parse-only baseline of issue 7: the floor that healthlint's time is measured against.
//!
//! Walks DIR for `*.md` in parallel (the `ignore` crate's parallel walker, as healthlint
//! does, on as many threads as rayon has: the cores, or `RAYON_NUM_THREADS`), then, with
//! rayon, reads every file and runs pulldown-cmark with offsets over it (the options of
//! `src/article/body.rs`), consuming every event. It prints the file count and nothing else,
//! so that `healthlint ÷ baseline` is an honest ratio.
//!
//! ```text
//! cargo run --release --example parse_baseline -- DIR
//! ```

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Mutex;

use ignore::WalkBuilder;
use ignore::types::TypesBuilder;
use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;

fn main() {
    let Some(root) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: parse_baseline DIR");
        std::process::exit(2);
    };

    let mut types = TypesBuilder::new();
    types.add("markdown", "*.md").expect("static glob");
    types.select("markdown");
    let found: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    WalkBuilder::new(&root)
        .types(types.build().expect("static types"))
        // As many walking threads as parsing ones: the cores, or `RAYON_NUM_THREADS`.
        .threads(rayon::current_num_threads())
        .build_parallel()
        .run(|| {
            let found = &found;
            Box::new(move |entry| {
                if let Ok(entry) = entry
                    && entry.file_type().is_some_and(|kind| kind.is_file())
                {
                    found
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .push(entry.into_path());
                }
                ignore::WalkState::Continue
            })
        });
    let files = found
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());

    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);

    let parsed: usize = files
        .par_iter()
        .map(|path| {
            let Ok(text) = std::fs::read_to_string(path) else {
                return 0;
            };
            for item in Parser::new_ext(&text, options).into_offset_iter() {
                black_box(item);
            }
            1
        })
        .sum();
    println!("{parsed}");
}
