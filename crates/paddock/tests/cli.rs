//! The `paddock` binary as an operator uses it: exit statuses, one-line errors, nothing left
//! behind by a failed start, graceful shutdown.

mod support;

use paddock_store::testing::test_databases;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;
use support::{paddock, signed_in, start, terminate};

fn run(command: &mut Command) -> Output {
    command.output().expect("paddock runs")
}

/// Exit status 2 and exactly one line on stderr, which is returned.
fn assert_environment_error(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one line, got: {stderr}"
    );
    assert!(stderr.starts_with("error: "), "{stderr}");
    stderr
}

#[test]
fn bad_configuration_exits_2_with_one_line_and_creates_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let bad_toml = scratch.path().join("bad.toml");
    std::fs::write(&bad_toml, "listen = [\n").unwrap();
    let unknown_key = scratch.path().join("unknown.toml");
    std::fs::write(&unknown_key, "lisen = \"127.0.0.1:1\"\n").unwrap();
    let a_file = scratch.path().join("a-file");
    std::fs::write(&a_file, "").unwrap();
    let data = data_dir.to_str().unwrap();

    let cases: Vec<(&str, Vec<String>, &str)> = vec![
        (
            "unknown flag",
            vec!["--bogus".into(), "--data-dir".into(), data.into()],
            "--bogus",
        ),
        (
            "bad address",
            vec![
                "--listen".into(),
                "nowhere".into(),
                "--data-dir".into(),
                data.into(),
            ],
            "nowhere",
        ),
        (
            "malformed config",
            vec![
                "--config".into(),
                bad_toml.display().to_string(),
                "--data-dir".into(),
                data.into(),
            ],
            "bad.toml",
        ),
        (
            "unknown config key",
            vec![
                "--config".into(),
                unknown_key.display().to_string(),
                "--data-dir".into(),
                data.into(),
            ],
            "lisen",
        ),
        (
            "missing config",
            vec![
                "--config".into(),
                "/nonexistent/paddock.toml".into(),
                "--data-dir".into(),
                data.into(),
            ],
            "paddock.toml",
        ),
        (
            "unreachable database",
            vec![
                "--database-url".into(),
                "postgres://paddock@127.0.0.1:1/paddock".into(),
                "--data-dir".into(),
                data.into(),
                "--listen".into(),
                "127.0.0.1:0".into(),
            ],
            "cannot connect",
        ),
        (
            "unsupported database",
            vec![
                "--database-url".into(),
                "mysql://db/x".into(),
                "--data-dir".into(),
                data.into(),
            ],
            "mysql",
        ),
        (
            "unwritable data dir",
            vec![
                "--data-dir".into(),
                a_file.join("data").display().to_string(),
                "--listen".into(),
                "127.0.0.1:0".into(),
            ],
            "data directory",
        ),
        (
            "weak demo password",
            vec![
                "--demo".into(),
                "--data-dir".into(),
                data.into(),
                "--listen".into(),
                "127.0.0.1:0".into(),
            ],
            "PADDOCK_DEMO_PASSWORD",
        ),
    ];
    for (case, args, mentions) in cases {
        let output = run(paddock()
            .arg("serve")
            .args(&args)
            .env("PADDOCK_DEMO_PASSWORD", "short"));
        let line = assert_environment_error(&output);
        assert!(line.contains(mentions), "{case}: {line}");
        assert!(!data_dir.exists(), "{case}: the data directory was created");
    }
    assert_eq!(
        std::fs::read_dir(scratch.path()).unwrap().count(),
        3,
        "nothing else appeared"
    );
}

#[test]
fn a_bad_log_filter_is_refused() {
    let scratch = tempfile::tempdir().unwrap();
    let output = run(paddock()
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(scratch.path().join("d"))
        .env("PADDOCK_LOG", "info,=[bad"));
    assert!(assert_environment_error(&output).contains("PADDOCK_LOG"));
}

#[test]
fn the_openapi_command_prints_the_document() {
    let output = run(paddock().arg("openapi"));
    assert!(output.status.success());
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["paths"]["/api/v1/auth/login"]["post"].is_object());
}

