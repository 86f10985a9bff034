//! Accounts, sign-in and the demo seed, on every backend.

use paddock_core::time::Timestamp;
use paddock_core::{Code, Role};
use paddock_services::accounts::{self, NewAccount};
use paddock_services::audit::{self, Actor, ChainStatus, RequestContext};
use paddock_services::auth::{self, SessionToken};
use paddock_services::{ServiceError, demo};
use paddock_store::testing::test_databases;
use paddock_store::{grants, sessions, users};
use std::time::Duration;

const PASSWORD: &str = "correct horse battery";

async fn create(
    store: &paddock_store::Store,
    account: NewAccount<'_>,
) -> Result<paddock_core::values::EmailAddress, ServiceError> {
    accounts::create_account(
        store,
        &RequestContext::default(),
        Actor::system("test"),
        account.validate()?,
    )
    .await
}

fn account<'a>(email: &'a str, role: Role, workspace: Option<&'a str>) -> NewAccount<'a> {
    NewAccount {
        email,
        display_name: None,
        password: PASSWORD,
        role,
        workspace,
    }
}

#[tokio::test]
async fn the_demo_seed_is_idempotent_and_every_demo_user_can_sign_in() {
    for db in test_databases().await {
        let store = db.store().await;
        demo::seed(&store, demo::password(demo::DEFAULT_PASSWORD).unwrap())
            .await
            .unwrap();
        let admin_grants = {
            let mut conn = store.acquire().await.unwrap();
            let admin = users::find_by_email(&mut conn, &"admin@demo.local".parse_email())
                .await
                .unwrap()
                .unwrap();
            grants::held_by(&mut conn, admin.id).await.unwrap().len()
        };
        demo::seed(&store, demo::password(demo::DEFAULT_PASSWORD).unwrap())
            .await
            .unwrap();
        let mut conn = store.acquire().await.unwrap();
        let admin = users::find_by_email(&mut conn, &"admin@demo.local".parse_email())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            grants::held_by(&mut conn, admin.id).await.unwrap().len(),
            admin_grants
        );
        assert_eq!(
            paddock_store::workspaces::list_workspaces(&mut conn)
                .await
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            paddock_store::workspaces::list_environments(&mut conn)
                .await
                .unwrap()
                .len(),
            3
        );
        drop(conn);

        for role in Role::ALL {
            let email = format!("{role}@demo.local");
            let signed_in = auth::sign_in(
                &store,
                &RequestContext::default(),
                &email,
                demo::DEFAULT_PASSWORD,
            )
            .await
            .unwrap();
            assert!(
                signed_in
                    .user
                    .grants
                    .iter()
                    .all(|held| held.grant.role() == role),
                "{email}"
            );
            assert!(
                !signed_in.user.navigation.is_empty(),
                "{email} sees at least one section"
            );
        }
        assert!(accounts::administrator_exists(&store).await.unwrap());
    }
}

#[test]
fn a_weak_demo_password_is_refused() {
    let error = demo::password("short").unwrap_err();
    assert_eq!(error.code(), Code::InvalidInput);
}

#[tokio::test]
async fn creating_an_account_grants_its_role_and_the_session_works() {
    for db in test_databases().await {
        let store = db.store().await;
        assert!(!accounts::administrator_exists(&store).await.unwrap());
        let email = create(&store, account("Root@Example.com", Role::Admin, None))
            .await
            .unwrap();
        assert_eq!(email.as_str(), "root@example.com");
        assert!(accounts::administrator_exists(&store).await.unwrap());

        let signed_in = auth::sign_in(
            &store,
            &RequestContext::default(),
            "root@example.com",
            PASSWORD,
        )
        .await
        .unwrap();
        assert_eq!(signed_in.user.display_name.as_str(), "root");
        let token = SessionToken::from_cookie(signed_in.token.expose());
        let principal = auth::authenticate(&store, &token).await.unwrap();
        assert_eq!(principal.user_id, signed_in.user.id);
        assert_eq!(
            principal.csrf_token.as_deref(),
            Some(signed_in.csrf_token.as_str())
        );

        auth::sign_out(&store, &RequestContext::default(), &principal, &token)
            .await
            .unwrap();
        assert!(matches!(
            auth::authenticate(&store, &token).await,
            Err(ServiceError::Unauthenticated)
        ));
    }
}

