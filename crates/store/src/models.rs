//! The model registry and the tokens each workspace spends on each model per month.

use std::time::Duration;

use paddock_core::ids::{ModelId, WorkspaceId};
use paddock_core::label::Clearance;
use paddock_core::model::{Prices, Provider, StructuredOutput, Usage};
use paddock_core::time::Timestamp;
use paddock_core::values::Slug;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Connection, StoreError, error::corrupt};

/// A registered model, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub id: ModelId,
    pub settings: ModelSettings,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Everything an administrator sets on a model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSettings {
    pub name: Slug,
    pub provider: Provider,
    pub description: String,
    pub endpoint: Option<String>,
    /// The provider's name for the model (`gpt-4o-mini`, `claude-sonnet-4-5`).
    pub model_id: Option<String>,
    /// The credential sealed with the master key.
    pub sealed_credential: Option<String>,
    pub structured_output: StructuredOutput,
    pub context_limit: Option<u64>,
    pub timeout: Duration,
    pub prices: Prices,
    pub all_workspaces: bool,
    /// Tokens a month each workspace may use unless its own line says otherwise.
    pub monthly_token_budget: Option<u64>,
    pub workspaces: Vec<ModelWorkspace>,
    pub enabled: bool,
    /// What data the model may receive.
    pub clearance: Clearance,
}

impl ModelSettings {
    /// Whether workflows of `workspace` may use the model.
    pub fn open_to(&self, workspace: WorkspaceId) -> bool {
        self.all_workspaces || self.workspaces.iter().any(|l| l.workspace == workspace)
    }
}

/// A workspace named on a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelWorkspace {
    pub workspace: WorkspaceId,
    pub slug: Slug,
    pub monthly_token_budget: Option<u64>,
}

/// What a workspace used of a model in a month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonthlyUsage {
    pub calls: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cost_micros: u64,
}

impl MonthlyUsage {
    pub fn tokens(self) -> u64 {
        self.input_tokens + self.output_tokens
    }
}

/// A `SELECT` of every model column, then `$rest` (a condition and its order).
macro_rules! select_models {
    ($rest:literal) => {
        concat!(
            "SELECT id, name, provider, description, endpoint, model_id, credential, ",
            "structured_output, context_limit, timeout_ms, input_price, output_price, ",
            "all_workspaces, monthly_token_budget, enabled, clearance, created_at, updated_at ",
            "FROM models ",
            $rest
        )
    };
}

pub async fn list(conn: &mut Connection) -> Result<Vec<Model>, StoreError> {
    let rows = sqlx::query(select_models!("ORDER BY name"))
        .fetch_all(&mut *conn)
        .await?;
    let mut models = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut model = from_row(row)?;
        model.settings.workspaces = workspaces_of(conn, model.id).await?;
        models.push(model);
    }
    Ok(models)
}

pub async fn find(conn: &mut Connection, name: &str) -> Result<Option<Model>, StoreError> {
    let row = sqlx::query(select_models!("WHERE name = $1"))
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let mut model = from_row(&row)?;
    model.settings.workspaces = workspaces_of(conn, model.id).await?;
    Ok(Some(model))
}