#[test]
fn serve_demo_becomes_ready_and_stops_cleanly_on_sigterm() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    for round in 0..2 {
        let mut server = start(&["--demo"], &data_dir);
        let ready = reqwest::blocking::get(format!("{}/readyz", server.address)).unwrap();
        assert_eq!(ready.status(), 200, "round {round}");
        // Ticket triage went dev → staging → prod through real reviews and runs, and v2 waits
        // for the approver in staging; a restart seeds nothing twice.
        let approver = signed_in(&server.address, "approver@demo.local");
        let reviews: serde_json::Value = approver
            .get(format!("{}/api/v1/reviews", server.address))
            .send()
            .unwrap()
            .json()
            .unwrap();
        let waiting = reviews["reviews"].as_array().unwrap();
        assert_eq!(waiting.len(), 1, "round {round}: {reviews}");
        assert_eq!(waiting[0]["workflow"], "ticket-triage");
        assert_eq!(waiting[0]["environment"], "staging");
        assert_eq!(waiting[0]["awaiting_you"], true);
        let pipeline: serde_json::Value = approver
            .get(format!(
                "{}/api/v1/workspaces/it-service-desk/workflows/ticket-triage/deployments",
                server.address
            ))
            .send()
            .unwrap()
            .json()
            .unwrap();
        let live: Vec<_> = pipeline["stages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|stage| {
                (
                    stage["environment"]["slug"].clone(),
                    stage["live"]["version"].clone(),
                )
            })
            .collect();
        assert_eq!(
            live,
            [
                (serde_json::json!("dev"), serde_json::json!(2)),
                (serde_json::json!("staging"), serde_json::json!(1)),
                (serde_json::json!("prod"), serde_json::json!(1)),
            ],
            "round {round}"
        );
        assert_eq!(
            pipeline["history"][0]["deployed_by"], "builder@demo.local",
            "the builder deployed v2 to dev"
        );
        let status = terminate(&mut server);
        assert!(status.success(), "round {round}: {status}");
        // SQLite checkpoints and removes the write-ahead log when the last connection closes.
        assert!(
            !data_dir.join("paddock.sqlite3-wal").exists(),
            "round {round}: the database was not closed"
        );
    }
}

#[test]
fn without_an_admin_serve_says_how_to_create_one_and_create_user_works() {
    let databases = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(test_databases());
    for db in databases {
        let scratch = tempfile::tempdir().unwrap();
        let data_dir = scratch.path().join("data");
        let url = db.url_text();
        let server = start(&["--database-url", &url], &data_dir);
        assert!(
            server
                .log
                .iter()
                .any(|line| line.contains("paddock admin create-user")),
            "{}",
            server.log.join("\n")
        );
        drop(server);

        let create = |email: &str, extra: &[&str], password: &str| {
            let mut child = paddock()
                .args([
                    "admin",
                    "create-user",
                    "--database-url",
                    &url,
                    "--email",
                    email,
                ])
                .args(extra)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            // A refused command line exits before it reads the password: the pipe may be closed.
            let _ = writeln!(child.stdin.take().unwrap(), "{password}");
            child.wait_with_output().unwrap()
        };
        let output = create(
            "root@example.com",
            &["--role", "admin"],
            "correct horse battery",
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stdout).contains("root@example.com"));

        let again = create(
            "root@example.com",
            &["--role", "admin"],
            "correct horse battery",
        );
        assert_eq!(
            again.status.code(),
            Some(1),
            "an existing account is a 'no'"
        );
        assert_environment_error(&create("x@example.com", &["--role", "admin"], "short"));
        assert_environment_error(&create(
            "x@example.com",
            &["--role", "builder"],
            "correct horse battery",
        ));
        assert_environment_error(&create(
            "x@example.com",
            &["--role", "root"],
            "correct horse battery",
        ));

        let mut server = start(&["--database-url", &url], &data_dir);
        assert!(
            !server
                .log
                .iter()
                .any(|line| line.contains("no administrator"))
        );
        let client = reqwest::blocking::Client::new();
        let login = client
            .post(format!("{}/api/v1/auth/login", server.address))
            .json(&serde_json::json!({ "email": "root@example.com", "password": "correct horse battery" }))
            .send()
            .unwrap();
        assert_eq!(login.status(), 200, "{:?}", db.backend());
        assert!(terminate(&mut server).success());
    }
}