#[tokio::test]
async fn bad_accounts_are_refused_and_leave_nothing_behind() {
    for db in test_databases().await {
        let store = db.store().await;
        demo::seed(&store, demo::password(demo::DEFAULT_PASSWORD).unwrap())
            .await
            .unwrap();
        let cases = [
            (
                account("not-an-email", Role::Admin, None),
                Code::InvalidInput,
            ),
            (
                NewAccount {
                    password: "short",
                    ..account("a@example.com", Role::Admin, None)
                },
                Code::InvalidInput,
            ),
            (
                account("b@example.com", Role::Builder, None),
                Code::InvalidInput,
            ),
            (
                account("c@example.com", Role::Builder, Some("Not A Slug")),
                Code::InvalidInput,
            ),
            (
                account("d@example.com", Role::Builder, Some("no-such-team")),
                Code::NotFound,
            ),
            (
                account("admin@demo.local", Role::Auditor, None),
                Code::AlreadyExists,
            ),
        ];
        for (new_account, expected) in cases {
            let email = new_account.email.to_owned();
            let error = create(&store, new_account).await.unwrap_err();
            assert_eq!(
                error.code(),
                expected,
                "{email} on {:?}: {error}",
                db.backend()
            );
        }
        let mut conn = store.acquire().await.unwrap();
        for email in [
            "a@example.com",
            "b@example.com",
            "c@example.com",
            "d@example.com",
        ] {
            assert!(
                users::find_by_email(&mut conn, &email.parse_email())
                    .await
                    .unwrap()
                    .is_none(),
                "{email}"
            );
        }
        let admin = users::find_by_email(&mut conn, &"admin@demo.local".parse_email())
            .await
            .unwrap()
            .unwrap();
        let held = grants::held_by(&mut conn, admin.id).await.unwrap();
        assert!(
            held.iter().all(|h| h.grant.role() == Role::Admin),
            "the refused grant was not added"
        );
    }
}

#[tokio::test]
async fn a_workspace_grant_reaches_only_that_workspace() {
    let db = paddock_store::testing::sqlite();
    let store = db.store().await;
    demo::seed(&store, demo::password(demo::DEFAULT_PASSWORD).unwrap())
        .await
        .unwrap();
    create(
        &store,
        account("claims-only@example.com", Role::Builder, Some("claims")),
    )
    .await
    .unwrap();
    let signed_in = auth::sign_in(
        &store,
        &RequestContext::default(),
        "claims-only@example.com",
        PASSWORD,
    )
    .await
    .unwrap();
    let slugs: Vec<&str> = signed_in
        .user
        .workspaces
        .iter()
        .map(|w| w.slug.as_str())
        .collect();
    assert_eq!(slugs, ["claims"]);
}

trait ParseEmail {
    fn parse_email(&self) -> paddock_core::values::EmailAddress;
}

impl ParseEmail for &str {
    fn parse_email(&self) -> paddock_core::values::EmailAddress {
        paddock_core::values::EmailAddress::parse(self).unwrap()
    }
}

/// A session row for the token `token`, stored the way sign-in stores it (by SHA-256).
async fn plant_session(
    store: &paddock_store::Store,
    token: &str,
    last_seen_ago: Duration,
    expires_in: i64,
) {
    use sha2::{Digest, Sha256};
    let mut conn = store.acquire().await.unwrap();
    let user = users::find_by_email(&mut conn, &"builder@demo.local".parse_email())
        .await
        .unwrap()
        .unwrap();
    let now = Timestamp::now();
    let session = sessions::Session {
        user_id: user.id,
        csrf_token: "csrf".into(),
        last_seen_at: now.minus(last_seen_ago),
        expires_at: Timestamp::from_millis(now.as_millis() + expires_in),
    };
    let key = hex::encode(Sha256::digest(token.as_bytes()));
    sessions::insert(&mut conn, &key, &session).await.unwrap();
}

#[tokio::test]
async fn idle_and_expired_sessions_end() {
    for db in test_databases().await {
        let store = db.store().await;
        demo::seed(&store, demo::password(demo::DEFAULT_PASSWORD).unwrap())
            .await
            .unwrap();
        let hour = Duration::from_secs(3600);
        plant_session(&store, "active", hour, 3_600_000).await;
        plant_session(&store, "idle", auth::SESSION_IDLE_TIMEOUT + hour, 3_600_000).await;
        plant_session(&store, "expired", Duration::ZERO, -1).await;

        assert!(
            auth::authenticate(&store, &SessionToken::from_cookie("active"))
                .await
                .is_ok()
        );
        for token in ["idle", "expired", "never-issued"] {
            let outcome = auth::authenticate(&store, &SessionToken::from_cookie(token)).await;
            assert!(
                matches!(outcome, Err(ServiceError::Unauthenticated)),
                "{token} on {:?}",
                db.backend()
            );
        }
    }
}

