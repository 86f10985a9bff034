//! The demo's knowledge bases: the Claims team's policies (confidential) and the IT Service
//! Desk's runbooks (internal), each shared with its own workspace, which the demo workflows
//! search. Their documents, written for the demo — one of them a scanned page, read by OCR —
//! are added by [`seed_documents`] (`paddock serve --demo`), for the server's workers to read.

use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::UserId;
use paddock_core::knowledge::{AccessEntry, AccessList, Grantee};
use paddock_core::values::{EmailAddress, Slug};
use paddock_store::knowledge::{self, Details, NewDocument};
use paddock_store::{Connection, Store, users, workspaces};
use serde_json::json;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::knowledge::documents::check;
use crate::publishing::runs::FilePart;

struct DemoKnowledgeBase {
    slug: &'static str,
    name: &'static str,
    description: &'static str,
    label: &'static str,
    workspace: &'static str,
    documents: &'static [(&'static str, &'static [u8])],
}

macro_rules! document {
    ($dir:literal, $name:literal) => {
        (
            $name,
            include_bytes!(concat!("knowledge/", $dir, "/", $name)),
        )
    };
}

const BASES: [DemoKnowledgeBase; 2] = [
    DemoKnowledgeBase {
        slug: "claims-policies",
        name: "Claims policies",
        description: "The claims handling handbook: what the household, motor and travel policies cover, authority limits, and when to refer a claim for fraud.",
        label: "confidential",
        workspace: "claims",
        documents: &[
            document!("claims-policies", "household-water-damage.md"),
            document!("claims-policies", "motor-claims-handling.md"),
            document!("claims-policies", "travel-claims.md"),
            document!("claims-policies", "fraud-indicators.md"),
            document!("claims-policies", "claims-authority-limits.txt"),
        ],
    },
    DemoKnowledgeBase {
        slug: "it-runbooks",
        name: "IT runbooks",
        description: "How the IT Service Desk handles outages, password resets, laptops, e-mail and printers.",
        label: "internal",
        workspace: "it-service-desk",
        documents: &[
            document!("it-runbooks", "vpn-outage.md"),
            document!("it-runbooks", "password-reset.md"),
            document!("it-runbooks", "laptop-replacement.md"),
            document!("it-runbooks", "email-delivery-problems.md"),
            document!("it-runbooks", "printer-jam-procedure.png"),
        ],
    },
];

const STEWARD: &str = "steward@demo.local";

async fn steward(conn: &mut Connection) -> Result<Option<UserId>, ServiceError> {
    let steward = EmailAddress::parse(STEWARD).expect("the demo steward's address is valid");
    Ok(users::find_by_email(conn, &steward)
        .await?
        .map(|user| user.id))
}

pub(super) async fn seed(conn: &mut Connection) -> Result<(), ServiceError> {
    let steward = steward(conn).await?;
    for base in BASES {
        if knowledge::find(conn, base.slug).await?.is_some() {
            continue;
        }
        let slug = Slug::parse(base.workspace).expect("demo workspace slugs are valid");
        let Some(workspace) = workspaces::find_workspace(conn, &slug).await? else {
            continue;
        };
        let details = Details {
            name: base.name,
            description: base.description,
            label: base.label,
        };
        let created = knowledge::create(conn, base.slug, workspace.id, details, steward).await?;
        let shared = AccessList::new([AccessEntry {
            grantee: Grantee::Workspace(workspace.id),
            environment: None,
        }]);
        knowledge::set_access(conn, created.id, &shared).await?;
        let entry = Entry {
            actor: Actor::system("paddock serve --demo"),
            action: Action::KnowledgeBaseCreated,
            target: Some(Target::knowledge_base(created.id, base.slug)),
            workspace: Some(base.workspace.to_owned()),
            outcome: Outcome::Success,
            summary: json!({
                "name": base.name,
                "label": base.label,
                "demo": true,
            }),
        };
        record(conn, &RequestContext::command_line(), entry).await?;
    }
    Ok(())
}

/// Adds the demo's documents to the demo's knowledge bases, each once, queued to be read;
/// after [`super::seed`].
pub async fn seed_documents(store: &Store) -> Result<(), ServiceError> {
    let mut tx = store.begin().await?;
    let steward = steward(&mut tx).await?;
    for base in BASES {
        let Some(found) = knowledge::find(&mut tx, base.slug).await? else {
            continue;
        };
        for (name, content) in base.documents {
            if knowledge::find_document_named(&mut tx, found.id, name)
                .await?
                .is_some()
            {
                continue;
            }
            let file = check(FilePart {
                input: "file".to_owned(),
                name: (*name).to_owned(),
                content: content.to_vec(),
            })?;
            let document = NewDocument {
                knowledge_base: found.id,
                name: &file.name,
                media_type: &file.media_type,
                sha256: &file.sha256,
                content: &file.content,
                by: steward,
            };
            let added = knowledge::add_document(&mut tx, document).await?;
            let entry = Entry {
                actor: Actor::system("paddock serve --demo"),
                action: Action::DocumentAdded,
                target: Some(Target::document(added.id, &file.name)),
                workspace: Some(base.workspace.to_owned()),
                outcome: Outcome::Success,
                summary: json!({
                    "knowledge_base": base.slug,
                    "media_type": file.media_type,
                    "size": file.content.len(),
                    "sha256": file.sha256,
                    "demo": true,
                }),
            };
            record(&mut tx, &RequestContext::command_line(), entry).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_demo_document_is_one_a_knowledge_base_takes() {
        for base in super::BASES {
            for (name, content) in base.documents {
                let file = crate::publishing::runs::FilePart {
                    input: "file".to_owned(),
                    name: (*name).to_owned(),
                    content: content.to_vec(),
                };
                assert!(super::check(file).is_ok(), "{name}");
            }
        }
    }
}
