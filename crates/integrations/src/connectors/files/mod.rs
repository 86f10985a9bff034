//! File stores, for reading documents and writing generated files: a folder on the Paddock
//! server (a mounted share), or a bucket of S3-compatible object storage. Every path is relative
//! to the connection's root — the folder, or the bucket's prefix — and stays inside it: `..` and
//! absolute paths are refused, and so are symbolic links that lead out of a folder.

mod folder;
mod s3;

use paddock_core::connection::{Access, HostRule};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ActionSpec, Call, CallError, Target, validate_input};

pub use s3::S3Location;

/// The largest file read or written.
const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// The most entries a listing returns.
const MAX_LISTED: usize = 1000;

#[derive(Debug, Clone, PartialEq)]
pub struct FilesConfig {
    pub store: FileStore,
    /// Whether workflows may write files there (the `write` action).
    pub writable: bool,
}

/// Where the files are.
#[derive(Debug, Clone, PartialEq)]
pub enum FileStore {
    /// A folder on the Paddock server, by its absolute path.
    Folder { root: String },
    /// A bucket (or a prefix in one) of S3-compatible storage; the credential is the secret
    /// access key.
    S3(S3Location),
}

/// The settings as administrators write them: `store` is `folder` (the default) or `s3`.
#[derive(Deserialize)]
#[serde(tag = "store", rename_all = "lowercase", deny_unknown_fields)]
enum Settings {
    Folder {
        root: String,
        #[serde(default)]
        writable: bool,
    },
    S3 {
        endpoint: String,
        bucket: String,
        #[serde(default)]
        region: Option<String>,
        access_key_id: String,
        #[serde(default)]
        prefix: String,
        #[serde(default = "path_style_by_default")]
        path_style: bool,
        #[serde(default)]
        writable: bool,
    },
}

/// Most S3-compatible servers (MinIO, Ceph, Garage) address buckets by path.
fn path_style_by_default() -> bool {
    true
}

impl FilesConfig {
    pub fn parse(settings: &Value) -> Result<Self, String> {
        let mut settings = settings.clone();
        if let Some(fields) = settings.as_object_mut() {
            fields
                .entry("store")
                .or_insert_with(|| Value::from("folder"));
        }
        let parsed: Settings = serde_path_to_error::deserialize(&settings)
            .map_err(|e| format!("settings.{}: {}", e.path(), e.inner()))?;
        match parsed {
            Settings::Folder { root, writable } => {
                if !root.starts_with('/') {
                    return Err("settings.root: the absolute path of a directory".into());
                }
                Ok(FilesConfig {
                    store: FileStore::Folder { root },
                    writable,
                })
            }
            Settings::S3 {
                endpoint,
                bucket,
                region,
                access_key_id,
                prefix,
                path_style,
                writable,
            } => Ok(FilesConfig {
                store: FileStore::S3(S3Location::parse(
                    &endpoint,
                    &bucket,
                    region.as_deref(),
                    &access_key_id,
                    &prefix,
                    path_style,
                )?),
                writable,
            }),
        }
    }

    pub fn actions(&self) -> Vec<ActionSpec> {
        let path = json!({ "type": "string", "minLength": 1, "maxLength": 1024 });
        let mut actions = vec![
            ActionSpec {
                name: "list".into(),
                access: Access::Read,
                description: "Lists the files in a folder (the root when none is given).".into(),
                input_schema: json!({
                    "type": "object", "additionalProperties": false,
                    "properties": { "folder": { "type": "string", "maxLength": 1024 } },
                }),
            },
            ActionSpec {
                name: "read".into(),
                access: Access::Read,
                description: "Reads a file: its text, or its bytes in base64 when it is not text."
                    .into(),
                input_schema: json!({
                    "type": "object", "additionalProperties": false, "required": ["path"],
                    "properties": { "path": path },
                }),
            },
        ];
        if self.writable {
            actions.push(ActionSpec {
                name: "write".into(),
                access: Access::Write,
                description:
                    "Writes a file (text, or bytes in base64), replacing one of the same name."
                        .into(),
                input_schema: json!({
                    "type": "object", "additionalProperties": false, "required": ["path"],
                    "properties": {
                        "path": path,
                        "text": { "type": "string" },
                        "base64": { "type": "string" },
                    },
                    "oneOf": [ { "required": ["text"] }, { "required": ["base64"] } ],
                }),
            });
        }
        actions
    }

    /// Where the credential goes: a change means it must be entered again.
    pub fn credential_destination(&self) -> String {
        match &self.store {
            FileStore::Folder { root } => format!("files {root}"),
            FileStore::S3(location) => format!("files {}", location.destination()),
        }
    }

    /// The host and port the store is reached at (none for a folder).
    pub fn homes(&self) -> Vec<HostRule> {
        match &self.store {
            FileStore::Folder { .. } => Vec::new(),
            FileStore::S3(location) => location.home().into_iter().collect(),
        }
    }
}

fn invalid(message: impl Into<String>) -> CallError {
    CallError::Invalid(message.into())
}

fn too_large() -> CallError {
    invalid(format!(
        "the file is larger than {} MiB",
        MAX_FILE_BYTES >> 20
    ))
}

