//! Single sign-on settings, group mappings and sign-ins in progress.

use paddock_core::ids::GroupId;
use paddock_core::time::Timestamp;
use sqlx::Row;

use crate::{Connection, StoreError, error::corrupt};

#[derive(Debug, Clone)]
pub struct OidcSettings {
    pub enabled: bool,
    pub issuer: String,
    pub client_id: String,
    /// Never sent out of the server.
    pub client_secret: String,
    pub groups_claim: String,
    /// Local passwords only for organisation-wide administrators (break-glass).
    pub require_sso: bool,
}

pub async fn settings(conn: &mut Connection) -> Result<Option<OidcSettings>, StoreError> {
    let row = sqlx::query("SELECT enabled, issuer, client_id, client_secret, groups_claim, require_sso FROM oidc_settings WHERE id = 1")
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        Ok(OidcSettings {
            enabled: row.try_get::<i64, _>("enabled")? == 1,
            issuer: row.try_get("issuer")?,
            client_id: row.try_get("client_id")?,
            client_secret: row.try_get("client_secret")?,
            groups_claim: row.try_get("groups_claim")?,
            require_sso: row.try_get::<i64, _>("require_sso")? == 1,
        })
    })
    .transpose()
}

pub async fn save_settings(
    conn: &mut Connection,
    settings: &OidcSettings,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO oidc_settings (id, enabled, issuer, client_id, client_secret, groups_claim, updated_at, require_sso)
         VALUES (1, $1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, issuer = excluded.issuer,
             client_id = excluded.client_id, client_secret = excluded.client_secret,
             groups_claim = excluded.groups_claim, updated_at = excluded.updated_at,
             require_sso = excluded.require_sso",
    )
    .bind(i64::from(settings.enabled))
    .bind(settings.issuer.clone())
    .bind(settings.client_id.clone())
    .bind(settings.client_secret.clone())
    .bind(settings.groups_claim.clone())
    .bind(Timestamp::now().as_millis())
    .bind(i64::from(settings.require_sso))
    .execute(conn)
    .await?;
    Ok(())
}

/// Every (provider group, Paddock group) pair, by provider group.
pub async fn mappings(conn: &mut Connection) -> Result<Vec<(String, GroupId)>, StoreError> {
    let rows = sqlx::query("SELECT provider_group, group_id FROM oidc_group_mappings ORDER BY provider_group, group_id")
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            let group: String = row.try_get("group_id")?;
            Ok((
                row.try_get("provider_group")?,
                group.parse().map_err(corrupt)?,
            ))
        })
        .collect()
}

pub async fn replace_mappings(
    conn: &mut Connection,
    mappings: &[(String, GroupId)],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM oidc_group_mappings")
        .execute(&mut *conn)
        .await?;
    for (provider_group, group) in mappings {
        sqlx::query("INSERT INTO oidc_group_mappings (provider_group, group_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(provider_group.clone())
            .bind(group.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A sign-in in progress, kept between sending the browser away and its return.
#[derive(Debug, Clone)]
pub struct PendingLogin {
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: String,
}

pub async fn insert_login(
    conn: &mut Connection,
    state: &str,
    login: &PendingLogin,
    expires_at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM oidc_logins WHERE expires_at < $1")
        .bind(Timestamp::now().as_millis())
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO oidc_logins (state, nonce, pkce_verifier, return_to, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(state)
        .bind(login.nonce.clone())
        .bind(login.pkce_verifier.clone())
        .bind(login.return_to.clone())
        .bind(expires_at.as_millis())
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes the sign-in started with `state` (each can be finished once), if it has not expired.
pub async fn take_login(
    conn: &mut Connection,
    state: &str,
    now: Timestamp,
) -> Result<Option<PendingLogin>, StoreError> {
    let row = sqlx::query("DELETE FROM oidc_logins WHERE state = $1 RETURNING nonce, pkce_verifier, return_to, expires_at")
        .bind(state)
        .fetch_optional(conn)
        .await?;
    row.filter(|row| {
        row.try_get::<i64, _>("expires_at")
            .is_ok_and(|at| at > now.as_millis())
    })
    .map(|row| {
        Ok(PendingLogin {
            nonce: row.try_get("nonce")?,
            pkce_verifier: row.try_get("pkce_verifier")?,
            return_to: row.try_get("return_to")?,
        })
    })
    .transpose()
}
