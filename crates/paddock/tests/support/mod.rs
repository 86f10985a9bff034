//! Starting the `paddock` binary as an operator would, for the tests of this crate.
#![allow(dead_code)] // Each test binary uses a different part of the support module.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The binary, with none of the operator's own settings from the environment.
pub fn paddock() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_paddock"));
    for variable in [
        "PADDOCK_CONFIG",
        "PADDOCK_DATA_DIR",
        "PADDOCK_DATABASE_URL",
        "PADDOCK_LISTEN",
        "PADDOCK_DEMO",
        "PADDOCK_LOG",
        "PADDOCK_MASTER_KEY",
    ] {
        command.env_remove(variable);
    }
    command.stdin(Stdio::null());
    command
}

/// A running `paddock serve`; killed if the test ends early.
pub struct Server {
    pub child: Child,
    pub address: String,
    pub log: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start(args: &[&str], data_dir: &Path) -> Server {
    let mut child = paddock()
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .args(args)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut log = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        let Some(Ok(line)) = lines.next() else { break };
        log.push(line.clone());
        if let Some(at) = line.find("Paddock is ready at ") {
            let address = line[at + "Paddock is ready at ".len()..]
                .split_whitespace()
                .next()
                .unwrap()
                .to_owned();
            // Keep draining stderr so the server never blocks on a full pipe.
            std::thread::spawn(move || for _ in lines {});
            return Server {
                child,
                address,
                log,
            };
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not become ready: {}", log.join("\n"));
}

pub fn terminate(server: &mut Server) -> std::process::ExitStatus {
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A client signed in to the demo as `email`.
pub fn signed_in(address: &str, email: &str) -> reqwest::blocking::Client {
    let client = reqwest::blocking::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let signed_in = client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&serde_json::json!({ "email": email, "password": "paddock-demo" }))
        .send()
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    client
}

/// A client signed in to the demo as `email`, and its CSRF token for writes.
pub fn session(address: &str, email: &str) -> (reqwest::blocking::Client, String) {
    let client = signed_in(address, email);
    let me: serde_json::Value = client
        .get(format!("{address}/api/v1/me"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let csrf = me["csrf_token"].as_str().unwrap().to_owned();
    (client, csrf)
}
