//! An example single sign-on setup, left switched off: what an administrator would fill in for
//! the company's identity provider, with its groups mapped to the demo groups.

use paddock_core::values::DisplayName;
use paddock_store::oidc::{self, OidcSettings};
use paddock_store::{Connection, groups};

use crate::ServiceError;

/// (provider group, demo group)
const MAPPINGS: [(&str, &str); 2] = [
    ("claims-builders", "Claims builders"),
    ("it-approvers", "IT approvers"),
];

pub(super) async fn seed(conn: &mut Connection) -> Result<(), ServiceError> {
    if oidc::settings(conn).await?.is_some() {
        return Ok(());
    }
    let example = OidcSettings {
        enabled: false,
        issuer: "https://login.demo-corp.example".into(),
        client_id: "paddock".into(),
        client_secret: String::new(),
        groups_claim: "groups".into(),
        require_sso: false,
    };
    oidc::save_settings(conn, &example).await?;
    let mut mappings = Vec::new();
    for (provider_group, group_name) in MAPPINGS {
        let name = DisplayName::parse(group_name).expect("demo group names are valid");
        if let Some(group) = groups::find_by_name(conn, &name).await? {
            mappings.push((provider_group.to_owned(), group.id));
        }
    }
    oidc::replace_mappings(conn, &mappings).await?;
    Ok(())
}
