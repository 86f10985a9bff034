//! Demo Corp: its workspaces, the environment chain, one person per role, groups and a
//! service account.

use paddock_core::account::{AccountKind, service_account_address};
use paddock_core::audit::{Action, Outcome};
use paddock_core::password::{NewPassword, PasswordHash};
use paddock_core::promotion::PublishingRule;
use paddock_core::values::{DisplayName, EmailAddress, Slug};
use paddock_core::{Grant, Role, Scope};
use paddock_store::grants::Holder;
use paddock_store::{Connection, grants, groups, organization, users, workspaces};
use serde_json::json;

use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::{ServiceError, password_work};

const ORGANISATION: &str = "Demo Corp";
const WORKSPACES: [(&str, &str); 2] =
    [("claims", "Claims"), ("it-service-desk", "IT Service Desk")];
const ENVIRONMENTS: [(&str, &str); 3] = [
    ("dev", "Development"),
    ("staging", "Staging"),
    ("prod", "Production"),
];
/// One person per role: (role, e-mail, display name, the workspaces where the role is granted
/// to them directly). Admin and auditor hold theirs organisation-wide; the others' roles
/// elsewhere come through [`GROUPS`].
const PEOPLE: [(Role, &str, &str, &[&str]); 7] = [
    (Role::Admin, "admin@demo.local", "Avery Admin", &[]),
    (
        Role::Steward,
        "steward@demo.local",
        "Sam Steward",
        &["claims", "it-service-desk"],
    ),
    (
        Role::Builder,
        "builder@demo.local",
        "Blake Builder",
        &["it-service-desk"],
    ),
    (
        Role::Approver,
        "approver@demo.local",
        "Alex Approver",
        &["claims"],
    ),
    (
        Role::Operator,
        "operator@demo.local",
        "Oli Operator",
        &["claims", "it-service-desk"],
    ),
    (Role::Consumer, "consumer@demo.local", "Casey Consumer", &[]),
    (Role::Auditor, "auditor@demo.local", "Jordan Auditor", &[]),
];

/// Groups: (name, description, (role, workspace) grants, members).
type DemoGroup = (
    &'static str,
    &'static str,
    &'static [(Role, &'static str)],
    &'static [&'static str],
);
const GROUPS: [DemoGroup; 4] = [
    (
        "Claims builders",
        "Citizen developers of the Claims team",
        &[(Role::Builder, "claims")],
        &["builder@demo.local"],
    ),
    (
        "IT approvers",
        "Reviewers of changes to IT Service Desk workflows",
        &[(Role::Approver, "it-service-desk")],
        &["approver@demo.local"],
    ),
    (
        "All staff",
        "Everyone who uses the apps the teams publish",
        &[
            (Role::Consumer, "claims"),
            (Role::Consumer, "it-service-desk"),
        ],
        &["consumer@demo.local"],
    ),
    (
        "Claims staff",
        "Claims handlers and assessors, who take in and settle claims",
        &[(Role::Consumer, "claims")],
        &["consumer@demo.local"],
    ),
];

/// A service account for a script that submits the claims arriving by e-mail through the Claims
/// apps: (name, display name, description, role, workspace). It gets no key: a token in the
/// seed would be a published secret.
const SERVICE_ACCOUNT: (&str, &str, &str, Role, &str) = (
    "claims-intake",
    "Claims intake mailbox",
    "Submits claims that arrive by e-mail; looked after by the IT integration team",
    Role::Consumer,
    "claims",
);