/// Registers a model; a taken name is a [`StoreError::UniqueViolation`].
pub async fn insert(conn: &mut Connection, settings: &ModelSettings) -> Result<Model, StoreError> {
    let now = Timestamp::now();
    let model = Model {
        id: ModelId::generate(),
        settings: settings.clone(),
        created_at: now,
        updated_at: now,
    };
    // The row with what identifies it, then every setting as a change would write them.
    sqlx::query(
        "INSERT INTO models (id, name, provider, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(model.id.to_string())
    .bind(settings.name.as_str())
    .bind(settings.provider.as_str())
    .bind(now.as_millis())
    .execute(&mut *conn)
    .await?;
    update(conn, model.id, settings).await?;
    Ok(model)
}

/// Replaces a model's settings (its name included); false when there is no such model.
pub async fn update(
    conn: &mut Connection,
    id: ModelId,
    settings: &ModelSettings,
) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE models SET name = $2, provider = $3, description = $4, endpoint = $5,
                model_id = $6, credential = $7, structured_output = $8, context_limit = $9,
                timeout_ms = $10, input_price = $11, output_price = $12, all_workspaces = $13,
                monthly_token_budget = $14, enabled = $15, updated_at = $16, clearance = $17
         WHERE id = $1",
    )
    .bind(id.to_string())
    .bind(settings.name.as_str())
    .bind(settings.provider.as_str())
    .bind(&settings.description)
    .bind(settings.endpoint.as_deref())
    .bind(settings.model_id.as_deref())
    .bind(settings.sealed_credential.as_deref())
    .bind(settings.structured_output.as_str())
    .bind(settings.context_limit.map(to_i64))
    .bind(to_i64(settings.timeout.as_millis() as u64))
    .bind(to_i64(settings.prices.input_micros_per_million))
    .bind(to_i64(settings.prices.output_micros_per_million))
    .bind(i64::from(settings.all_workspaces))
    .bind(settings.monthly_token_budget.map(to_i64))
    .bind(i64::from(settings.enabled))
    .bind(Timestamp::now().as_millis())
    .bind(settings.clearance.to_string())
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    replace_workspaces(conn, id, &settings.workspaces).await?;
    Ok(true)
}

/// Removes a model; its access lines and usage counters go with it (`ON DELETE CASCADE`).
/// False when there is no such model.
pub async fn delete(conn: &mut Connection, id: ModelId) -> Result<bool, StoreError> {
    let deleted = sqlx::query("DELETE FROM models WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(deleted.rows_affected() == 1)
}

/// What `workspace` used of the model in `month` (`YYYY-MM`).
pub async fn monthly_usage(
    conn: &mut Connection,
    model: ModelId,
    workspace: WorkspaceId,
    month: &str,
) -> Result<MonthlyUsage, StoreError> {
    let row = sqlx::query(
        "SELECT calls, input_tokens, output_tokens, cost_micros FROM model_usage
         WHERE model_id = $1 AND workspace_id = $2 AND month = $3",
    )
    .bind(model.to_string())
    .bind(workspace.to_string())
    .bind(month)
    .fetch_optional(conn)
    .await?;
    row.as_ref()
        .map(usage_from_row)
        .transpose()
        .map(Option::unwrap_or_default)
}

/// Every workspace's use of the model in `month`, by workspace slug.
pub async fn usage_by_workspace(
    conn: &mut Connection,
    model: ModelId,
    month: &str,
) -> Result<Vec<(Slug, MonthlyUsage)>, StoreError> {
    let rows = sqlx::query(
        "SELECT w.slug, u.calls, u.input_tokens, u.output_tokens, u.cost_micros
         FROM model_usage u JOIN workspaces w ON w.id = u.workspace_id
         WHERE u.model_id = $1 AND u.month = $2 ORDER BY w.slug",
    )
    .bind(model.to_string())
    .bind(month)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let slug: String = row.try_get("slug")?;
            Ok((Slug::parse(&slug).map_err(corrupt)?, usage_from_row(row)?))
        })
        .collect()
}

/// Adds one call's tokens and cost to the month's counters.
pub async fn record_usage(
    conn: &mut Connection,
    model: ModelId,
    workspace: WorkspaceId,
    month: &str,
    usage: Usage,
) -> Result<(), StoreError> {
    let cost = to_i64(usage.cost_micros.unwrap_or(0));
    sqlx::query(
        "INSERT INTO model_usage (model_id, workspace_id, month, calls, input_tokens,
                                  output_tokens, cost_micros)
         VALUES ($1, $2, $3, 1, $4, $5, $6)
         ON CONFLICT (model_id, workspace_id, month) DO UPDATE SET
             calls = model_usage.calls + 1,
             input_tokens = model_usage.input_tokens + $4,
             output_tokens = model_usage.output_tokens + $5,
             cost_micros = model_usage.cost_micros + $6",
    )
    .bind(model.to_string())
    .bind(workspace.to_string())
    .bind(month)
    .bind(to_i64(usage.input_tokens))
    .bind(to_i64(usage.output_tokens))
    .bind(cost)
    .execute(conn)
    .await?;
    Ok(())
}

