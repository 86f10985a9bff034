//! How the engine reads the files a run was given: through [`Files`], which the services
//! implement with the run's uploads and the document readers — neither of which the engine
//! sees.

use serde_json::Value;

use crate::connectors::Calling;
use crate::kinds::StepFailure;

/// What a step wants read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Any document a knowledge base reads (PDF, Word, text, Markdown, CSV, images), its text
    /// page by page.
    Text,
    /// Images and PDFs only, scanned pages read by OCR.
    Ocr,
}

/// One call of an `extract_text` or `ocr` step.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadCall {
    pub step_id: String,
    /// The file as the run's inputs describe it: `{id, name, media_type, …}`.
    pub file: Value,
    pub reading: Reading,
}

/// The files of a run.
pub trait Files: Send + Sync {
    fn read(&self, call: ReadCall) -> Calling<'_>;
}

/// Where no file can be reached: a run on the command line without a server.
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, call: ReadCall) -> Calling<'_> {
        Box::pin(async move {
            Err(StepFailure::fatal(format!(
                "step {} reads a file, but no uploaded files are reachable where this run runs: run it on the server",
                call.step_id
            )))
        })
    }
}
