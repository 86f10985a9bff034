//! SCIM 2.0 provisioning (RFC 7643/7644): an identity provider creates, updates and deactivates
//! people and manages groups and their members. People it creates sign in through single
//! sign-on (they have no password). Every change is audited with the actor "SCIM provisioning".
//!
//! Attributes Paddock does not keep (titles, addresses, phone numbers…) are accepted and
//! ignored, as identity providers send them whether or not a service uses them.

mod groups;
mod users;

pub use groups::{create_group, delete_group, get_group, list_groups, patch_group, replace_group};
pub use users::{create_user, delete_user, get_user, list_users, patch_user, replace_user};

use paddock_core::audit::{Action, Outcome};
use paddock_core::time::Timestamp;
use paddock_store::{Store, scim};
use rand::RngCore;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, record};
use crate::auth::Principal;

pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const TOKEN_PREFIX: &str = "scim_";
const MAX_PAGE: usize = 200;

/// A SCIM error: the HTTP status, SCIM's `scimType` where one applies, and a sentence.
#[derive(Debug)]
pub struct ScimError {
    pub status: u16,
    pub scim_type: Option<&'static str>,
    pub detail: String,
}

impl ScimError {
    pub fn new(status: u16, scim_type: Option<&'static str>, detail: impl Into<String>) -> Self {
        Self {
            status,
            scim_type,
            detail: detail.into(),
        }
    }

    fn invalid_value(detail: impl Into<String>) -> Self {
        Self::new(400, Some("invalidValue"), detail)
    }

    fn not_found(what: &str) -> Self {
        Self::new(404, None, format!("{what} not found"))
    }

    pub fn body(&self) -> Value {
        let mut body = json!({ "schemas": [ERROR_SCHEMA], "status": self.status.to_string(), "detail": self.detail });
        if let Some(scim_type) = self.scim_type {
            body["scimType"] = json!(scim_type);
        }
        body
    }
}

impl From<ServiceError> for ScimError {
    fn from(error: ServiceError) -> Self {
        let status = error.code().http_status();
        let scim_type = match status {
            409 => Some("uniqueness"),
            400 | 422 => Some("invalidValue"),
            _ => None,
        };
        // SCIM has no 422: a value it cannot take is a 400.
        let status = if status == 422 { 400 } else { status };
        let detail = if status >= 500 {
            "the service could not complete the request".to_owned()
        } else {
            error.to_string()
        };
        ScimError::new(status, scim_type, detail)
    }
}

impl From<paddock_store::StoreError> for ScimError {
    fn from(error: paddock_store::StoreError) -> Self {
        ServiceError::from(error).into()
    }
}

fn actor() -> Actor {
    Actor::system("SCIM provisioning")
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Checks the identity provider's bearer token.
pub async fn authenticate(store: &Store, token: &str) -> Result<(), ScimError> {
    let mut conn = store.acquire().await.map_err(ScimError::from)?;
    if token.starts_with(TOKEN_PREFIX)
        && scim::token_is_active(&mut conn, &token_hash(token)).await?
    {
        Ok(())
    } else {
        Err(ScimError::new(
            401,
            None,
            "a valid SCIM bearer token is required",
        ))
    }
}

/// A new SCIM token, shown once.
pub struct CreatedToken {
    pub id: String,
    pub prefix: String,
    pub token: String,
}

pub async fn create_token(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
) -> Result<CreatedToken, ServiceError> {
    by.require_session("issue SCIM tokens")?;
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let token = format!("{TOKEN_PREFIX}{}", hex::encode(secret));
    let prefix = token[..TOKEN_PREFIX.len() + 6].to_owned();
    let id = paddock_core::ids::ApiKeyId::generate().to_string();
    let mut tx = store.begin().await?;
    scim::insert_token(&mut tx, &id, &token_hash(&token), &prefix).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ScimTokenCreated,
        target: None,
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "prefix": prefix }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(CreatedToken { id, prefix, token })
}

pub async fn list_tokens(store: &Store) -> Result<Vec<scim::ScimToken>, ServiceError> {
    let mut conn = store.acquire().await?;
    Ok(scim::list_tokens(&mut conn).await?)
}

pub async fn revoke_token(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    id: &str,
) -> Result<(), ServiceError> {
    by.require_session("revoke SCIM tokens")?;
    let mut tx = store.begin().await?;
    if !scim::revoke_token(&mut tx, id).await? {
        return Err(ServiceError::NotFound(
            "There is no such active SCIM token.".to_owned(),
        ));
    }
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ScimTokenRevoked,
        target: None,
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "id": id }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// `attribute eq "value"`, the filter identity providers send to find a resource.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct EqFilter {
    pub attribute: String,
    pub value: String,
}