pub(super) async fn seed(conn: &mut Connection, password: NewPassword) -> Result<(), ServiceError> {
    if organization::name(conn).await?.is_none() {
        organization::set_name(conn, &name(ORGANISATION)).await?;
    }
    let mut demo_workspaces = Vec::new();
    for (slug, title) in WORKSPACES {
        demo_workspaces
            .push(workspaces::ensure_workspace(conn, &slug_of(slug), &name(title)).await?);
    }
    for (position, (slug, title)) in (0_i64..).zip(ENVIRONMENTS) {
        // Builders deploy to dev at will; staging and prod take one approval each.
        let rule = if position == 0 {
            PublishingRule::open()
        } else {
            PublishingRule::reviewed(1)
        };
        workspaces::ensure_environment(conn, &slug_of(slug), &name(title), position, &rule).await?;
    }

    // All demo accounts share one password, so one hash serves them all; it is computed only
    // when an account is missing, which keeps restarts fast.
    let mut shared_hash: Option<PasswordHash> = None;
    let mut password = Some(password);
    for (role, email, display_name, workspace_slugs) in PEOPLE {
        let email = EmailAddress::parse(email).expect("demo e-mail addresses are valid");
        let user_id = match users::find_by_email(conn, &email).await? {
            Some(existing) => existing.id,
            None => {
                if shared_hash.is_none() {
                    let password = password.take().expect("the password is hashed once");
                    shared_hash = Some(password_work(move || password.hash()).await);
                }
                let new_user = users::NewUser {
                    email: &email,
                    display_name: &name(display_name),
                    password_hash: shared_hash.as_ref(),
                    kind: AccountKind::Person,
                    description: "",
                };
                let id = users::insert(conn, new_user).await?;
                let entry = Entry {
                    actor: Actor::system("paddock serve --demo"),
                    action: Action::UserCreated,
                    target: Some(Target::user(id, email.as_str())),
                    workspace: None,
                    outcome: Outcome::Success,
                    summary: json!({ "display_name": display_name, "role": role, "demo": true }),
                };
                record(conn, &RequestContext::command_line(), entry).await?;
                id
            }
        };
        let scopes: Vec<Scope> = if role.may_be_organisation_wide() {
            vec![Scope::Organisation]
        } else {
            demo_workspaces
                .iter()
                .filter(|w| workspace_slugs.contains(&w.slug.as_str()))
                .map(|w| Scope::Workspace(w.id))
                .collect()
        };
        for scope in scopes {
            let grant = Grant::new(role, scope).expect("demo grants respect the role's scope");
            grants::grant(conn, Holder::User(user_id), grant).await?;
        }
    }

    for (group_name, description, group_grants, members) in GROUPS {
        let group_name = name(group_name);
        let group = match groups::find_by_name(conn, &group_name).await? {
            Some(existing) => existing.id,
            None => groups::insert(conn, &group_name, description).await?,
        };
        for (role, slug) in group_grants {
            let workspace = demo_workspaces
                .iter()
                .find(|w| w.slug.as_str() == *slug)
                .expect("a demo workspace");
            let grant = Grant::new(*role, Scope::Workspace(workspace.id))
                .expect("demo grants are per workspace");
            grants::grant(conn, Holder::Group(group), grant).await?;
        }
        for email in members {
            let email = EmailAddress::parse(email).expect("demo e-mail addresses are valid");
            let member = users::find_by_email(conn, &email)
                .await?
                .expect("demo members exist");
            groups::add_member(conn, group, member.id).await?;
        }
    }
    seed_service_account(conn, &demo_workspaces).await
}

async fn seed_service_account(
    conn: &mut Connection,
    demo_workspaces: &[workspaces::Workspace],
) -> Result<(), ServiceError> {
    let (account_name, display_name, description, role, slug) = SERVICE_ACCOUNT;
    let address = service_account_address(&slug_of(account_name)).expect("a valid demo address");
    if users::find_by_email(conn, &address).await?.is_some() {
        return Ok(());
    }
    let id = users::insert(
        conn,
        users::NewUser {
            email: &address,
            display_name: &name(display_name),
            password_hash: None,
            kind: AccountKind::Service,
            description,
        },
    )
    .await?;
    let entry = Entry {
        actor: Actor::system("paddock serve --demo"),
        action: Action::ServiceAccountCreated,
        target: Some(Target::user(id, address.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "display_name": display_name, "description": description, "demo": true }),
    };
    record(conn, &RequestContext::command_line(), entry).await?;
    let workspace = demo_workspaces
        .iter()
        .find(|w| w.slug.as_str() == slug)
        .expect("a demo workspace");
    let grant = Grant::new(role, Scope::Workspace(workspace.id)).expect("a per-workspace grant");
    grants::grant(conn, Holder::User(id), grant).await?;
    Ok(())
}

fn name(text: &str) -> DisplayName {
    DisplayName::parse(text).expect("demo names are valid")
}

fn slug_of(text: &str) -> Slug {
    Slug::parse(text).expect("demo slugs are valid")
}
