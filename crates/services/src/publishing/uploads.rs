//! Files for a workflow's file inputs — an app's, or a draft's in a test run: checked against
//! what the input accepts — its kinds, read from the content, and its size — before anything is
//! stored, and handed to the run as a description with, for text, the text itself.

use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::UploadId;
use paddock_core::publishing::InterfaceKind;
use paddock_core::upload::{self, DEFAULT_MAX_BYTES};
use paddock_core::workflow::definition::{InputSpec, InputType};
use paddock_store::Store;
use paddock_store::uploads::{self, NewUpload, Upload};
use paddock_store::workspaces::Workspace;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::App;
use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;

/// How much of a text file a run receives as `text`.
const MAX_TEXT_CHARS: usize = 200_000;
/// The longest file name kept.
const MAX_NAME_CHARS: usize = 200;

/// The largest file `spec` accepts.
pub fn max_bytes(spec: &InputSpec) -> u64 {
    spec.max_size
        .as_deref()
        .and_then(|size| upload::parse_size(size).ok())
        .unwrap_or(DEFAULT_MAX_BYTES)
}

/// Where files are uploaded to: a workflow of a workspace, and through what (an app's
/// interface, or `test` for a draft's test runs).
pub(crate) struct FilesFor<'a> {
    pub workspace: &'a Workspace,
    pub workflow: &'a str,
    pub inputs: &'a indexmap::IndexMap<String, InputSpec>,
    pub via: &'static str,
}

impl App {
    /// Where files for the app's inputs go, uploaded through `kind`.
    pub(crate) fn files(&self, kind: InterfaceKind) -> FilesFor<'_> {
        FilesFor {
            workspace: &self.workspace,
            workflow: &self.name,
            inputs: &self.checked.workflow.definition.inputs,
            via: kind.as_str(),
        }
    }
}

/// The file input `input` of the workflow, or why there is none.
fn file_input<'a>(to: &FilesFor<'a>, input: &str) -> Result<&'a InputSpec, ServiceError> {
    let spec = to.inputs.get(input).ok_or_else(|| {
        ServiceError::invalid("input", format!("'{}' has no input '{input}'", to.workflow))
    })?;
    if spec.kind != InputType::File {
        return Err(ServiceError::invalid(
            "input",
            format!(
                "the input '{input}' takes {}, not a file",
                spec.kind.as_str()
            ),
        ));
    }
    Ok(spec)
}

/// The file's media type if `spec` accepts it: its size within the limit, its content what its
/// name says, and of a kind the input accepts.
fn accepted(
    spec: &InputSpec,
    input: &str,
    name: &str,
    content: &[u8],
) -> Result<String, ServiceError> {
    let field = "file";
    let limit = max_bytes(spec);
    if content.len() as u64 > limit {
        return Err(ServiceError::refused(
            paddock_core::Code::PayloadTooLarge,
            format!(
                "{name} is {}; {input} accepts files of at most {}.",
                upload::describe_size(content.len() as u64),
                upload::describe_size(limit)
            ),
            json!({ "field": field, "limit_bytes": limit }),
        ));
    }
    if content.is_empty() {
        return Err(ServiceError::invalid(field, format!("{name} is empty")));
    }
    let media_type = upload::media_type(name, content)
        .map_err(|why| ServiceError::invalid(field, format!("{name}: {why}")))?;
    if let Some(accept) = &spec.accept
        && !upload::accepts(accept, &media_type)
    {
        return Err(ServiceError::invalid(
            field,
            format!(
                "{name} is {media_type}; {input} accepts {}",
                accept.join(", ")
            ),
        ));
    }
    Ok(media_type)
}

/// A file name as kept: its last path segment, without control characters, at most 200
/// characters.
pub(crate) fn clean_name(raw: &str) -> Result<String, ServiceError> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = last
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect();
    let name = name.trim().to_owned();
    if name.is_empty() || name == "." || name == ".." {
        return Err(ServiceError::invalid("file", "the file has no name"));
    }
    Ok(name)
}

/// The file's name as kept and its media type, if the input `input` accepts it.
pub(crate) fn check(
    to: &FilesFor<'_>,
    input: &str,
    name: &str,
    content: &[u8],
) -> Result<(String, String), ServiceError> {
    let spec = file_input(to, input)?;
    let name = clean_name(name)?;
    let media_type = accepted(spec, input, &name, content)?;
    Ok((name, media_type))
}

