//! Every route of the API. Routes are registered only through [`router`], which records each
//! one in the OpenAPI document as it is added, so the document cannot miss a route.

mod api_keys;
pub(crate) mod apps;
mod artifacts;
mod audit;
pub(crate) mod auth;
mod batches;
mod connections;
mod deployments;
mod drafts;
mod environments;
mod files;
mod groups;
mod health;
mod knowledge;
mod labels;
mod models;
mod oidc;
mod policy;
pub(crate) mod public_apps;
mod reviews;
pub(crate) mod runs;
mod scim;
mod service_accounts;
pub(crate) mod users;
mod versions;
pub(crate) mod workflows;
mod workspaces;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::openapi::ApiDoc;
use utoipa::OpenApi;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(oidc::methods))
        .routes(routes!(oidc::start))
        .routes(routes!(oidc::callback))
        .routes(routes!(oidc::get_settings, oidc::save_settings))
        .routes(routes!(users::change_own_password))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::disable))
        .routes(routes!(users::enable))
        .routes(routes!(users::reset_password))
        .routes(routes!(groups::grant_to_user))
        .routes(routes!(groups::revoke_from_user))
        .routes(routes!(groups::list, groups::create))
        .routes(routes!(groups::add_member))
        .routes(routes!(groups::remove_member))
        .routes(routes!(groups::grant_to_group))
        .routes(routes!(groups::revoke_from_group))
        .routes(routes!(api_keys::list, api_keys::create))
        .routes(routes!(api_keys::revoke))
        .routes(routes!(service_accounts::list, service_accounts::create))
        .routes(routes!(service_accounts::create_key))
        .routes(routes!(workspaces::list, workspaces::create))
        .routes(routes!(workspaces::members))
        .routes(routes!(models::list, models::create))
        .routes(routes!(models::get, models::update, models::delete))
        .routes(routes!(models::test))
        .routes(routes!(models::usable))
        .routes(routes!(connections::list, connections::create))
        .routes(routes!(
            connections::get,
            connections::update,
            connections::delete
        ))
        .routes(routes!(connections::test))
        .routes(routes!(connections::bindings))
        .routes(routes!(connections::bind, connections::unbind))
        .routes(routes!(connections::usable))
        .routes(routes!(labels::list))
        .routes(routes!(labels::rename_level))
        .routes(routes!(labels::add_category))
        .routes(routes!(labels::remove_category))
        .routes(routes!(labels::impact))
        .routes(routes!(workflows::schema))
        .routes(routes!(workflows::step_kinds))
        .routes(routes!(workflows::templates))
        .routes(routes!(workflows::validate))
        .routes(routes!(policy::check))
        .routes(routes!(drafts::list))
        .routes(routes!(drafts::get, drafts::save))
        .routes(routes!(versions::list, versions::cut))
        .routes(routes!(versions::get))
        .routes(routes!(versions::restore))
        .routes(routes!(versions::history))
        .routes(routes!(versions::compare))
        .routes(routes!(environments::list, environments::create))
        .routes(routes!(environments::update, environments::delete))
        .routes(routes!(environments::reorder))
        .routes(routes!(reviews::submit))
        .routes(routes!(reviews::list))
        .routes(routes!(reviews::get))
        .routes(routes!(reviews::comment))
        .routes(routes!(reviews::decide))
        .routes(routes!(deployments::pipeline, deployments::deploy))
        .routes(routes!(deployments::rollback))
        .routes(routes!(deployments::freeze))
        .routes(routes!(deployments::unfreeze))
        .routes(routes!(deployments::run))
        .routes(routes!(deployments::drift))
        .routes(routes!(deployments::grant_exception))
        .routes(routes!(runs::start_test_run))
        .routes(routes!(runs::list))
        .routes(routes!(runs::inbox))
        .routes(routes!(runs::get))
        .routes(routes!(artifacts::download))
        .routes(routes!(runs::cancel))
        .routes(routes!(runs::retry))
        .routes(routes!(runs::decide))
        .routes(routes!(scim::create_token, scim::list_tokens))
        .routes(routes!(scim::revoke_token))
        .routes(routes!(scim::scim_list_users, scim::scim_create_user))
        .routes(routes!(
            scim::scim_get_user,
            scim::scim_replace_user,
            scim::scim_patch_user,
            scim::scim_delete_user
        ))
        .routes(routes!(scim::scim_list_groups, scim::scim_create_group))
        .routes(routes!(
            scim::scim_get_group,
            scim::scim_replace_group,
            scim::scim_patch_group,
            scim::scim_delete_group
        ))
        .routes(routes!(scim::scim_service_provider_config))
        .routes(routes!(audit::list_events))
        .routes(routes!(audit::verify))
        .routes(routes!(audit::export))
        .routes(routes!(crate::openapi::openapi_json))
        .routes(routes!(apps::list))
        .routes(routes!(apps::get))
        .routes(routes!(apps::openapi))
        .routes(routes!(apps::get_run))
        .routes(routes!(apps::download_result))
        .routes(routes!(apps::audience_groups))
        .routes(routes!(apps::signing_key))
        .routes(routes!(public_apps::get))
        .routes(routes!(public_apps::start))
        .routes(routes!(public_apps::get_run))
        .routes(routes!(public_apps::download_result))
        .routes(routes!(
            public_apps::anonymous_use,
            public_apps::set_anonymous_use
        ))
        .routes(routes!(knowledge::list, knowledge::create))
        .routes(routes!(
            knowledge::get,
            knowledge::update,
            knowledge::delete
        ))
        .routes(routes!(knowledge::set_access))
        .routes(routes!(knowledge::remove_document))
        .routes(routes!(knowledge::reread_document))
        .routes(routes!(knowledge::search))
        .routes(routes!(batches::get))
        .routes(routes!(batches::cancel))
        .routes(routes!(batches::resume))
        .routes(routes!(batches::retry))
        .routes(routes!(batches::results))
        .routes(routes!(batches::table_sources))
        .routes(routes!(batches::table_source_files))
        .merge(with_files())
}

/// Routes that take files (runs with files, uploads for apps and for test runs, tables), with a
/// body limit to match.
fn with_files() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(apps::list_runs, apps::start))
        .routes(routes!(apps::upload))
        .routes(routes!(runs::upload_test_file))
        .routes(routes!(batches::list, batches::create))
        .routes(routes!(batches::preview))
        .routes(routes!(knowledge::list_documents, knowledge::upload))
        .layer(axum::extract::DefaultBodyLimit::max(
            files::MAX_UPLOAD_BODY_BYTES,
        ))
}