#[tokio::test]
async fn sign_ins_and_new_accounts_are_audited_in_an_intact_chain() {
    for db in test_databases().await {
        let store = db.store().await;
        demo::seed(&store, demo::password(demo::DEFAULT_PASSWORD).unwrap())
            .await
            .unwrap();
        demo::seed(&store, demo::password(demo::DEFAULT_PASSWORD).unwrap())
            .await
            .unwrap();
        let context = RequestContext {
            client_address: Some("203.0.113.9".into()),
            user_agent: Some("curl/8".into()),
            request_id: Some("req-1".into()),
        };
        auth::sign_in(&store, &context, "admin@demo.local", "wrong password!")
            .await
            .unwrap_err();
        auth::sign_in(&store, &context, "nobody@demo.local", "whatever")
            .await
            .unwrap_err();
        auth::sign_in(&store, &context, "admin@demo.local", demo::DEFAULT_PASSWORD)
            .await
            .unwrap();

        let mut events = Vec::new();
        audit::export(&store, None, None, |chained| {
            events.push(serde_json::to_value(audit::AuditEventView::from(chained)).unwrap());
            Ok(())
        })
        .await
        .unwrap();
        let actions: Vec<(&str, &str)> = events
            .iter()
            .map(|e| {
                (
                    e["action"].as_str().unwrap(),
                    e["outcome"].as_str().unwrap(),
                )
            })
            .collect();
        let mut expected = vec![("user.created", "success"); 7];
        expected.extend([
            ("service_account.created", "success"),
            ("knowledge.created", "success"),
            ("knowledge.created", "success"),
            ("auth.sign_in", "failure"),
            ("auth.sign_in", "failure"),
            ("auth.sign_in", "success"),
        ]);
        assert_eq!(
            actions,
            expected,
            "seeding twice creates the accounts once ({:?})",
            db.backend()
        );

        let wrong_password = &events[10];
        assert_eq!(wrong_password["summary"]["reason"], "wrong password");
        assert_eq!(wrong_password["actor"]["kind"], "anonymous");
        assert_eq!(wrong_password["target"]["label"], "admin@demo.local");
        assert_eq!(wrong_password["client"]["address"], "203.0.113.9");
        assert_eq!(wrong_password["client"]["request_id"], "req-1");
        assert_eq!(
            events[11]["summary"]["reason"],
            "no account has this e-mail address"
        );
        assert_eq!(events[12]["actor"]["label"], "admin@demo.local");
        let everything = serde_json::to_string(&events).unwrap();
        assert!(
            !everything.contains("wrong password!") && !everything.contains(demo::DEFAULT_PASSWORD),
            "no password in the trail"
        );

        assert_eq!(
            audit::verify_chain(&store).await.unwrap(),
            ChainStatus::Intact { events: 13 }
        );

        let later = Timestamp::now().plus(Duration::from_secs(60));
        let none = audit::export(&store, Some(later), None, |_| Ok(()))
            .await
            .unwrap();
        assert_eq!(none, 0, "nothing happened after now");
        let first = Timestamp::from_millis(events[0]["occurred_at_ms"].as_i64().unwrap());
        let last = Timestamp::from_millis(events[9]["occurred_at_ms"].as_i64().unwrap());
        let window = audit::export(&store, Some(first), Some(last), |_| Ok(()))
            .await
            .unwrap();
        assert!((1..10).contains(&window), "until is exclusive: {window}");
    }
}

#[tokio::test]
async fn an_expired_api_key_is_refused_and_the_refusal_audited() {
    use paddock_services::api_keys::{self, NewKey};
    for db in test_databases().await {
        let store = db.store().await;
        demo::seed(&store, demo::password(demo::DEFAULT_PASSWORD).unwrap())
            .await
            .unwrap();
        let context = RequestContext::default();
        let signed_in = auth::sign_in(
            &store,
            &context,
            "auditor@demo.local",
            demo::DEFAULT_PASSWORD,
        )
        .await
        .unwrap();
        let principal =
            auth::authenticate(&store, &SessionToken::from_cookie(signed_in.token.expose()))
                .await
                .unwrap();
        let new = NewKey {
            name: "short-lived".into(),
            expires_in_days: Some(1),
            permissions: None,
            workspaces: None,
        };
        let created = api_keys::create_key(&store, &context, &principal, new)
            .await
            .unwrap();
        assert!(
            api_keys::authenticate_key(&store, &context, &created.token)
                .await
                .is_ok()
        );

        db.tamper("UPDATE api_keys SET expires_at = 1").await;
        let refused = api_keys::authenticate_key(&store, &context, &created.token).await;
        assert!(
            matches!(refused, Err(ServiceError::Unauthenticated)),
            "{:?}",
            db.backend()
        );

        let mut events = Vec::new();
        audit::export(&store, None, None, |chained| {
            events.push(chained.record.action.clone() + ":" + &chained.record.summary);
            Ok(())
        })
        .await
        .unwrap();
        assert!(
            events.last().unwrap().starts_with("auth.api_key_rejected:")
                && events.last().unwrap().contains("expired"),
            "{events:?}"
        );
        assert_eq!(
            audit::verify_chain(&store).await.unwrap(),
            ChainStatus::Intact {
                events: events.len() as i64
            }
        );
    }
}