#[test]
fn workflow_validate_answers_yes_no_or_cannot_read() {
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/workflows/ticket-triage.yaml");
    let valid = run(paddock().args(["workflow", "validate"]).arg(&example));
    assert_eq!(valid.status.code(), Some(0), "{valid:?}");
    assert!(
        String::from_utf8_lossy(&valid.stdout).contains("valid workflow 'ticket-triage' (4 steps)")
    );

    let scratch = tempfile::tempdir().unwrap();
    let broken = scratch.path().join("broken.yaml");
    let text = std::fs::read_to_string(&example)
        .unwrap()
        .replace("steps.urgency.output ==", "steps.urgncy.output ==")
        .replace("uses: branch", "uses: brnch");
    std::fs::write(&broken, text).unwrap();
    let invalid = run(paddock().args(["workflow", "validate"]).arg(&broken));
    assert_eq!(invalid.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&invalid.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].ends_with("steps[1].uses: unknown step kind 'brnch' — did you mean branch?"),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("error: ")
            && lines[1].ends_with("is not a valid workflow (1 problem)")
    );

    let missing = run(paddock().args(["workflow", "validate", "/nonexistent/flow.yaml"]));
    let line = assert_environment_error(&missing);
    assert!(
        line.contains("cannot read /nonexistent/flow.yaml"),
        "{line}"
    );
}

#[test]
fn workflow_check_names_each_violation_and_exits_1_or_passes() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let mut server = start(&["--demo"], &data_dir);
    let status = terminate(&mut server);
    assert!(status.success(), "{status}");
    let summary = |model: &str| {
        let file = scratch.path().join(format!("{model}.yaml"));
        std::fs::write(
            &file,
            format!(
                "apiVersion: paddock/v1\nkind: Workflow\nname: claim-summary\ninputs:\n  claim: {{ type: string, label: confidential/pii }}\nsteps:\n  - id: summary\n    uses: llm\n    with: {{ model: {model}, prompt: \"{{{{ inputs.claim }}}}\" }}\n"
            ),
        )
        .unwrap();
        file
    };
    let check = |file: &Path, workspace: &str| {
        run(paddock()
            .args(["workflow", "check"])
            .arg(file)
            .args(["--workspace", workspace, "--env", "prod", "--data-dir"])
            .arg(&data_dir))
    };

    let refused = check(&summary("hosted-general"), "claims");
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("steps[0]: inputs.claim is confidential/pii and reaches the model hosted-general at step summary, but hosted-general is cleared only for internal"),
        "{stderr}"
    );
    assert!(
        stderr.contains("fix: use a model cleared for confidential/pii"),
        "{stderr}"
    );
    assert!(
        stderr.contains("breaks the policy of workspace claims, environment prod (1 violation)"),
        "{stderr}"
    );

    let passes = check(&summary("private-secure"), "claims");
    assert_eq!(passes.status.code(), Some(0), "{passes:?}");
    assert!(
        String::from_utf8_lossy(&passes.stdout)
            .contains("passes the policy of workspace claims, environment prod")
    );

    let nowhere = check(&summary("private-secure"), "atlantis");
    let line = assert_environment_error(&nowhere);
    assert!(line.contains("There is no workspace 'atlantis'"), "{line}");
}

#[test]
fn paddock_run_prints_the_outputs_or_says_why_not() {
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/workflows/ticket-triage.yaml");
    let done = run(paddock().arg("run").arg(&example).args([
        "--input",
        "subject=VPN down",
        "--input",
        "body=total outage in Paris",
    ]));
    assert_eq!(done.status.code(), Some(0), "{done:?}");
    let outputs: serde_json::Value = serde_json::from_slice(&done.stdout).unwrap();
    assert_eq!(
        outputs,
        serde_json::json!({ "result": { "queue": "on-call", "subject": "VPN down" } })
    );

    let missing = run(paddock()
        .arg("run")
        .arg(&example)
        .args(["--input", "body=x"]));
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("inputs.subject: required, but not given")
    );
    let unknown = run(paddock().arg("run").arg(&example).args([
        "--input",
        "subject=x",
        "--input",
        "colour=red",
    ]));
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&unknown.stderr)
            .contains("--input colour: the workflow has no such input (it takes: subject, body)")
    );

    let scratch = tempfile::tempdir().unwrap();
    let own = run(paddock()
        .arg("run")
        .arg(&example)
        .args(["--input", "subject=x", "--data-dir"])
        .arg(scratch.path()));
    let line = assert_environment_error(&own);
    assert!(line.contains("--workspace is needed"), "{line}");
}

#[test]
fn a_worker_without_the_deployments_master_key_refuses_to_start() {
    let scratch = tempfile::tempdir().unwrap();
    let data = scratch.path().join("data");
    let output = run(paddock().args(["worker", "--data-dir", data.to_str().unwrap()]));
    let stderr = assert_environment_error(&output);
    assert!(stderr.contains("no master key"), "{stderr}");
    assert!(
        !data.join("master.key").exists(),
        "a node never makes up its own key"
    );

    let bad = run(paddock()
        .args(["worker", "--data-dir", data.to_str().unwrap()])
        .env("PADDOCK_MASTER_KEY", "too-short"));
    let stderr = assert_environment_error(&bad);
    assert!(stderr.contains("PADDOCK_MASTER_KEY"), "{stderr}");
}

