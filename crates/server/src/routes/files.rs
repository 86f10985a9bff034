//! Requests with files: multipart bodies read into their text fields and files, within one
//! limit, and the answer to an upload.

use axum::extract::Multipart;
use axum::http::{HeaderMap, StatusCode, header};
use paddock_core::Code;
use paddock_services::publishing::runs::FilePart;
use serde::Serialize;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use crate::error::ApiError;

/// The largest request with files: the largest file an input may take, and some room.
pub const MAX_UPLOAD_BODY_BYTES: usize = 52 * 1024 * 1024;

#[derive(Serialize, ToSchema)]
pub struct UploadView {
    /// Give this as the input's value.
    id: String,
    name: String,
    media_type: String,
    size: u64,
}

impl From<paddock_store::uploads::Upload> for UploadView {
    fn from(stored: paddock_store::uploads::Upload) -> Self {
        UploadView {
            id: stored.id.to_string(),
            name: stored.name,
            media_type: stored.media_type,
            size: stored.size,
        }
    }
}

/// Reads a multipart body into its named text fields and its files.
pub(crate) async fn read_multipart(
    mut multipart: Multipart,
) -> Result<(Map<String, Value>, Vec<FilePart>), ApiError> {
    let too_large = || {
        ApiError::new(
            Code::PayloadTooLarge,
            format!("The request is larger than {MAX_UPLOAD_BODY_BYTES} bytes."),
        )
        .with_details(json!({ "limit_bytes": MAX_UPLOAD_BODY_BYTES }))
    };
    let mut fields = Map::new();
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::new(
                Code::InvalidInput,
                format!("The multipart body does not read: {e}"),
            )
        }
    })? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content = field.bytes().await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiError::new(
                    Code::InvalidInput,
                    format!("The part '{name}' does not read: {e}"),
                )
            }
        })?;
        match file_name {
            Some(file_name) => files.push(FilePart {
                input: name,
                name: file_name,
                content: content.to_vec(),
            }),
            None => {
                let text = String::from_utf8(content.to_vec()).map_err(|_| {
                    ApiError::new(Code::InvalidInput, format!("The part '{name}' is not text"))
                })?;
                fields.insert(name, Value::String(text));
            }
        }
    }
    Ok((fields, files))
}

/// The one file of an upload, sent in the part `file`.
pub(crate) fn one_file(mut files: Vec<FilePart>) -> Result<FilePart, ApiError> {
    match (files.len(), files.pop()) {
        (1, Some(file)) if file.input == "file" => Ok(file),
        _ => Err(
            ApiError::new(Code::InvalidInput, "Send one file, in a part named 'file'.")
                .with_details(json!({ "field": "file" })),
        ),
    }
}

/// Whether the request's body is multipart (files with it).
pub(crate) fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}