pub(crate) fn parse_filter(filter: &str) -> Result<EqFilter, ScimError> {
    let invalid = || {
        ScimError::new(
            400,
            Some("invalidFilter"),
            format!("unsupported filter '{filter}': use attribute eq \"value\""),
        )
    };
    let trimmed = filter.trim();
    let space = trimmed.find(char::is_whitespace).ok_or_else(invalid)?;
    let (attribute, rest) = trimmed.split_at(space);
    let rest = rest.trim_start();
    if !rest
        .get(..2)
        .is_some_and(|op| op.eq_ignore_ascii_case("eq"))
    {
        return Err(invalid());
    }
    let quoted = rest[2..].trim();
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .ok_or_else(invalid)?;
    let mut escaped = false;
    for c in inner.chars() {
        match (escaped, c) {
            (false, '\\') => escaped = true,
            (false, '"') => return Err(invalid()),
            _ => escaped = false,
        }
    }
    let value = inner.replace("\\\"", "\"").replace("\\\\", "\\");
    Ok(EqFilter {
        attribute: attribute.to_owned(),
        value,
    })
}

/// A page of resources as a SCIM ListResponse (`startIndex` counts from 1).
pub(crate) fn list_response(
    resources: Vec<Value>,
    start_index: Option<usize>,
    count: Option<usize>,
) -> Value {
    let total = resources.len();
    let start = start_index.unwrap_or(1).max(1);
    let count = count.unwrap_or(MAX_PAGE).min(MAX_PAGE);
    let page: Vec<Value> = resources.into_iter().skip(start - 1).take(count).collect();
    json!({
        "schemas": [LIST_SCHEMA],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": page.len(),
        "Resources": page,
    })
}

/// The operations of a PATCH request, with `op` lower-cased.
pub(crate) fn patch_operations(
    body: &Value,
) -> Result<Vec<(String, Option<String>, Value)>, ScimError> {
    let operations = body
        .get("Operations")
        .and_then(Value::as_array)
        .ok_or_else(|| ScimError::invalid_value("a PATCH needs an Operations list"))?;
    operations
        .iter()
        .map(|operation| {
            let op = operation
                .get("op")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase)
                .filter(|op| matches!(op.as_str(), "add" | "replace" | "remove"))
                .ok_or_else(|| {
                    ScimError::invalid_value("each operation needs op: add, replace or remove")
                })?;
            let path = operation
                .get("path")
                .and_then(Value::as_str)
                .map(str::to_owned);
            Ok((
                op,
                path,
                operation.get("value").cloned().unwrap_or(Value::Null),
            ))
        })
        .collect()
}

/// A boolean as identity providers send it: `true`, or `"True"`.
pub(crate) fn boolean(value: &Value) -> Result<bool, ScimError> {
    match value {
        Value::Bool(flag) => Ok(*flag),
        Value::String(text) if text.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(text) if text.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(ScimError::invalid_value(format!(
            "'{value}' is not a boolean"
        ))),
    }
}

pub(crate) fn meta(resource_type: &str, location: String, created: Option<Timestamp>) -> Value {
    let mut meta = json!({ "resourceType": resource_type, "location": location });
    if let Some(created) = created {
        meta["created"] = json!(created.to_rfc3339());
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_as_identity_providers_send_them() {
        assert_eq!(
            parse_filter("userName eq \"ada@example.com\"").unwrap(),
            EqFilter {
                attribute: "userName".into(),
                value: "ada@example.com".into()
            }
        );
        assert_eq!(
            parse_filter("displayName EQ \"Claims \\\"A\\\" team\"")
                .unwrap()
                .value,
            "Claims \"A\" team"
        );
        for bad in [
            "userName",
            "userName sw \"a\"",
            "userName eq a",
            "",
            "userName eq \"a\" and x eq \"b\"",
        ] {
            assert!(parse_filter(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn booleans_in_both_spellings() {
        assert!(boolean(&json!("True")).unwrap());
        assert!(!boolean(&json!(false)).unwrap());
        assert!(boolean(&json!("yes")).is_err());
    }

    #[test]
    fn list_pages_count_from_one() {
        let resources: Vec<Value> = (1..=5).map(|n| json!(n)).collect();
        let page = list_response(resources, Some(2), Some(2));
        assert_eq!(page["Resources"], json!([2, 3]));
        assert_eq!(page["totalResults"], 5);
        assert_eq!(page["itemsPerPage"], 2);
    }
}
