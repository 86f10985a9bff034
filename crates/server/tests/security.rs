//! Sign-in throttling and lockout, cross-origin writes, cookies behind TLS — on every backend.

mod support;

use paddock_store::testing::test_databases;
use reqwest::Client;
use serde_json::{Value, json};
use support::{DEMO_PASSWORD, TestApp, error_code, spawn_app};

async fn attempt(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    Client::new()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_even_for_the_right_one() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        for _ in 0..5 {
            assert_eq!(
                attempt(&app, "builder@demo.local", "wrong password")
                    .await
                    .status(),
                401
            );
        }
        let locked = attempt(&app, "builder@demo.local", DEMO_PASSWORD).await;
        assert_eq!(locked.status(), 429, "{}", app.backend);
        let retry_after: u64 = locked.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=900).contains(&retry_after), "{retry_after}");
        let body: Value = locked.json().await.unwrap();
        assert_eq!(body["error"]["code"], "too_many_attempts");
        assert_eq!(body["error"]["details"]["retry_after_seconds"], retry_after);

        assert_eq!(
            attempt(&app, "approver@demo.local", DEMO_PASSWORD)
                .await
                .status(),
            200,
            "other accounts are unaffected"
        );

        let auditor = app.browser();
        app.sign_in(&auditor, "auditor@demo.local").await;
        let lockouts: Value = auditor
            .get(app.url("/api/v1/audit/events?action=auth.lockout"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(lockouts["events"].as_array().unwrap().len(), 1);
        assert_eq!(
            lockouts["events"][0]["summary"]["value"],
            "builder@demo.local"
        );
        let refused: Value = auditor
            .get(app.url("/api/v1/audit/events?action=auth.sign_in&outcome=denied"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            refused["events"].as_array().unwrap().len(),
            1,
            "the refused attempt is audited"
        );
    }
}

#[tokio::test]
async fn unknown_accounts_lock_the_same_way() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    for _ in 0..5 {
        assert_eq!(
            attempt(&app, "ghost@demo.local", "anything").await.status(),
            401
        );
    }
    assert_eq!(
        attempt(&app, "ghost@demo.local", "anything").await.status(),
        429,
        "lockout does not reveal which accounts exist"
    );
}

#[tokio::test]
async fn many_failures_from_one_address_lock_the_address() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    for n in 0..20 {
        let response = attempt(&app, &format!("guess{n}@demo.local"), "password123456").await;
        assert_eq!(response.status(), 401, "attempt {n}");
    }
    let response = attempt(&app, "consumer@demo.local", DEMO_PASSWORD).await;
    assert_eq!(response.status(), 429);
    assert_eq!(error_code(response).await, "too_many_attempts");
}

#[tokio::test]
async fn writes_from_another_origin_are_refused() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let login = Client::new()
        .post(app.url("/api/v1/auth/login"))
        .header("Origin", "https://evil.example")
        .json(&json!({ "email": "admin@demo.local", "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 403);
    assert_eq!(error_code(login).await, "csrf_rejected");

    let client = app.browser();
    let session = app.sign_in(&client, "admin@demo.local").await;
    let csrf = session["csrf_token"].as_str().unwrap();
    let forged = client
        .post(app.url("/api/v1/auth/logout"))
        .header("X-CSRF-Token", csrf)
        .header("Origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let same_origin = client
        .post(app.url("/api/v1/auth/logout"))
        .header("X-CSRF-Token", csrf)
        .header("Origin", format!("http://{host}"))
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), 204);
}

#[tokio::test]
async fn the_cookie_is_secure_behind_tls() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let response = Client::new()
        .post(app.url("/api/v1/auth/login"))
        .header("X-Forwarded-Proto", "https")
        .json(&json!({ "email": "admin@demo.local", "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("; Secure")
    );
    let plain = attempt(&app, "admin@demo.local", DEMO_PASSWORD).await;
    assert!(
        !plain.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Secure")
    );
}

#[tokio::test]
async fn what_people_type_into_the_email_field_is_not_kept_unless_it_is_an_address() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    attempt(&app, "correct-horse-battery-staple", "whatever").await;
    let auditor = app.browser();
    app.sign_in(&auditor, "auditor@demo.local").await;
    let trail: Value = auditor
        .get(app.url("/api/v1/audit/events?action=auth.sign_in&outcome=failure"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        trail["events"][0]["actor"]["label"],
        "(not an e-mail address)"
    );
    assert!(!trail.to_string().contains("correct-horse"));
}

#[tokio::test]
async fn a_wrong_current_password_is_audited_and_counts_towards_lockout() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let client = app.browser();
    let session = app.sign_in(&client, "steward@demo.local").await;
    let csrf = session["csrf_token"].as_str().unwrap();
    for _ in 0..5 {
        let wrong = client
            .post(app.url("/api/v1/me/password"))
            .header("X-CSRF-Token", csrf)
            .json(&json!({ "current_password": "a guess at it", "new_password": "another long passphrase" }))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 422);
    }
    let locked = client
        .post(app.url("/api/v1/me/password"))
        .header("X-CSRF-Token", csrf)
        .json(&json!({ "current_password": DEMO_PASSWORD, "new_password": "another long passphrase" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        locked.status(),
        429,
        "guessing through a borrowed session is throttled too"
    );
    assert_eq!(
        attempt(&app, "steward@demo.local", DEMO_PASSWORD)
            .await
            .status(),
        429
    );
}

async fn failed_sign_in_address(app: &TestApp, forwarded_for: &str) -> Value {
    let response = Client::new()
        .post(app.url("/api/v1/auth/login"))
        .header("X-Forwarded-For", forwarded_for)
        .json(&json!({ "email": "approver@demo.local", "password": "wrong password" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let auditor = app.browser();
    app.sign_in(&auditor, "auditor@demo.local").await;
    let trail: Value = auditor
        .get(app.url("/api/v1/audit/events?action=auth.sign_in&outcome=failure"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    trail["events"][0]["client"]["address"].clone()
}

#[tokio::test]
async fn the_client_address_comes_from_a_trusted_proxy_only() {
    let direct = spawn_app(paddock_store::testing::sqlite()).await;
    assert_eq!(
        failed_sign_in_address(&direct, "203.0.113.5").await,
        "127.0.0.1",
        "a client cannot claim another address"
    );

    let proxied = support::spawn_app_behind(
        paddock_store::testing::sqlite(),
        &["127.0.0.1".parse().unwrap()],
    )
    .await;
    assert_eq!(
        failed_sign_in_address(&proxied, "198.51.100.1, 203.0.113.5").await,
        "203.0.113.5",
        "the address the proxy saw"
    );
}

#[tokio::test]
async fn forged_writes_are_audited() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.browser();
        app.sign_in(&builder, "builder@demo.local").await;
        for forged in [None, Some("forged")] {
            let mut request = builder
                .post(app.url("/api/v1/api-keys"))
                .json(&json!({ "name": "x" }));
            if let Some(token) = forged {
                request = request.header("X-CSRF-Token", token);
            }
            assert_eq!(request.send().await.unwrap().status(), 403);
        }
        let auditor = app.browser();
        app.sign_in(&auditor, "auditor@demo.local").await;
        let trail: Value = auditor
            .get(app.url("/api/v1/audit/events?action=auth.write_refused"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let events = trail["events"].as_array().unwrap();
        assert_eq!(events.len(), 2, "{}", app.backend);
        assert_eq!(events[0]["actor"]["label"], "builder@demo.local");
        assert_eq!(events[0]["outcome"], "denied");
    }
}