/// Stores a file for the input `input`, uploaded by `by`; audited.
pub(crate) async fn store_file(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    to: &FilesFor<'_>,
    input: &str,
    name: &str,
    content: &[u8],
) -> Result<Upload, ServiceError> {
    let (name, media_type) = check(to, input, name, content)?;
    let sha256 = hex::encode(Sha256::digest(content));
    let mut tx = store.begin().await?;
    let stored = uploads::insert(
        &mut tx,
        NewUpload {
            workspace: to.workspace.id,
            name: &name,
            media_type: &media_type,
            sha256: &sha256,
            content,
            by: by.user_id,
        },
    )
    .await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::FileUploaded,
        target: Some(Target::workflow(to.workflow)),
        workspace: Some(to.workspace.slug.to_string()),
        outcome: Outcome::Success,
        summary: json!({
            "upload": stored.id.to_string(),
            "input": input,
            "name": name,
            "media_type": media_type,
            "size": stored.size,
            "sha256": sha256,
            "interface": to.via,
        }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Uploads a file for an app's input, for someone who may use the app through `kind`.
#[allow(clippy::too_many_arguments)]
pub async fn upload(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    (workspace, name, environment): (&str, &str, Option<&str>),
    kind: InterfaceKind,
    input: &str,
    file_name: &str,
    content: &[u8],
) -> Result<Upload, ServiceError> {
    let app = {
        let app = super::find(store, workspace, name, environment).await?;
        super::admit(by, &app, kind)?;
        app
    };
    store_file(
        store,
        context,
        by,
        &app.files(kind),
        input,
        file_name,
        content,
    )
    .await
}

/// Replaces each file input's upload id in `inputs` with a description of the file the run
/// reads: `{id, name, media_type, size, sha256}`, and `text` for text. Only files `by` uploaded
/// to the workspace are found.
pub(crate) async fn attach(
    store: &Store,
    by: &Principal,
    to: &FilesFor<'_>,
    inputs: &mut Map<String, Value>,
) -> Result<(), ServiceError> {
    let files: Vec<(String, &InputSpec)> = to
        .inputs
        .iter()
        .filter(|(name, spec)| {
            spec.kind == InputType::File && inputs.get(*name).is_some_and(Value::is_string)
        })
        .map(|(name, spec)| (name.clone(), spec))
        .collect();
    if files.is_empty() {
        return Ok(());
    }
    let mut conn = store.acquire().await?;
    for (input, spec) in files {
        let id = inputs[&input].as_str().unwrap_or_default().to_owned();
        let missing = || {
            ServiceError::invalid(
                "inputs",
                format!("inputs.{input}: there is no uploaded file '{id}'; upload it first"),
            )
        };
        let upload_id: UploadId = id.parse().map_err(|_| missing())?;
        let found = uploads::find(&mut conn, upload_id)
            .await?
            .filter(|found| {
                found.workspace == to.workspace.id && found.uploaded_by == Some(by.user_id)
            })
            .ok_or_else(missing)?;
        if found.size > max_bytes(spec)
            || spec
                .accept
                .as_ref()
                .is_some_and(|accept| !upload::accepts(accept, &found.media_type))
        {
            return Err(ServiceError::invalid(
                "inputs",
                format!(
                    "inputs.{input}: {} is not a file this input accepts",
                    found.name
                ),
            ));
        }
        let mut described = json!({
            "id": found.id.to_string(),
            "name": found.name,
            "media_type": found.media_type,
            "size": found.size,
            "sha256": found.sha256,
        });
        if is_text(&found.media_type) {
            let content = uploads::content(&mut conn, upload_id)
                .await?
                .ok_or_else(missing)?;
            let text: String = String::from_utf8_lossy(&content)
                .chars()
                .take(MAX_TEXT_CHARS)
                .collect();
            described["text"] = Value::String(text);
        }
        inputs.insert(input, described);
    }
    Ok(())
}

fn is_text(media_type: &str) -> bool {
    media_type.starts_with("text/")
        || matches!(
            media_type,
            "application/json" | "application/x-ndjson" | "application/xml"
        )
}
