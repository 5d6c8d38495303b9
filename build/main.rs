//! The build script: prepares at build time what a run would otherwise pay for at start-up.
//!
//! - `phone`: libphonenumber's metadata, territory by territory;
//! - `patterns`: the default options' patterns, compiled into DFAs;
//! - a fingerprint of the rule pages, which tells `config::pages` whether the pages it finds
//!   stored parsed (`src/config/pages.bin`) are the pages being built.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

mod patterns;
mod phone;

fn main() {
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    phone::prepare(&out);
    patterns::prepare(&out);
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    println!("cargo:rerun-if-changed=rules");
    println!(
        "cargo:rustc-env=HEALTHLINT_PAGES_FINGERPRINT={:016x}",
        fingerprint(&manifest.join("rules"))
    );
}

/// FNV-1a over the name and bytes of every `.md` file of `folder`, in name order.
fn fingerprint(folder: &Path) -> u64 {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .expect("the rules folder reads")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in files {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        let bytes = fs::read(&path).expect("a rule page reads");
        for byte in name.unwrap_or_default().bytes().chain([0]).chain(bytes) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}
