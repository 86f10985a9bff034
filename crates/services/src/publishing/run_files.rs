//! How a run's `extract_text` and `ocr` steps read the files it was given — only a file among
//! the run's own inputs, uploaded to the run's workspace, read by the readers knowledge bases
//! use (in the blocking pool: OCR takes about a second a page) — and how its `document` steps
//! keep the documents they write, as the run's artifacts until they expire.

use std::collections::HashSet;
use std::time::Duration;

use indexmap::IndexMap;
use paddock_core::ids::{RunId, UploadId, WorkspaceId};
use paddock_core::time::Timestamp;
use paddock_core::workflow::definition::{InputSpec, InputType};
use paddock_engine::connectors::Calling;
use paddock_engine::files::{Files, ReadCall, Reading, WriteCall, Writing, Written};
use paddock_engine::kinds::StepFailure;
use paddock_integrations::documents;
use paddock_integrations::generate::{self, Format};
use paddock_store::artifacts::{self, NewArtifact};
use paddock_store::{Store, uploads};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::ServiceError;

/// How much of a file's text a step's output holds (once whole, once page by page); the rest
/// is cut, and `truncated` says so.
const MAX_TEXT_CHARS: usize = 500_000;

/// How long a run's documents are kept when the deployment does not say.
pub const DEFAULT_ARTIFACT_RETENTION: Duration = Duration::from_secs(30 * 24 * 3600);

/// The files of one run.
pub struct RunFiles<'a> {
    store: &'a Store,
    run: RunId,
    workspace: WorkspaceId,
    /// How long the documents it writes are kept.
    retention: Duration,
    /// The uploads the run was given: the values of its inputs declared `type: file`, each
    /// checked, when the run was asked for, to be its starter's upload.
    given: HashSet<String>,
}

impl<'a> RunFiles<'a> {
    pub fn new(
        store: &'a Store,
        run: RunId,
        workspace: WorkspaceId,
        declared: &IndexMap<String, InputSpec>,
        inputs: &Map<String, Value>,
    ) -> Self {
        let given = declared
            .iter()
            .filter(|(_, spec)| spec.kind == InputType::File)
            .filter_map(|(name, _)| inputs.get(name)?.get("id")?.as_str())
            .map(str::to_owned)
            .collect();
        RunFiles {
            store,
            run,
            workspace,
            retention: DEFAULT_ARTIFACT_RETENTION,
            given,
        }
    }

    /// Keeps the documents the run writes for `retention`.
    pub fn keeping_documents_for(mut self, retention: Duration) -> Self {
        self.retention = retention;
        self
    }

    async fn write_document(&self, call: WriteCall) -> Result<Written, StepFailure> {
        let step = call.step_id.clone();
        let format = Format::parse(&call.format).ok_or_else(|| {
            StepFailure::fatal(format!(
                "step {step}: with.format is {:?}; write one of {}",
                call.format,
                Format::NAMES.join(", ")
            ))
        })?;
        // Inside a map, the step's key (`review[2].letter`) tells each item's document apart.
        let wanted = if call.name.trim().is_empty() {
            &call.step_key
        } else {
            &call.name
        };
        let name = generate::file_name(wanted, format);
        let title = name.clone();
        let markdown = call.markdown;
        let bytes =
            tokio::task::spawn_blocking(move || generate::generate(format, &title, &markdown))
                .await
                .map_err(|e| StepFailure::fatal(format!("step {step}: writing stopped: {e}")))?
                .map_err(|e| StepFailure::fatal(format!("step {step}: {e}")))?;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let expires_at = Timestamp::now().plus(self.retention);
        let mut tx = self
            .store
            .begin()
            .await
            .map_err(|e| unavailable("kept", &e.into()))?;
        let (artifact, bytes) = artifacts::put(
            &mut tx,
            NewArtifact {
                run: self.run,
                step_key: &call.step_key,
                name: &name,
                media_type: format.media_type(),
                sha256: &sha256,
                content: &bytes,
                expires_at,
            },
        )
        .await
        .map_err(|e| unavailable("kept", &e.into()))?;
        tx.commit()
            .await
            .map_err(|e| unavailable("kept", &e.into()))?;
        Ok(Written {
            artifact: json!({
                "artifact": artifact.id.to_string(),
                "name": artifact.name,
                "media_type": artifact.media_type,
                "size": artifact.size,
                "sha256": artifact.sha256,
                "download": format!("/api/v1/runs/{}/artifacts/{}", self.run, artifact.id),
                "expires_at": artifact.expires_at.to_rfc3339(),
            }),
            bytes,
        })
    }

