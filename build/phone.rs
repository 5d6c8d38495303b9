//! Prepares libphonenumber's metadata territory by territory, so that a run loads only the
//! regions it meets (a few milliseconds) instead of the whole world's (~70 ms at first use).
//!
//! The `phonenumber` crate ships libphonenumber's `PhoneNumberMetadata.xml`; this script finds
//! that file in the crate's source (the version of `Cargo.lock`, in Cargo's registry or a
//! `vendor/` folder, or the file named by `HEALTHLINT_PHONE_METADATA`), reads it with the
//! crate's own loader, and writes each territory's record (postcard, the crate's own format)
//! to `$OUT_DIR/territories.bin` with an index in `$OUT_DIR/territories.rs`. The build stops
//! when the file cannot be found.

use std::env;
use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};

pub fn prepare(out: &Path) {
    println!("cargo:rerun-if-env-changed=HEALTHLINT_PHONE_METADATA");
    let mut index = String::from(
        "/// Each territory of libphonenumber's metadata: (region id, country code, start and end \
         of its record in `territories.bin`).\npub static TERRITORIES: &[(&str, u16, usize, usize)] = &[\n",
    );
    let mut blob: Vec<u8> = Vec::new();
    // The `phonenumber` crate builds from this file, so it is in its source wherever the
    // crate is; without it no number could be read.
    let path = metadata_file().expect(
        "libphonenumber's PhoneNumberMetadata.xml was not found in the `phonenumber` crate's \
         source; set HEALTHLINT_PHONE_METADATA to its path",
    );
    println!("cargo:rerun-if-changed={}", path.display());
    let xml = fs::read_to_string(&path).expect("the metadata file reads");
    let xml = ascii_digits(&xml);
    let territories = phonenumber::metadata::loader::load(BufReader::new(xml.as_bytes()))
        .expect("libphonenumber's metadata loads");
    for territory in &territories {
        let (Some(id), Some(code)) = (&territory.id, territory.country_code) else {
            continue;
        };
        let bytes = postcard::to_allocvec(territory).expect("metadata serialises");
        let start = blob.len();
        blob.extend_from_slice(&bytes);
        index.push_str(&format!("    ({id:?}, {code}, {start}, {}),\n", blob.len()));
    }
    index.push_str("];\n");
    fs::write(out.join("territories.rs"), index).expect("OUT_DIR is writable");
    fs::write(out.join("territories.bin"), blob).expect("OUT_DIR is writable");
}

/// `text` with every `\d` of its patterns written `[0-9]` (`0-9` inside a class).
///
/// The patterns only ever see numbers whose digits the parser has already made ASCII, and a
/// Unicode `\d` (every script's digits) made compiling a territory's patterns five times
/// slower: 4 ms for Great Britain's, paid by a run that meets one number.
fn ascii_digits(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut in_class = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('d') if in_class => out.push_str("0-9"),
                Some('d') => out.push_str("[0-9]"),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' => {
                in_class = true;
                out.push(c);
            }
            // A class ends at `]`, and cannot go on past the pattern's element.
            ']' | '<' => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// `PhoneNumberMetadata.xml` of the `phonenumber` version in `Cargo.lock`.
fn metadata_file() -> Option<PathBuf> {
    if let Some(path) = env::var_os("HEALTHLINT_PHONE_METADATA") {
        return Some(PathBuf::from(path));
    }
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR")?);
    let folder = format!("phonenumber-{}", locked_version(&manifest)?);
    let relative = Path::new("assets").join("PhoneNumberMetadata.xml");
    let vendored = manifest.join("vendor").join("phonenumber").join(&relative);
    if vendored.is_file() {
        return Some(vendored);
    }
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))?;
    let registries = fs::read_dir(cargo_home.join("registry").join("src")).ok()?;
    registries
        .flatten()
        .map(|registry| registry.path().join(&folder).join(&relative))
        .find(|path| path.is_file())
}

/// The version of `phonenumber` that `Cargo.lock` pins.
fn locked_version(manifest: &Path) -> Option<String> {
    let lock = fs::read_to_string(manifest.join("Cargo.lock")).ok()?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"phonenumber\"" {
            let version = lines.next()?.trim();
            return Some(
                version
                    .strip_prefix("version = \"")?
                    .strip_suffix('"')?
                    .to_string(),
            );
        }
    }
    None
}
