//! The build script: prepares at build time what a run would otherwise pay for at start-up.
//!
//! - `phone`: libphonenumber's metadata, territory by territory;
//! - `patterns`: the default options' patterns, compiled into DFAs.

use std::env;
use std::path::PathBuf;

mod patterns;
mod phone;

fn main() {
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    phone::prepare(&out);
    patterns::prepare(&out);
}