    async fn read_file(&self, call: ReadCall) -> Result<Value, StepFailure> {
        let step = &call.step_id;
        let not_an_input = || {
            StepFailure::fatal(format!(
                "step {step} reads with.file, which is not a file this run was given: write the file input, such as {{{{ inputs.document }}}}"
            ))
        };
        let id = call
            .file
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(not_an_input)?;
        // A run reads its own files only, never another upload named by its id (an input of
        // another type may hold any object a caller writes).
        if !self.given.contains(id) {
            return Err(not_an_input());
        }
        let upload_id: UploadId = id.parse().map_err(|_| not_an_input())?;
        let mut conn = self
            .store
            .acquire()
            .await
            .map_err(|e| unavailable("read", &e.into()))?;
        let upload = uploads::find(&mut conn, upload_id)
            .await
            .map_err(|e| unavailable("read", &e.into()))?
            .filter(|upload| upload.workspace == self.workspace)
            .ok_or_else(|| {
                StepFailure::fatal(format!(
                    "step {step}: the file this run was given is no longer kept"
                ))
            })?;
        let (name, media_type) = (upload.name, upload.media_type);
        if call.reading == Reading::Ocr
            && !(media_type.starts_with("image/") || media_type == "application/pdf")
        {
            return Err(StepFailure::fatal(format!(
                "step {step} reads {name} by OCR, but it is {media_type}: OCR reads images (PNG, JPEG, TIFF) and PDFs"
            )));
        }
        if !documents::reads(&media_type) {
            return Err(StepFailure::fatal(format!(
                "step {step} cannot read {name}, which is {media_type}: it reads {}",
                documents::READABLE_KINDS
            )));
        }
        let content = uploads::content(&mut conn, upload_id)
            .await
            .map_err(|e| unavailable("read", &e.into()))?
            .ok_or_else(|| {
                StepFailure::fatal(format!(
                    "step {step}: the file this run was given is no longer kept"
                ))
            })?;
        drop(conn);
        let kind = media_type.clone();
        let reading =
            tokio::task::spawn_blocking(move || documents::read(&kind, &content, &mut |_, _| {}))
                .await
                .map_err(|e| {
                    StepFailure::fatal(format!("step {step}: reading {name} stopped: {e}"))
                })?
                .map_err(|e| {
                    StepFailure::fatal(format!("step {step}: {name} could not be read: {e}"))
                })?;
        let mut left = MAX_TEXT_CHARS;
        let mut truncated = false;
        let mut pages = Vec::with_capacity(reading.extracted.pages.len());
        let mut texts = Vec::with_capacity(reading.extracted.pages.len());
        for page in &reading.extracted.pages {
            let whole = page.text();
            if left == 0 {
                truncated |= !whole.is_empty();
                break;
            }
            let text: String = whole.chars().take(left).collect();
            truncated |= text.len() < whole.len();
            left -= text.chars().count();
            pages.push(json!({ "page": page.number, "text": text }));
            if !text.is_empty() {
                texts.push(text);
            }
        }
        Ok(json!({
            "name": name,
            "media_type": media_type,
            "truncated": truncated,
            "text": texts.join("\n\n"),
            "pages": pages,
            "ocr_pages": reading.ocr_pages,
        }))
    }
}

impl Files for RunFiles<'_> {
    fn read(&self, call: ReadCall) -> Calling<'_> {
        Box::pin(self.read_file(call))
    }

    fn write(&self, call: WriteCall) -> Writing<'_> {
        Box::pin(self.write_document(call))
    }
}

/// The database failed: the step is tried again.
fn unavailable(done: &str, error: &ServiceError) -> StepFailure {
    StepFailure {
        message: format!(
            "the run's file could not be {done} in the database: {}",
            paddock_core::report::error_chain(error)
        ),
        retryable: true,
        retry_after: None,
    }
}
