//! The demo's connections, bound in both demo workspaces:
//!
//! - `tickets` → **tickets-sandbox** in dev and staging, **tickets-prod** in prod: Zendesk-style
//!   ticketing connections to the *demo ticketing stand-in* that `paddock serve --demo` itself
//!   serves under `/demo/ticketing/…` (not a real ticketing system);
//! - `mail` → **demo-mail**: SMTP to a mail catcher on 127.0.0.1:1025 (such as mailpit), for
//!   `demo.local` addresses only; its Test says whether one runs;
//! - `policies` (claims) → **policies-db**: a small SQLite database of insurance policies, made
//!   in the data directory.
//!
//! The stand-in's address follows the port the demo serves on; everything else a person changed
//! is kept.

use std::net::SocketAddr;
use std::path::Path;

use paddock_core::connection::ConnectorKind;
use paddock_core::ids::ConnectionId;
use paddock_core::label::{Clearance, Label};
use paddock_core::values::Slug;
use paddock_integrations::secrets::Keyring;
use paddock_store::connections::{self, ConnectionSettings};
use paddock_store::secrets::SecretOwner;
use paddock_store::{Store, workspaces};
use serde_json::{Value, json};
use sqlx::Connection as _;

use crate::ServiceError;
use crate::secrets::sealing_context;

/// The token the stand-in expects; it is a demo, and the token is sealed like any other.
const STAND_IN_TOKEN: &str = "demo-ticketing-token";
/// The sample database, in the data directory.
const POLICIES_FILE: &str = "demo-policies.sqlite3";

struct Demo {
    name: &'static str,
    kind: ConnectorKind,
    description: &'static str,
    settings: Value,
    credential: Option<&'static str>,
    read_label: &'static str,
    write_clearance: &'static str,
    /// Whether its address is the demo server's own (updated on every start).
    served_here: bool,
}

fn stand_in(desk: &str, address: SocketAddr) -> Value {
    json!({
        "system": "zendesk",
        "base_url": format!("http://127.0.0.1:{}/demo/ticketing/{desk}", address.port()),
        "auth": { "type": "bearer" },
    })
}

fn demos(address: SocketAddr, data_dir: &Path) -> [Demo; 4] {
    let policies = data_dir.join(POLICIES_FILE);
    [
        Demo {
            name: "tickets-sandbox",
            kind: ConnectorKind::Ticketing,
            description: "Demo ticketing stand-in, sandbox desk (served by paddock serve --demo; not a real ticketing system).",
            settings: stand_in("sandbox", address),
            credential: Some(STAND_IN_TOKEN),
            read_label: "internal",
            write_clearance: "confidential",
            served_here: true,
        },
        Demo {
            name: "tickets-prod",
            kind: ConnectorKind::Ticketing,
            description: "Demo ticketing stand-in, production desk (served by paddock serve --demo; not a real ticketing system).",
            settings: stand_in("prod", address),
            credential: Some(STAND_IN_TOKEN),
            read_label: "internal",
            write_clearance: "confidential",
            served_here: true,
        },
        Demo {
            name: "demo-mail",
            kind: ConnectorKind::Smtp,
            description: "Demo: mail to demo.local addresses through a mail catcher on 127.0.0.1:1025 (e.g. mailpit). Test says whether one runs.",
            settings: json!({
                "host": "127.0.0.1", "port": 1025, "security": "none",
                "from": "Paddock demo <paddock@demo.local>", "allowed_domains": ["demo.local"],
            }),
            credential: None,
            read_label: "internal",
            write_clearance: "confidential/pii",
            served_here: false,
        },
        Demo {
            name: "policies-db",
            kind: ConnectorKind::Sql,
            description: "Demo: a small SQLite database of insurance policies, in the data directory.",
            settings: json!({
                "engine": "sqlite",
                "path": policies.to_string_lossy(),
                "row_limit": 100,
                "actions": [
                    {
                        "name": "find_policy", "access": "read",
                        "description": "The policy with this number: holder, product, cover and excess.",
                        "statement": "SELECT number, holder, product, cover_limit, excess, active FROM policies WHERE number = ?",
                        "parameters": ["{{ input.number }}"],
                        "input_schema": { "type": "object", "required": ["number"], "properties": { "number": { "type": "string" } } },
                    },
                    {
                        "name": "policies_of", "access": "read",
                        "description": "The policies of a holder, by e-mail address.",
                        "statement": "SELECT number, product, active FROM policies WHERE holder_email = ? ORDER BY number",
                        "parameters": ["{{ input.email }}"],
                        "input_schema": { "type": "object", "required": ["email"], "properties": { "email": { "type": "string" } } },
                    },
                ],
            }),
            credential: None,
            read_label: "confidential/pii",
            // Looking policies up by e-mail address sends personal data.
            write_clearance: "confidential/pii",
            served_here: false,
        },
    ]
}