#[test]
fn the_master_key_rotates_while_the_server_keeps_using_stored_credentials() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let server = start(&["--demo"], &data_dir);
    let client = reqwest::blocking::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let session: serde_json::Value = client
        .post(format!("{}/api/v1/auth/login", server.address))
        .json(&serde_json::json!({ "email": "admin@demo.local", "password": "paddock-demo" }))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let csrf = session["csrf_token"].as_str().unwrap().to_owned();
    let created = client
        .post(format!("{}/api/v1/connections", server.address))
        .header("X-CSRF-Token", &csrf)
        .json(&serde_json::json!({
            "name": "itself",
            "kind": "http",
            "settings": { "base_url": format!("{}/healthz", server.address), "auth": { "type": "bearer" } },
            "credential": "tok-rotate-me-1234",
            "allowed_ranges": ["127.0.0.1/32"],
            "all_workspaces": true
        }))
        .send()
        .unwrap();
    assert_eq!(created.status(), 201);
    let test_connection = || -> serde_json::Value {
        client
            .post(format!("{}/api/v1/connections/itself/test", server.address))
            .header("X-CSRF-Token", &csrf)
            .send()
            .unwrap()
            .json()
            .unwrap()
    };
    assert_eq!(test_connection()["ok"], true);

    let data = data_dir.to_str().unwrap();
    // The demo's connections hold credentials too: every secret is re-wrapped each time.
    let mut sealed = None;
    for (round, keys) in [(1, 2), (2, 3)] {
        let rotated = run(paddock().args(["secrets", "rotate-master-key", "--data-dir", data]));
        let stdout = String::from_utf8_lossy(&rotated.stdout);
        assert!(
            rotated.status.success(),
            "round {round}: {stdout} {}",
            String::from_utf8_lossy(&rotated.stderr)
        );
        let rewrapped: usize = stdout
            .split(": ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{stdout}"));
        assert!(
            rewrapped >= 2,
            "the demo's and this test's credentials: {stdout}"
        );
        assert!(stdout.contains("re-wrapped, 0 already current"), "{stdout}");
        assert_eq!(*sealed.get_or_insert(rewrapped), rewrapped);
        let file = std::fs::read_to_string(data_dir.join("master.key")).unwrap();
        assert_eq!(file.lines().count(), keys, "the older keys stay");
        // The server started with the first key opens the re-wrapped credential: it reads the
        // key file again when it meets the new key.
        assert_eq!(test_connection()["ok"], true, "round {round}");
    }

    // One key in the variable: nothing to rotate to, and the command says how.
    let key = std::fs::read_to_string(data_dir.join("master.key")).unwrap();
    let one = run(paddock()
        .args(["secrets", "rotate-master-key", "--data-dir", data])
        .env("PADDOCK_MASTER_KEY", key.lines().next().unwrap()));
    let stderr = String::from_utf8_lossy(&one.stderr);
    assert_eq!(one.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("NEW,OLD"), "{stderr}");
}

