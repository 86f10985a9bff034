//! How the engine reads the files a run was given and keeps the documents it writes: through
//! [`Files`], which the services implement with the run's uploads, its artifacts, and the
//! document readers and writers — none of which the engine sees.

use std::future::Future;
use std::pin::Pin;

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

/// One call of a `document` step: the document to write from its Markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteCall {
    /// The step's key in the journal: the step run again replaces what it wrote.
    pub step_key: String,
    pub step_id: String,
    /// `docx`, `pdf` or `markdown`.
    pub format: String,
    /// The file name asked for; the extension follows the format.
    pub name: String,
    pub markdown: String,
}

/// A document a run wrote: the step's output describing it, and its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub artifact: Value,
    pub bytes: Vec<u8>,
}

pub type Writing<'a> = Pin<Box<dyn Future<Output = Result<Written, StepFailure>> + Send + 'a>>;

/// The files of a run: those it was given, and those it writes.
pub trait Files: Send + Sync {
    fn read(&self, call: ReadCall) -> Calling<'_>;
    fn write(&self, call: WriteCall) -> Writing<'_>;
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

    fn write(&self, call: WriteCall) -> Writing<'_> {
        Box::pin(async move {
            Err(StepFailure::fatal(format!(
                "step {} writes a document, but no run can keep files where this run runs: run it on the server",
                call.step_id
            )))
        })
    }
}