/// The sample policies, made once.
async fn policies_database(path: &Path) -> Result<(), ServiceError> {
    if path.exists() {
        return Ok(());
    }
    let failed = |e: sqlx::Error| {
        ServiceError::Internal(format!(
            "the demo policies database {} cannot be made: {e}",
            path.display()
        ))
    };
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .map_err(failed)?;
    sqlx::raw_sql(
        "CREATE TABLE policies (
             number TEXT PRIMARY KEY, holder TEXT NOT NULL, holder_email TEXT NOT NULL,
             product TEXT NOT NULL, cover_limit INTEGER NOT NULL, excess INTEGER NOT NULL,
             active INTEGER NOT NULL
         );
         INSERT INTO policies VALUES
             ('PN-1001', 'Ada Byron', 'ada@example.com', 'Motor comprehensive', 25000, 250, 1),
             ('PN-1002', 'Alan Turing', 'alan@example.com', 'Home contents', 60000, 100, 1),
             ('PN-1003', 'Grace Hopper', 'grace@example.com', 'Travel annual', 10000, 50, 1),
             ('PN-1004', 'Ada Byron', 'ada@example.com', 'Home buildings', 400000, 500, 0);",
    )
    .execute(&mut conn)
    .await
    .map_err(failed)?;
    conn.close().await.map_err(failed)
}

/// Creates the demo connections that are missing and binds them; points the stand-in's
/// connections at the port the demo serves on now.
pub async fn seed(
    store: &Store,
    keyring: &Keyring,
    address: SocketAddr,
    data_dir: &Path,
) -> Result<(), ServiceError> {
    policies_database(&data_dir.join(POLICIES_FILE)).await?;
    let mut tx = store.begin().await?;
    let mut ids = std::collections::BTreeMap::new();
    // Only connections made now are bound: a binding someone removed stays removed.
    let mut created = std::collections::BTreeSet::new();
    for demo in demos(address, data_dir) {
        if let Some(mut existing) = connections::find(&mut tx, demo.name).await? {
            // Only the port of an address still pointing at the stand-in follows the demo; an
            // address someone changed stays theirs.
            let stand_in = existing.settings.config["base_url"]
                .as_str()
                .is_some_and(|url| {
                    url.starts_with("http://127.0.0.1:") && url.contains("/demo/ticketing/")
                });
            if demo.served_here && stand_in {
                let base_url = demo.settings["base_url"].clone();
                if existing.settings.config["base_url"] != base_url {
                    existing.settings.config["base_url"] = base_url;
                    connections::update(&mut tx, existing.id, &existing.settings).await?;
                }
            }
            ids.insert(demo.name, existing.id);
            continue;
        }
        let id = ConnectionId::generate();
        let settings = ConnectionSettings {
            name: Slug::parse(demo.name).expect("demo names are valid"),
            kind: demo.kind,
            description: demo.description.to_owned(),
            config: demo.settings,
            sealed_credential: demo.credential.map(|clear| {
                keyring.seal(
                    clear,
                    &sealing_context(SecretOwner::Connection, &id.to_string()),
                )
            }),
            read_label: Label::parse(demo.read_label).expect("valid"),
            write_clearance: Clearance::parse(demo.write_clearance).expect("valid"),
            egress: Vec::new(),
            allowed_ranges: vec![paddock_core::egress::Cidr::parse("127.0.0.1/32").expect("valid")],
            allowed_actions: None,
            all_workspaces: true,
            workspaces: Vec::new(),
            groups: Vec::new(),
            enabled: true,
        };
        connections::insert(&mut tx, id, &settings).await?;
        ids.insert(demo.name, id);
        created.insert(demo.name);
    }
    let environments = workspaces::list_environments(&mut tx).await?;
    for workspace in workspaces::list_workspaces(&mut tx).await? {
        let slug = workspace.slug.as_str();
        if slug != "claims" && slug != "it-service-desk" {
            continue;
        }
        let bound = connections::bindings(&mut tx, workspace.id, None).await?;
        for environment in &environments {
            let tickets = if environment.slug.as_str() == "prod" {
                "tickets-prod"
            } else {
                "tickets-sandbox"
            };
            let mut wanted = vec![("tickets", tickets), ("mail", "demo-mail")];
            if slug == "claims" {
                wanted.push(("policies", "policies-db"));
            }
            for (alias, connection) in wanted {
                let already = bound
                    .iter()
                    .any(|b| b.environment == environment.id && b.alias == alias);
                if created.contains(connection) && !already {
                    connections::bind(
                        &mut tx,
                        workspace.id,
                        environment.id,
                        alias,
                        ids[connection],
                    )
                    .await?;
                }
            }
        }
    }
    tx.commit().await?;
    Ok(())
}
