//! Every sealed secret in the database, for re-wrapping them under a new master key.

use sqlx::Row;

use crate::{Connection, StoreError};

/// The records that hold a sealed credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretOwner {
    Model,
    Connection,
    /// The key a published app signs its completion callbacks with.
    AppSigningKey,
}

impl SecretOwner {
    pub const ALL: [SecretOwner; 3] = [
        SecretOwner::Model,
        SecretOwner::Connection,
        SecretOwner::AppSigningKey,
    ];

    fn table(self) -> &'static str {
        match self {
            SecretOwner::Model => "models",
            SecretOwner::Connection => "connections",
            SecretOwner::AppSigningKey => "app_signing_keys",
        }
    }
}

/// One sealed secret and the record it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedSecret {
    pub owner: SecretOwner,
    /// The owning record's id.
    pub id: String,
    pub sealed: String,
}

/// Every sealed secret of the owner's table.
pub async fn all(
    conn: &mut Connection,
    owner: SecretOwner,
) -> Result<Vec<SealedSecret>, StoreError> {
    let statement = format!(
        "SELECT id, credential FROM {} WHERE credential IS NOT NULL ORDER BY id",
        owner.table()
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(statement))
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(SealedSecret {
                owner,
                id: row.try_get("id")?,
                sealed: row.try_get("credential")?,
            })
        })
        .collect()
}

/// Replaces the secret with `sealed` if it is still what was read; false when it changed
/// meanwhile (someone set a new credential, which is sealed with the current key anyway).
pub async fn replace(
    conn: &mut Connection,
    secret: &SealedSecret,
    sealed: &str,
) -> Result<bool, StoreError> {
    let statement = format!(
        "UPDATE {} SET credential = $1 WHERE id = $2 AND credential = $3",
        secret.owner.table()
    );
    let updated = sqlx::query(sqlx::AssertSqlSafe(statement))
        .bind(sealed)
        .bind(&secret.id)
        .bind(&secret.sealed)
        .execute(conn)
        .await?;
    Ok(updated.rows_affected() == 1)
}