async fn replace_workspaces(
    conn: &mut Connection,
    model: ModelId,
    workspaces: &[ModelWorkspace],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM model_workspaces WHERE model_id = $1")
        .bind(model.to_string())
        .execute(&mut *conn)
        .await?;
    for line in workspaces {
        sqlx::query(
            "INSERT INTO model_workspaces (model_id, workspace_id, monthly_token_budget)
             VALUES ($1, $2, $3)",
        )
        .bind(model.to_string())
        .bind(line.workspace.to_string())
        .bind(line.monthly_token_budget.map(to_i64))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn workspaces_of(
    conn: &mut Connection,
    model: ModelId,
) -> Result<Vec<ModelWorkspace>, StoreError> {
    let rows = sqlx::query(
        "SELECT w.id, w.slug, m.monthly_token_budget
         FROM model_workspaces m JOIN workspaces w ON w.id = m.workspace_id
         WHERE m.model_id = $1 ORDER BY w.slug",
    )
    .bind(model.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let slug: String = row.try_get("slug")?;
            Ok(ModelWorkspace {
                workspace: id.parse().map_err(corrupt)?,
                slug: Slug::parse(&slug).map_err(corrupt)?,
                monthly_token_budget: optional_count(row, "monthly_token_budget")?,
            })
        })
        .collect()
}

fn from_row(row: &AnyRow) -> Result<Model, StoreError> {
    let id: String = row.try_get("id")?;
    let name: String = row.try_get("name")?;
    let provider: String = row.try_get("provider")?;
    let structured_output: String = row.try_get("structured_output")?;
    let clearance: String = row.try_get("clearance")?;
    Ok(Model {
        id: id.parse().map_err(corrupt)?,
        settings: ModelSettings {
            name: Slug::parse(&name).map_err(corrupt)?,
            provider: Provider::parse(&provider)
                .ok_or_else(|| corrupt(format!("unknown model provider '{provider}'")))?,
            description: row.try_get("description")?,
            endpoint: row.try_get("endpoint")?,
            model_id: row.try_get("model_id")?,
            sealed_credential: row.try_get("credential")?,
            structured_output: StructuredOutput::parse(&structured_output).ok_or_else(|| {
                corrupt(format!("unknown structured output '{structured_output}'"))
            })?,
            context_limit: optional_count(row, "context_limit")?,
            timeout: Duration::from_millis(count(row, "timeout_ms")?),
            prices: Prices {
                input_micros_per_million: count(row, "input_price")?,
                output_micros_per_million: count(row, "output_price")?,
            },
            all_workspaces: count(row, "all_workspaces")? != 0,
            monthly_token_budget: optional_count(row, "monthly_token_budget")?,
            workspaces: Vec::new(),
            enabled: count(row, "enabled")? != 0,
            clearance: Clearance::parse(&clearance).map_err(corrupt)?,
        },
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
        updated_at: Timestamp::from_millis(row.try_get("updated_at")?),
    })
}

fn usage_from_row(row: &AnyRow) -> Result<MonthlyUsage, StoreError> {
    Ok(MonthlyUsage {
        calls: count(row, "calls")?,
        input_tokens: count(row, "input_tokens")?,
        output_tokens: count(row, "output_tokens")?,
        cost_micros: count(row, "cost_micros")?,
    })
}

fn count(row: &AnyRow, column: &str) -> Result<u64, StoreError> {
    let value: i64 = row.try_get(column)?;
    u64::try_from(value).map_err(corrupt)
}

fn optional_count(row: &AnyRow, column: &str) -> Result<Option<u64>, StoreError> {
    let value: Option<i64> = row.try_get(column)?;
    value.map(|v| u64::try_from(v).map_err(corrupt)).transpose()
}

fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
