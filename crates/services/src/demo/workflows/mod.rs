//! Draft workflows of the demo teams, each runnable on the built-in model.

use paddock_core::values::Slug;
use paddock_store::{Connection, workflows, workspaces};

use crate::ServiceError;

/// (workspace, workflow name, definition)
const DRAFTS: [(&str, &str, &str); 3] = [
    (
        "it-service-desk",
        "ticket-triage",
        include_str!("ticket-triage.yaml"),
    ),
    (
        "it-service-desk",
        "password-help",
        include_str!("password-help.yaml"),
    ),
    ("claims", "claim-intake", include_str!("claim-intake.yaml")),
];

pub(super) async fn seed(conn: &mut Connection) -> Result<(), ServiceError> {
    for (workspace, name, definition) in DRAFTS {
        let slug = Slug::parse(workspace).expect("demo workspace slugs are valid");
        let Some(workspace) = workspaces::find_workspace(conn, &slug).await? else {
            continue;
        };
        if workflows::find(conn, workspace.id, name).await?.is_some() {
            continue;
        }
        let description = crate::workflows::check(definition)
            .expect("the demo workflows are valid")
            .definition
            .description
            .unwrap_or_default();
        workflows::save(
            conn,
            workspace.id,
            name,
            &description,
            definition,
            None,
            None,
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_demo_draft_is_valid_and_named_as_listed() {
        for (_, name, definition) in super::DRAFTS {
            let workflow = crate::workflows::check(definition).unwrap();
            assert_eq!(workflow.definition.name, name);
        }
    }
}
