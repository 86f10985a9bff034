//! User accounts.

use paddock_core::account::AccountKind;
use paddock_core::ids::UserId;
use paddock_core::password::PasswordHash;
use paddock_core::time::Timestamp;
use paddock_core::values::{DisplayName, EmailAddress};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Connection, StoreError, error::corrupt};

/// A stored user account.
#[derive(Debug, Clone)]
pub struct User {
    pub id: UserId,
    pub email: EmailAddress,
    pub display_name: DisplayName,
    /// `None` for accounts that can only sign in through single sign-on.
    pub password_hash: Option<PasswordHash>,
    pub disabled: bool,
    pub kind: AccountKind,
    /// What a service account is for; empty for people.
    pub description: String,
}

impl User {
    pub fn is_person(&self) -> bool {
        self.kind == AccountKind::Person
    }
}

/// What is needed to create an account.
pub struct NewUser<'a> {
    pub email: &'a EmailAddress,
    pub display_name: &'a DisplayName,
    pub password_hash: Option<&'a PasswordHash>,
    pub kind: AccountKind,
    pub description: &'a str,
}

/// A `SELECT` of every user column, filtered by `$condition`.
macro_rules! select_users_where {
    ($condition:literal) => {
        concat!(
            "SELECT id, email, display_name, password_hash, disabled_at, kind, description FROM users WHERE ",
            $condition
        )
    };
}

pub async fn insert(conn: &mut Connection, user: NewUser<'_>) -> Result<UserId, StoreError> {
    let id = UserId::generate();
    sqlx::query(
        "INSERT INTO users (id, email, display_name, password_hash, created_at, kind, description)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(user.email.as_str())
    .bind(user.display_name.as_str())
    .bind(user.password_hash.map(|hash| hash.as_str().to_owned()))
    .bind(Timestamp::now().as_millis())
    .bind(user.kind.as_str())
    .bind(user.description)
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn find(conn: &mut Connection, id: UserId) -> Result<Option<User>, StoreError> {
    let row = sqlx::query(select_users_where!("id = $1"))
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn find_by_email(
    conn: &mut Connection,
    email: &EmailAddress,
) -> Result<Option<User>, StoreError> {
    let row = sqlx::query(select_users_where!("email = $1"))
        .bind(email.as_str())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

fn from_row(row: &AnyRow) -> Result<User, StoreError> {
    let id: String = row.try_get("id")?;
    let email: String = row.try_get("email")?;
    let display_name: String = row.try_get("display_name")?;
    let password_hash: Option<String> = row.try_get("password_hash")?;
    let disabled_at: Option<i64> = row.try_get("disabled_at")?;
    let kind: String = row.try_get("kind")?;
    Ok(User {
        id: id.parse().map_err(corrupt)?,
        email: EmailAddress::parse(&email).map_err(corrupt)?,
        display_name: DisplayName::parse(&display_name).map_err(corrupt)?,
        password_hash: password_hash.map(PasswordHash::from_stored),
        disabled: disabled_at.is_some(),
        kind: AccountKind::parse(&kind)
            .ok_or_else(|| corrupt(format!("unknown account kind '{kind}'")))?,
        description: row.try_get("description")?,
    })
}

/// Every account of this kind, by e-mail address.
pub async fn list(conn: &mut Connection, kind: AccountKind) -> Result<Vec<User>, StoreError> {
    let rows = sqlx::query(select_users_where!("kind = $1 ORDER BY email"))
        .bind(kind.as_str())
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Disables the account from `at`, or enables it again with `None`.
pub async fn set_disabled(
    conn: &mut Connection,
    id: UserId,
    at: Option<Timestamp>,
) -> Result<bool, StoreError> {
    let updated = sqlx::query("UPDATE users SET disabled_at = $2 WHERE id = $1")
        .bind(id.to_string())
        .bind(at.map(Timestamp::as_millis))
        .execute(conn)
        .await?;
    Ok(updated.rows_affected() == 1)
}

pub async fn set_password_hash(
    conn: &mut Connection,
    id: UserId,
    hash: &PasswordHash,
) -> Result<bool, StoreError> {
    let updated = sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(id.to_string())
        .bind(hash.as_str())
        .execute(conn)
        .await?;
    Ok(updated.rows_affected() == 1)
}

pub async fn set_display_name(
    conn: &mut Connection,
    id: UserId,
    name: &DisplayName,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET display_name = $2 WHERE id = $1")
        .bind(id.to_string())
        .bind(name.as_str())
        .execute(conn)
        .await?;
    Ok(())
}
