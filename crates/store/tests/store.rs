//! The store suite: every test runs on SQLite and, when `PADDOCK_TEST_DATABASE_URL` is set, on
//! PostgreSQL, against a fresh database each.

use paddock_core::account::AccountKind;
use paddock_core::ids::UserId;
use paddock_core::password::NewPassword;
use paddock_core::time::Timestamp;
use paddock_core::values::{DisplayName, EmailAddress, Slug};
use paddock_core::{Grant, Role, Scope};
use paddock_store::error::Conflict;
use paddock_store::grants::Holder;
use paddock_store::testing::test_databases;
use paddock_store::{
    Backend, Connection, Store, StoreError, grants, groups, organization, sessions, users,
    workspaces,
};

fn email(text: &str) -> EmailAddress {
    EmailAddress::parse(text).unwrap()
}

fn name(text: &str) -> DisplayName {
    DisplayName::parse(text).unwrap()
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

async fn add_user(conn: &mut Connection, address: &str) -> UserId {
    let address = email(address);
    let display = name(address.local_part());
    users::insert(
        conn,
        users::NewUser {
            email: &address,
            display_name: &display,
            password_hash: None,
            kind: AccountKind::Person,
            description: "",
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn migrations_make_the_store_ready_and_can_run_again() {
    for db in test_databases().await {
        let store = Store::connect(db.url()).await.unwrap();
        assert!(
            matches!(
                store.check_ready().await,
                Err(StoreError::MigrationsPending)
            ),
            "{:?}: an unmigrated database is not ready",
            db.backend()
        );
        store.migrate().await.unwrap();
        store.migrate().await.unwrap();
        store.check_ready().await.unwrap();
        store.close().await;
    }
}

#[tokio::test]
async fn users_are_found_by_id_and_normalised_email_and_emails_are_unique() {
    for db in test_databases().await {
        let store = db.store().await;
        let mut conn = store.acquire().await.unwrap();
        let hash = NewPassword::parse("correct horse battery").unwrap().hash();
        let address = email("Ada@Example.com");
        let id = users::insert(
            &mut conn,
            users::NewUser {
                email: &address,
                display_name: &name("Ada Lovelace"),
                password_hash: Some(&hash),
                kind: AccountKind::Person,
                description: "",
            },
        )
        .await
        .unwrap();

        let by_email = users::find_by_email(&mut conn, &email("ada@example.com"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(by_email.id, id);
        assert_eq!(by_email.display_name.as_str(), "Ada Lovelace");
        assert!(!by_email.disabled);
        assert!(
            by_email
                .password_hash
                .unwrap()
                .verify("correct horse battery")
        );
        assert_eq!(
            users::find(&mut conn, id).await.unwrap().unwrap().email,
            address
        );
        assert!(
            users::find(&mut conn, UserId::generate())
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            users::find_by_email(&mut conn, &email("bob@example.com"))
                .await
                .unwrap()
                .is_none()
        );

        let duplicate = users::insert(
            &mut conn,
            users::NewUser {
                email: &address,
                display_name: &name("Imposter"),
                password_hash: None,
                kind: AccountKind::Person,
                description: "",
            },
        )
        .await;
        assert!(
            matches!(
                duplicate,
                Err(StoreError::UniqueViolation(Conflict::UserEmail))
            ),
            "{:?}: {duplicate:?}",
            db.backend()
        );
    }
}

#[tokio::test]
async fn workspaces_and_environments_are_created_once_and_listed_in_order() {
    for db in test_databases().await {
        let store = db.store().await;
        let mut conn = store.acquire().await.unwrap();
        let claims = workspaces::ensure_workspace(&mut conn, &slug("claims"), &name("Claims"))
            .await
            .unwrap();
        let again = workspaces::ensure_workspace(&mut conn, &slug("claims"), &name("Renamed"))
            .await
            .unwrap();
        assert_eq!(
            claims, again,
            "ensuring an existing workspace changes nothing"
        );
        workspaces::ensure_workspace(&mut conn, &slug("audit-office"), &name("Audit Office"))
            .await
            .unwrap();
        let listed: Vec<String> = workspaces::list_workspaces(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .map(|w| w.slug.to_string())
            .collect();
        assert_eq!(listed, ["audit-office", "claims"]);
        assert_eq!(
            workspaces::find_workspace(&mut conn, &slug("claims"))
                .await
                .unwrap(),
            Some(claims)
        );
        assert_eq!(
            workspaces::find_workspace(&mut conn, &slug("nope"))
                .await
                .unwrap(),
            None
        );

        for (position, env) in [(2, "prod"), (0, "dev"), (1, "staging"), (0, "dev")] {
            workspaces::ensure_environment(
                &mut conn,
                &slug(env),
                &name(env),
                position,
                &paddock_core::promotion::PublishingRule::reviewed(1),
            )
            .await
            .unwrap();
        }
        let chain: Vec<String> = workspaces::list_environments(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.slug.to_string())
            .collect();
        assert_eq!(chain, ["dev", "staging", "prod"], "{:?}", db.backend());
    }
}

#[tokio::test]
async fn grants_are_idempotent_and_report_their_scope() {
    for db in test_databases().await {
        let store = db.store().await;
        let mut conn = store.acquire().await.unwrap();
        let claims = workspaces::ensure_workspace(&mut conn, &slug("claims"), &name("Claims"))
            .await
            .unwrap();
        let ada = add_user(&mut conn, "ada@example.com").await;
        let admin = Grant::new(Role::Admin, Scope::Organisation).unwrap();
        let builder = Grant::new(Role::Builder, Scope::Workspace(claims.id)).unwrap();
        for grant in [builder, admin, builder, admin] {
            grants::grant(&mut conn, Holder::User(ada), grant)
                .await
                .unwrap();
        }
        let held = grants::held_by(&mut conn, ada).await.unwrap();
        assert_eq!(
            held.len(),
            2,
            "{:?}: granting twice stores one grant",
            db.backend()
        );
        assert_eq!(held[0].grant, admin, "organisation-wide grants come first");
        assert!(held[0].workspace.is_none());
        assert_eq!(held[1].grant, builder);
        assert_eq!(
            held[1].workspace.as_ref().map(|w| w.slug.as_str()),
            Some("claims")
        );

        assert_eq!(
            grants::count_enabled_holders(&mut conn, Role::Admin)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            grants::count_enabled_holders(&mut conn, Role::Builder)
                .await
                .unwrap(),
            0,
            "only organisation-wide grants count"
        );
    }
}

#[tokio::test]
async fn foreign_keys_are_enforced() {
    for db in test_databases().await {
        let store = db.store().await;
        let mut conn = store.acquire().await.unwrap();
        let orphan = grants::grant(
            &mut conn,
            Holder::User(UserId::generate()),
            Grant::new(Role::Auditor, Scope::Organisation).unwrap(),
        )
        .await;
        assert!(
            orphan.is_err(),
            "{:?}: a grant for a missing user was stored",
            db.backend()
        );
    }
}

async fn signed_in(
    conn: &mut Connection,
    hash: &str,
) -> Option<(sessions::Session, Option<grants::Caller>)> {
    sessions::find_signed_in(conn, hash).await.unwrap()
}

#[tokio::test]
async fn sessions_are_stored_by_hash_and_can_be_touched_and_ended() {
    for db in test_databases().await {
        let store = db.store().await;
        let mut conn = store.acquire().await.unwrap();
        let ada = add_user(&mut conn, "ada@example.com").await;
        let now = Timestamp::from_millis(1_700_000_000_000);
        let session = sessions::Session {
            user_id: ada,
            csrf_token: "csrf".into(),
            last_seen_at: now,
            expires_at: Timestamp::from_millis(now.as_millis() + 1000),
        };
        sessions::insert(&mut conn, "hash-1", &session)
            .await
            .unwrap();
        // Read with the person and their rights: none yet, then one of their own and one
        // through a group.
        let (found, caller) = signed_in(&mut conn, "hash-1").await.unwrap();
        assert_eq!(
            (found.user_id, found.csrf_token.as_str(), found.last_seen_at),
            (ada, "csrf", now)
        );
        let caller = caller.unwrap();
        assert_eq!(caller.email.as_str(), "ada@example.com");
        assert!(!caller.disabled);
        assert_eq!(caller.rights, grants::Rights::default());
        let auditor = Grant::new(Role::Auditor, Scope::Organisation).unwrap();
        grants::grant(&mut conn, Holder::User(ada), auditor)
            .await
            .unwrap();
        let team = groups::insert(&mut conn, &DisplayName::parse("Team").unwrap(), "")
            .await
            .unwrap();
        groups::add_member(&mut conn, team, ada).await.unwrap();
        let admin = Grant::new(Role::Admin, Scope::Organisation).unwrap();
        grants::grant(&mut conn, Holder::Group(team), admin)
            .await
            .unwrap();
        let (_, caller) = signed_in(&mut conn, "hash-1").await.unwrap();
        let rights = caller.unwrap().rights;
        assert_eq!(rights.groups, [team]);
        assert_eq!(rights.grants.len(), 2, "{rights:?}");
        assert!(rights.grants.contains(&auditor) && rights.grants.contains(&admin));

        let later = Timestamp::from_millis(now.as_millis() + 500);
        sessions::touch(&mut conn, "hash-1", later).await.unwrap();
        let (found, _) = signed_in(&mut conn, "hash-1").await.unwrap();
        assert_eq!(found.last_seen_at, later);

        sessions::delete(&mut conn, "hash-1").await.unwrap();
        assert!(signed_in(&mut conn, "hash-1").await.is_none());
    }
}

#[tokio::test]
async fn a_transaction_dropped_without_commit_leaves_nothing() {
    for db in test_databases().await {
        let store = db.store().await;
        {
            let mut tx = store.begin().await.unwrap();
            add_user(&mut tx, "ghost@example.com").await;
            organization::set_name(&mut tx, &name("Ghost Corp"))
                .await
                .unwrap();
        }
        let mut conn = store.acquire().await.unwrap();
        assert!(
            users::find_by_email(&mut conn, &email("ghost@example.com"))
                .await
                .unwrap()
                .is_none()
        );
        assert!(organization::name(&mut conn).await.unwrap().is_none());

        let mut tx = store.begin().await.unwrap();
        organization::set_name(&mut tx, &name("Demo Corp"))
            .await
            .unwrap();
        organization::set_name(&mut tx, &name("Demo Corp Ltd"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            organization::name(&mut conn)
                .await
                .unwrap()
                .unwrap()
                .as_str(),
            "Demo Corp Ltd"
        );
    }
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode() {
    let db = paddock_store::testing::sqlite();
    let store = db.store().await;
    assert_eq!(store.backend(), Backend::Sqlite);
    let mut conn = store.acquire().await.unwrap();
    let mode: String = sqlx_scalar(&mut conn, "PRAGMA journal_mode").await;
    assert_eq!(mode, "wal");
    let foreign_keys: i64 = sqlx_scalar(&mut conn, "PRAGMA foreign_keys").await;
    assert_eq!(foreign_keys, 1);
}

async fn sqlx_scalar<T>(conn: &mut Connection, statement: &'static str) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any> + Send + Unpin,
{
    sqlx::query_scalar(statement).fetch_one(conn).await.unwrap()
}

#[tokio::test]
async fn expired_and_idle_sessions_are_swept() {
    for db in test_databases().await {
        let store = db.store().await;
        let mut conn = store.acquire().await.unwrap();
        let ada = add_user(&mut conn, "ada@example.com").await;
        let at = Timestamp::from_millis;
        for (key, last_seen, expires) in [
            ("expired", 900, 1_000),
            ("idle", 100, 9_000),
            ("fresh", 950, 9_000),
        ] {
            let session = sessions::Session {
                user_id: ada,
                csrf_token: "csrf".into(),
                last_seen_at: at(last_seen),
                expires_at: at(expires),
            };
            sessions::insert(&mut conn, key, &session).await.unwrap();
        }
        let swept = sessions::delete_expired(&mut conn, at(1_000), at(500))
            .await
            .unwrap();
        assert_eq!(swept, 2, "{:?}", db.backend());
        assert!(signed_in(&mut conn, "fresh").await.is_some());
        assert!(signed_in(&mut conn, "idle").await.is_none());
    }
}

#[tokio::test]
async fn failures_lock_a_key_at_the_threshold_and_old_windows_start_over() {
    use paddock_store::throttle;
    for db in test_databases().await {
        let store = db.store().await;
        let mut conn = store.acquire().await.unwrap();
        let at = Timestamp::from_millis;
        async fn fail(conn: &mut Connection, now: i64) -> Option<Timestamp> {
            let at = Timestamp::from_millis;
            let key = "account:ada@example.com";
            throttle::record_failure(conn, key, at(now), at(now - 1_000), 3, at(now + 5_000))
                .await
                .unwrap()
        }
        assert_eq!(fail(&mut conn, 10_000).await, None);
        assert_eq!(fail(&mut conn, 10_100).await, None);
        // A failure after the window has passed counts as the first of a new one.
        assert_eq!(fail(&mut conn, 20_000).await, None);
        assert_eq!(fail(&mut conn, 20_100).await, None);
        assert_eq!(
            fail(&mut conn, 20_200).await,
            Some(at(25_200)),
            "{:?}",
            db.backend()
        );
        let key = "account:ada@example.com";
        assert_eq!(
            throttle::locked_until(&mut conn, key, at(21_000))
                .await
                .unwrap(),
            Some(at(25_200))
        );
        assert_eq!(
            throttle::locked_until(&mut conn, key, at(25_200))
                .await
                .unwrap(),
            None,
            "the lock expires"
        );
        throttle::clear(&mut conn, key).await.unwrap();
        assert_eq!(
            throttle::locked_until(&mut conn, key, at(21_000))
                .await
                .unwrap(),
            None
        );
    }
}
