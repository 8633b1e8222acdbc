//! Rebuilds the crate when the built dashboard changes, so a release binary always carries the
//! current `frontend/dist` (rust-embed includes its files at compile time in release builds).
//! Vite's `index.html` names every bundle by content hash, so watching it is enough; while it
//! does not exist, cargo re-runs this script on every build until it does.

fn main() {
    println!("cargo:rerun-if-changed=../../frontend/dist/index.html");
    println!("cargo:rerun-if-changed=build.rs");
}
