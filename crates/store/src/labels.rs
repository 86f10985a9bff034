//! The organisation's label catalogue: what each level is called and means, and the categories
//! administrators added.

use paddock_core::label::Level;
use sqlx::Row;

use crate::{Connection, StoreError, error::corrupt};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelName {
    pub level: Level,
    pub display_name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub name: String,
    pub description: String,
}

/// The four levels, lowest first.
pub async fn levels(conn: &mut Connection) -> Result<Vec<LevelName>, StoreError> {
    let rows = sqlx::query("SELECT level, display_name, description FROM label_levels")
        .fetch_all(conn)
        .await?;
    let mut levels = rows
        .iter()
        .map(|row| {
            let level: String = row.try_get("level")?;
            Ok(LevelName {
                level: Level::ALL
                    .into_iter()
                    .find(|l| l.as_str() == level)
                    .ok_or_else(|| corrupt(format!("unknown level '{level}'")))?,
                display_name: row.try_get("display_name")?,
                description: row.try_get("description")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    levels.sort_by_key(|l| l.level);
    Ok(levels)
}

pub async fn rename_level(
    conn: &mut Connection,
    level: Level,
    display_name: &str,
    description: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE label_levels SET display_name = $2, description = $3 WHERE level = $1")
        .bind(level.as_str())
        .bind(display_name)
        .bind(description)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn categories(conn: &mut Connection) -> Result<Vec<Category>, StoreError> {
    let rows = sqlx::query("SELECT name, description FROM label_categories ORDER BY name")
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(Category {
                name: row.try_get("name")?,
                description: row.try_get("description")?,
            })
        })
        .collect()
}

/// Adds a category; a taken name is a [`StoreError::UniqueViolation`].
pub async fn add_category(conn: &mut Connection, category: &Category) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO label_categories (name, description) VALUES ($1, $2)")
        .bind(&category.name)
        .bind(&category.description)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes a category; false when there was none.
pub async fn remove_category(conn: &mut Connection, name: &str) -> Result<bool, StoreError> {
    let removed = sqlx::query("DELETE FROM label_categories WHERE name = $1")
        .bind(name)
        .execute(conn)
        .await?;
    Ok(removed.rows_affected() == 1)
}