#[test]
fn the_demo_comes_with_connections_that_work() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let server = start(&["--demo"], &data_dir);
    let client = reqwest::blocking::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let session: serde_json::Value = client
        .post(format!("{}/api/v1/auth/login", server.address))
        .json(&serde_json::json!({ "email": "builder@demo.local", "password": "paddock-demo" }))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let csrf = session["csrf_token"].as_str().unwrap().to_owned();
    let run_in = |workspace: &str, step: &str| -> serde_json::Value {
        let definition = format!(
            "apiVersion: paddock/v1\nkind: Workflow\nname: demo-check\nsteps:\n{step}\noutputs:\n  answer: \"{{{{ steps.call.output }}}}\"\n"
        );
        let started: serde_json::Value = client
            .post(format!(
                "{}/api/v1/workspaces/{workspace}/test-runs",
                server.address
            ))
            .header("X-CSRF-Token", &csrf)
            .json(&serde_json::json!({ "definition": definition, "inputs": {} }))
            .send()
            .unwrap()
            .json()
            .unwrap();
        let id = started["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{started}"))
            .to_owned();
        for _ in 0..200 {
            let run: serde_json::Value = client
                .get(format!("{}/api/v1/runs/{id}", server.address))
                .send()
                .unwrap()
                .json()
                .unwrap();
            if run["status"] != "queued" && run["status"] != "running" {
                return run;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("the run did not finish");
    };

    let ticket = run_in(
        "it-service-desk",
        "  - id: call\n    uses: connector\n    with: { connection: tickets, action: create, input: { title: Printer jammed, description: Third floor } }",
    );
    assert_eq!(ticket["status"], "succeeded", "{ticket}");
    assert_eq!(
        ticket["outputs"]["answer"]["body"]["ticket"]["subject"],
        "Printer jammed"
    );
    let desk: serde_json::Value = client
        .get(format!(
            "{}/demo/ticketing/sandbox/api/v2/tickets.json",
            server.address
        ))
        .bearer_auth("anything")
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        desk["count"], 1,
        "the stand-in's sandbox desk holds the ticket"
    );

    let policy = run_in(
        "claims",
        "  - id: call\n    uses: connector\n    with: { connection: policies, action: find_policy, input: { number: PN-1002 } }",
    );
    assert_eq!(policy["status"], "succeeded", "{policy}");
    assert_eq!(
        policy["outputs"]["answer"]["rows"][0]["holder"],
        "Alan Turing"
    );

    // Mail goes only to demo.local addresses.
    let mail = run_in(
        "claims",
        "  - id: call\n    uses: connector\n    with: { connection: mail, action: send, input: { to: someone@example.com, subject: Hi, body: Hello } }",
    );
    assert_eq!(mail["status"], "failed");
    assert!(
        mail["error"]
            .as_str()
            .unwrap()
            .contains("outside the domains"),
        "{mail}"
    );
}

#[test]
fn workflows_export_to_files_and_import_back_as_drafts_all_or_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let mut server = start(&["--demo"], &data_dir);
    assert!(terminate(&mut server).success());
    let files = scratch.path().join("git");
    let in_data =
        |command: &mut Command| -> Output { run(command.arg("--data-dir").arg(&data_dir)) };

    let exported = in_data(
        paddock()
            .args(["workflow", "export", "--workspace", "it-service-desk"])
            .arg(&files),
    );
    assert!(exported.status.success(), "{exported:?}");
    let triage = files.join("ticket-triage.yaml");
    let text = std::fs::read_to_string(&triage).unwrap();
    assert!(text.contains("name: ticket-triage"));

    // Change one, add one: the import updates and creates drafts, and deploys nothing.
    std::fs::write(
        &triage,
        text.replace("Sorts an incoming", "Sorts every incoming"),
    )
    .unwrap();
    std::fs::write(
        files.join("hello.yaml"),
        "apiVersion: paddock/v1\nkind: Workflow\nname: hello\nsteps:\n  - id: hi\n    uses: template\n    with: { value: hi }\noutputs:\n  text: \"{{ steps.hi.output }}\"\n",
    )
    .unwrap();
    let imported = in_data(
        paddock()
            .args(["workflow", "import", "--workspace", "it-service-desk"])
            .arg(&files),
    );
    let said = String::from_utf8_lossy(&imported.stdout).into_owned();
    assert!(imported.status.success(), "{imported:?}");
    assert!(said.contains("hello: created"), "{said}");
    assert!(said.contains("ticket-triage: updated"), "{said}");
    let again = in_data(
        paddock()
            .args(["workflow", "import", "--workspace", "it-service-desk"])
            .arg(&files),
    );
    let said = String::from_utf8_lossy(&again.stdout).into_owned();
    assert!(
        said.contains("hello: unchanged") && said.contains("ticket-triage: unchanged"),
        "{said}"
    );

    // One unreadable file refuses the whole import.
    std::fs::write(&triage, text.replace("Sorts an incoming", "Sorts a new")).unwrap();
    std::fs::write(files.join("broken.yaml"), "steps: [\n").unwrap();
    let refused = in_data(
        paddock()
            .args(["workflow", "import", "--workspace", "it-service-desk"])
            .arg(&files),
    );
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    std::fs::remove_file(files.join("broken.yaml")).unwrap();
    std::fs::remove_dir_all(&files).unwrap();
    let exported = in_data(
        paddock()
            .args(["workflow", "export", "--workspace", "it-service-desk"])
            .arg(&files),
    );
    assert!(exported.status.success());
    let kept = std::fs::read_to_string(&triage).unwrap();
    assert!(
        kept.contains("Sorts every incoming"),
        "the refused import changed nothing"
    );
    assert!(files.join("hello.yaml").exists());

    let unknown = in_data(
        paddock()
            .args(["workflow", "export", "--workspace", "nowhere"])
            .arg(&files),
    );
    assert_ne!(unknown.status.code(), Some(0));
}
