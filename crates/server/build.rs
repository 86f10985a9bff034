//! The web UI in web/dist is embedded at compile time: rebuild when it changes, and refuse to
//! build a release binary without it (it would serve no UI).

fn main() {
    println!("cargo:rerun-if-changed=../../web/dist");
    let profile = std::env::var("PROFILE").unwrap_or_default();
    if profile == "release" && !std::path::Path::new("../../web/dist/index.html").exists() {
        panic!(
            "web/dist/index.html is missing: build the web UI first (`make build`, or `npm ci && npm run build` in web/)"
        );
    }
}
