//! The organisation's labels: administrators name and describe the four levels in their own
//! words and add the categories their data needs (`pii`, `phi`, `pci`, `legal-hold`…). Labels and
//! clearances set on models and connections may use only known categories.

use paddock_core::audit::{Action, Outcome};
use paddock_core::label::{Categories, Clearance, Label, Level};
use paddock_store::labels::{self, Category};
use paddock_store::{Connection, Store, connections, models};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, record};
use crate::auth::Principal;
use crate::forms::text;

const MAX_NAME_CHARS: usize = 40;
const MAX_DESCRIPTION_CHARS: usize = 300;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LevelView {
    /// The stored name, used in labels (`confidential/pii`); never changes.
    #[schema(example = "confidential")]
    pub level: String,
    /// What the organisation calls it.
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryView {
    #[schema(example = "pii")]
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LabelCatalogue {
    /// Lowest first.
    pub levels: Vec<LevelView>,
    pub categories: Vec<CategoryView>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelForm {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

pub async fn catalogue(store: &Store) -> Result<LabelCatalogue, ServiceError> {
    let mut conn = store.acquire().await?;
    let levels = labels::levels(&mut conn)
        .await?
        .into_iter()
        .map(|l| LevelView {
            level: l.level.as_str().to_owned(),
            name: l.display_name,
            description: l.description,
        })
        .collect();
    let categories = labels::categories(&mut conn)
        .await?
        .into_iter()
        .map(|c| CategoryView {
            name: c.name,
            description: c.description,
        })
        .collect();
    Ok(LabelCatalogue { levels, categories })
}

fn record_entry(by: &Principal, action: Action, summary: serde_json::Value) -> Entry {
    Entry {
        actor: Actor::of(by),
        action,
        target: None,
        workspace: None,
        outcome: Outcome::Success,
        summary,
    }
}

pub async fn rename_level(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    level: &str,
    form: LevelForm,
) -> Result<LevelView, ServiceError> {
    let level = Level::ALL
        .into_iter()
        .find(|l| l.as_str() == level)
        .ok_or_else(|| ServiceError::NotFound(format!("There is no level '{level}'.")))?;
    let name = text("name", Some(form.name), MAX_NAME_CHARS)?
        .ok_or_else(|| ServiceError::invalid("name", "give the level a name"))?;
    let description =
        text("description", Some(form.description), MAX_DESCRIPTION_CHARS)?.unwrap_or_default();
    let mut tx = store.begin().await?;
    labels::rename_level(&mut tx, level, &name, &description).await?;
    let summary = json!({ "level": level.as_str(), "name": name, "description": description });
    record(
        &mut tx,
        context,
        record_entry(by, Action::LabelLevelRenamed, summary),
    )
    .await?;
    tx.commit().await?;
    Ok(LevelView {
        level: level.as_str().to_owned(),
        name,
        description,
    })
}

pub async fn add_category(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    form: CategoryView,
) -> Result<CategoryView, ServiceError> {
    let name = form.name.trim().to_owned();
    // The category rule is the label parser's.
    Label::parse(&format!("internal/{name}"))
        .ok()
        .filter(|_| !name.is_empty() && name != "*")
        .ok_or_else(|| {
            ServiceError::invalid(
                "name",
                "a category is lower-case letters, digits and dashes",
            )
        })?;
    let description =
        text("description", Some(form.description), MAX_DESCRIPTION_CHARS)?.unwrap_or_default();
    let category = Category { name, description };
    let mut tx = store.begin().await?;
    labels::add_category(&mut tx, &category).await?;
    let summary = json!({ "name": category.name, "description": category.description });
    record(
        &mut tx,
        context,
        record_entry(by, Action::LabelCategoryAdded, summary),
    )
    .await?;
    tx.commit().await?;
    Ok(CategoryView {
        name: category.name,
        description: category.description,
    })
}

/// Removes a category no model or connection names.
pub async fn remove_category(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    name: &str,
) -> Result<(), ServiceError> {
    let mut tx = store.begin().await?;
    let mut users = Vec::new();
    for model in models::list(&mut tx).await? {
        if let Categories::Only(names) = &model.settings.clearance.categories
            && names.contains(name)
        {
            users.push(format!("model {}", model.settings.name));
        }
    }
    for connection in connections::list(&mut tx).await? {
        let settings = &connection.settings;
        let in_clearance = matches!(&settings.write_clearance.categories, Categories::Only(names) if names.contains(name));
        if in_clearance || settings.read_label.categories.contains(name) {
            users.push(format!("connection {}", settings.name));
        }
    }
    if !users.is_empty() {
        return Err(ServiceError::InUse(format!(
            "The category {name} is still used by {}; change those first.",
            users.join(", ")
        )));
    }
    if !labels::remove_category(&mut tx, name).await? {
        return Err(ServiceError::NotFound(format!(
            "There is no category '{name}'."
        )));
    }
    let summary = json!({ "name": name });
    record(
        &mut tx,
        context,
        record_entry(by, Action::LabelCategoryRemoved, summary),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Refuses categories the organisation has not added.
async fn known(
    conn: &mut Connection,
    field: &'static str,
    names: impl Iterator<Item = &String>,
) -> Result<(), ServiceError> {
    let known: Vec<String> = labels::categories(conn)
        .await?
        .into_iter()
        .map(|c| c.name)
        .collect();
    for name in names {
        if !known.contains(name) {
            return Err(ServiceError::invalid(
                field,
                format!("there is no category '{name}': add it under Labels first"),
            ));
        }
    }
    Ok(())
}

pub(crate) async fn require_known_label(
    conn: &mut Connection,
    field: &'static str,
    label: &Label,
) -> Result<(), ServiceError> {
    known(conn, field, label.categories.iter()).await
}

pub(crate) async fn require_known_clearance(
    conn: &mut Connection,
    field: &'static str,
    clearance: &Clearance,
) -> Result<(), ServiceError> {
    match &clearance.categories {
        Categories::All => Ok(()),
        Categories::Only(names) => known(conn, field, names.iter()).await,
    }
}
