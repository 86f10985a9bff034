//! How a run's `extract_text` and `ocr` steps read the files it was given: only a file among
//! the run's own inputs, uploaded to the run's workspace, read by the readers knowledge bases
//! use (in the blocking pool: OCR takes about a second a page).

use std::collections::HashSet;

use indexmap::IndexMap;
use paddock_core::ids::{UploadId, WorkspaceId};
use paddock_core::workflow::definition::{InputSpec, InputType};
use paddock_engine::connectors::Calling;
use paddock_engine::files::{Files, ReadCall, Reading};
use paddock_engine::kinds::StepFailure;
use paddock_integrations::documents;
use paddock_store::{Store, uploads};
use serde_json::{Map, Value, json};

use crate::ServiceError;

/// How much of a file's text a step's output holds (once whole, once page by page); the rest
/// is cut, and `truncated` says so.
const MAX_TEXT_CHARS: usize = 500_000;

/// The files of one run.
pub struct RunFiles<'a> {
    store: &'a Store,
    workspace: WorkspaceId,
    /// The uploads the run was given: the values of its inputs declared `type: file`, each
    /// checked, when the run was asked for, to be its starter's upload.
    given: HashSet<String>,
}

impl<'a> RunFiles<'a> {
    pub fn new(
        store: &'a Store,
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
            workspace,
            given,
        }
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
            .map_err(|e| unavailable(&e.into()))?;
        let upload = uploads::find(&mut conn, upload_id)
            .await
            .map_err(|e| unavailable(&e.into()))?
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
            .map_err(|e| unavailable(&e.into()))?
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
}

fn unavailable(error: &ServiceError) -> StepFailure {
    StepFailure {
        message: format!(
            "the run's file could not be read from the database: {}",
            paddock_core::report::error_chain(error)
        ),
        retryable: true,
        retry_after: None,
    }
}
