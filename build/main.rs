//! The build script: prepares at build time what a run would otherwise pay for at start-up.
//!
//! - `phone`: libphonenumber's metadata, territory by territory;
//! - `patterns`: the default options' patterns, compiled into DFAs;
//! - a table of the letters and digits of the Basic Multilingual Plane (`alphanumeric.bin`);
//! - a fingerprint of the rule pages, which tells `config::pages` whether the pages it finds
//!   stored parsed (`src/config/pages.bin`) are the pages being built.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

mod approximate;
mod patterns;
mod phone;

fn main() {
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    phone::prepare(&out);
    patterns::prepare(&out);
    alphanumeric_table(&out);
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    println!("cargo:rerun-if-changed=rules");
    // What the stored front matter was made by: the pages, the YAML reader with the types it
    // fills, the front-matter split, and the locked versions of the crates they use.
    let mut files: Vec<PathBuf> = fs::read_dir(manifest.join("rules"))
        .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    files.retain(|path| path.extension().is_some_and(|ext| ext == "md"));
    files.sort();
    for source in [
        "src/yaml.rs",
        "src/diagnostic.rs",
        "src/article/front_matter.rs",
        "src/config/pages.rs",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={source}");
        files.push(manifest.join(source));
    }
    println!(
        "cargo:rustc-env=HEALTHLINT_PAGES_FINGERPRINT={:016x}",
        fingerprint(&manifest, &files)
    );
}

/// One bit per code point of the Basic Multilingual Plane: whether it is a letter or digit,
/// by `char::is_alphanumeric` of the same standard library (the toolchain that builds the
/// script builds healthlint). Testing a bit is much cheaper than the library's search of
/// its Unicode tables, which the word counts do for every letter outside ASCII.
fn alphanumeric_table(out: &Path) {
    let mut table = vec![0u8; 0x10000 / 8];
    for c in (0..0x10000u32).filter_map(char::from_u32) {
        if c.is_alphanumeric() {
            let code = c as usize;
            table[code / 8] |= 1 << (code % 8);
        }
    }
    fs::write(out.join("alphanumeric.bin"), table).expect("OUT_DIR is writable");
}

/// FNV-1a over the path (from `root`) and bytes of each of `files`; a missing file counts as
/// empty.
fn fingerprint(root: &Path, files: &[PathBuf]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in files {
        let name = path.strip_prefix(root).unwrap_or(path).to_string_lossy();
        let bytes = fs::read(path).unwrap_or_default();
        for byte in name.bytes().chain([0]).chain(bytes) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}
