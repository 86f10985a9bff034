//! The web UI in web/dist is embedded at compile time: rebuild when it changes.

fn main() {
    println!("cargo:rerun-if-changed=../../web/dist");
}