/// The parts of a path relative to the store's root, refusing any way out of it.
fn relative_parts(relative: &str) -> Result<Vec<&str>, CallError> {
    let mut parts = Vec::new();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                return Err(CallError::Blocked(format!(
                    "{relative} leaves the connection's folder"
                )));
            }
            part if part.chars().any(char::is_control) => {
                return Err(invalid("a path may not hold control characters"));
            }
            part => parts.push(part),
        }
    }
    if relative.starts_with('/') {
        return Err(CallError::Blocked(format!(
            "{relative} leaves the connection's folder"
        )));
    }
    Ok(parts)
}

/// What a `write` puts in the file.
/// The bytes of a file as the file actions carry it — `text`, or `base64` — at most 10 MB: what
/// `write` takes and `read` answers.
pub fn content_of(input: &Value) -> Result<Vec<u8>, CallError> {
    use base64::Engine as _;
    let text = |name: &str| input.get(name).and_then(Value::as_str);
    let bytes = match (text("text"), text("base64")) {
        (Some(text), _) => text.as_bytes().to_vec(),
        (None, Some(encoded)) => base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|_| invalid("base64: not base64"))?,
        (None, None) => return Err(invalid("give text or base64")),
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// A file read: its text, or its bytes in base64 when it is not text.
fn file_answer(bytes: Vec<u8>) -> Value {
    use base64::Engine as _;
    let size = bytes.len();
    match String::from_utf8(bytes) {
        Ok(text) => json!({ "text": text, "size": size }),
        Err(not_text) => json!({
            "base64": base64::engine::general_purpose::STANDARD.encode(not_text.into_bytes()),
            "size": size,
        }),
    }
}

/// A listing, sorted by name.
fn listing(mut files: Vec<Value>, truncated: bool) -> Value {
    files.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    json!({ "files": files, "truncated": truncated })
}

pub async fn call(
    target: &Target,
    config: &FilesConfig,
    call: Call<'_>,
) -> Result<Value, CallError> {
    let spec = config
        .actions()
        .into_iter()
        .find(|a| a.name == call.action)
        .ok_or_else(|| invalid(format!("{} has no action {}", target.name, call.action)))?;
    validate_input(&spec.name, &spec.input_schema, call.input)?;
    let text = |name: &str| call.input.get(name).and_then(Value::as_str);
    let path = text("path").unwrap_or_default();
    match (&config.store, call.action) {
        (FileStore::Folder { root }, "list") => folder::list(root, text("folder")).await,
        (FileStore::Folder { root }, "read") => folder::read(root, path).await,
        (FileStore::Folder { root }, "write") => {
            folder::write(root, path, content_of(call.input)?).await
        }
        (FileStore::S3(location), "list") => s3::list(target, location, text("folder")).await,
        (FileStore::S3(location), "read") => s3::read(target, location, path).await,
        (FileStore::S3(location), "write") => {
            s3::write(target, location, path, content_of(call.input)?).await
        }
        (_, other) => Err(invalid(format!("{} has no action {other}", target.name))),
    }
}

pub async fn test(target: &Target, config: &FilesConfig) -> Result<String, CallError> {
    let found = match &config.store {
        FileStore::Folder { root } => folder::test(root).await?,
        FileStore::S3(location) => s3::test(target, location).await?,
    };
    Ok(if config.writable {
        format!("{found} (and write to)")
    } else {
        found
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_root() {
        assert_eq!(relative_parts("a/b.txt").unwrap(), ["a", "b.txt"]);
        assert_eq!(relative_parts("./a.txt").unwrap(), ["a.txt"]);
        assert_eq!(relative_parts("a//b/").unwrap(), ["a", "b"]);
        for escape in ["../etc/passwd", "/etc/passwd", "a/../../x", "a/.."] {
            assert!(
                matches!(relative_parts(escape), Err(CallError::Blocked(_))),
                "{escape}"
            );
        }
        assert!(matches!(relative_parts("a\nb"), Err(CallError::Invalid(_))));
    }

    #[test]
    fn settings_name_a_folder_or_a_bucket() {
        let folder = FilesConfig::parse(&json!({ "root": "/srv/docs" })).unwrap();
        assert_eq!(
            folder.store,
            FileStore::Folder {
                root: "/srv/docs".into()
            }
        );
        assert_eq!(folder.actions().len(), 2, "read-only unless writable");
        let bucket = FilesConfig::parse(&json!({
            "store": "s3", "endpoint": "https://s3.eu-west-1.amazonaws.com", "bucket": "claims",
            "region": "eu-west-1", "access_key_id": "AKIAEXAMPLE", "prefix": "incoming",
            "path_style": false, "writable": true,
        }))
        .unwrap();
        assert_eq!(bucket.actions().len(), 3);
        assert_eq!(
            bucket.homes(),
            [HostRule::parse("claims.s3.eu-west-1.amazonaws.com:443").unwrap()]
        );
        for (bad, field) in [
            (json!({ "root": "docs" }), "root"),
            (json!({ "store": "ftp", "root": "/x" }), "store"),
            (
                json!({ "store": "s3", "endpoint": "ftp://x", "bucket": "b", "access_key_id": "k" }),
                "endpoint",
            ),
            (
                json!({ "store": "s3", "endpoint": "http://x", "bucket": "B_", "access_key_id": "k" }),
                "bucket",
            ),
            (
                json!({ "store": "s3", "endpoint": "http://x", "bucket": "docs", "access_key_id": "k", "prefix": "../up" }),
                "prefix",
            ),
        ] {
            let error = FilesConfig::parse(&bad).unwrap_err();
            assert!(error.contains(field), "{bad}: {error}");
        }
    }
}
