//! File stores: a directory on the Paddock server (a mounted share), for reading documents and
//! writing generated files. Every path is relative to the connection's root and stays inside it:
//! `..`, absolute paths and symbolic links that lead out are refused.

use std::path::{Component, Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use paddock_core::connection::Access;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ActionSpec, Call, CallError, Target, validate_input};

/// The largest file read or written.
const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// The most entries a listing returns.
const MAX_LISTED: usize = 1000;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesConfig {
    /// The directory the connection sees, an absolute path.
    pub root: String,
    /// Whether workflows may write files there (the `write` action).
    #[serde(default)]
    pub writable: bool,
}

impl FilesConfig {
    pub fn parse(settings: &Value) -> Result<Self, String> {
        let config: FilesConfig = serde_path_to_error::deserialize(settings)
            .map_err(|e| format!("settings.{}: {}", e.path(), e.inner()))?;
        if !config.root.starts_with('/') {
            return Err("settings.root: the absolute path of a directory".into());
        }
        Ok(config)
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
}

fn invalid(message: impl Into<String>) -> CallError {
    CallError::Invalid(message.into())
}

fn io_failure(what: &str, error: std::io::Error) -> CallError {
    match error.kind() {
        std::io::ErrorKind::NotFound => invalid(format!("{what}: no such file or folder")),
        _ => CallError::Failed {
            message: format!("{what}: {error}"),
            retryable: false,
        },
    }
}

/// `relative` under `root`, refusing any way out of it.
fn inside(root: &Path, relative: &str) -> Result<PathBuf, CallError> {
    let relative = Path::new(relative.trim_start_matches("./"));
    let mut joined = root.to_path_buf();
    for component in relative.components() {
        match component {
            Component::Normal(part) => joined.push(part),
            Component::CurDir => {}
            _ => {
                return Err(CallError::Blocked(format!(
                    "{} leaves the connection's folder",
                    relative.display()
                )));
            }
        }
    }
    Ok(joined)
}

/// Checks that `path`, once symbolic links are followed, is still under `root`; for a file not
/// yet written, its folder is checked.
fn still_inside(root: &Path, path: &Path) -> Result<(), CallError> {
    let root = root
        .canonicalize()
        .map_err(|e| io_failure("the connection's folder", e))?;
    let existing = if path.exists() {
        path.to_path_buf()
    } else {
        path.parent().unwrap_or(path).to_path_buf()
    };
    let resolved = existing
        .canonicalize()
        .map_err(|e| io_failure("the folder", e))?;
    if resolved.starts_with(&root) {
        Ok(())
    } else {
        Err(CallError::Blocked(
            "the path leads out of the connection's folder through a link".into(),
        ))
    }
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
    let root = PathBuf::from(&config.root);
    let text = |name: &str| call.input.get(name).and_then(Value::as_str);
    match call.action {
        "list" => {
            let folder = inside(&root, text("folder").unwrap_or(""))?;
            still_inside(&root, &folder)?;
            let mut entries = tokio::fs::read_dir(&folder)
                .await
                .map_err(|e| io_failure("the folder", e))?;
            let mut files = Vec::new();
            let mut truncated = false;
            while let Some(entry) = entries
                .next_entry()
                .await
                .map_err(|e| io_failure("the folder", e))?
            {
                if files.len() == MAX_LISTED {
                    truncated = true;
                    break;
                }
                let metadata = entry
                    .metadata()
                    .await
                    .map_err(|e| io_failure("a file", e))?;
                files.push(json!({
                    "name": entry.file_name().to_string_lossy(),
                    "folder": metadata.is_dir(),
                    "size": metadata.len(),
                }));
            }
            files.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
            Ok(json!({ "files": files, "truncated": truncated }))
        }
        "read" => {
            let path = inside(&root, text("path").unwrap_or_default())?;
            still_inside(&root, &path)?;
            let size = tokio::fs::metadata(&path)
                .await
                .map_err(|e| io_failure("the file", e))?
                .len();
            if size > MAX_FILE_BYTES {
                return Err(invalid(format!(
                    "the file is larger than {} MiB",
                    MAX_FILE_BYTES >> 20
                )));
            }
            let bytes = tokio::fs::read(&path)
                .await
                .map_err(|e| io_failure("the file", e))?;
            Ok(match String::from_utf8(bytes) {
                Ok(text) => json!({ "text": text, "size": size }),
                Err(not_text) => {
                    json!({ "base64": STANDARD.encode(not_text.into_bytes()), "size": size })
                }
            })
        }
        "write" => {
            let path = inside(&root, text("path").unwrap_or_default())?;
            if path == root {
                return Err(invalid("name the file to write"));
            }
            still_inside(&root, &path)?;
            let bytes = match (text("text"), text("base64")) {
                (Some(text), _) => text.as_bytes().to_vec(),
                (None, Some(encoded)) => STANDARD
                    .decode(encoded)
                    .map_err(|_| invalid("base64: not base64"))?,
                (None, None) => return Err(invalid("give text or base64")),
            };
            if bytes.len() as u64 > MAX_FILE_BYTES {
                return Err(invalid(format!(
                    "the file is larger than {} MiB",
                    MAX_FILE_BYTES >> 20
                )));
            }
            // Written beside it and renamed: readers see the old file or the new one.
            let draft = path.with_extension(format!(
                "{}.paddock-partial",
                path.extension()
                    .map(|e| e.to_string_lossy())
                    .unwrap_or_default()
            ));
            tokio::fs::write(&draft, &bytes)
                .await
                .map_err(|e| io_failure("the file", e))?;
            if let Err(error) = tokio::fs::rename(&draft, &path).await {
                let _ = tokio::fs::remove_file(&draft).await;
                return Err(io_failure("the file", error));
            }
            Ok(json!({ "path": text("path"), "size": bytes.len() }))
        }
        other => Err(invalid(format!("{} has no action {other}", target.name))),
    }
}

pub async fn test(config: &FilesConfig) -> Result<String, CallError> {
    let metadata = tokio::fs::metadata(&config.root)
        .await
        .map_err(|e| io_failure(&config.root, e))?;
    if !metadata.is_dir() {
        return Err(invalid(format!("{} is not a folder", config.root)));
    }
    Ok(format!(
        "{} is a folder Paddock can read{}",
        config.root,
        if config.writable {
            " (and write to)"
        } else {
            ""
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_root() {
        let root = Path::new("/srv/docs");
        assert_eq!(
            inside(root, "a/b.txt").unwrap(),
            Path::new("/srv/docs/a/b.txt")
        );
        assert_eq!(
            inside(root, "./a.txt").unwrap(),
            Path::new("/srv/docs/a.txt")
        );
        for escape in ["../etc/passwd", "/etc/passwd", "a/../../x"] {
            assert!(
                matches!(inside(root, escape), Err(CallError::Blocked(_))),
                "{escape}"
            );
        }
    }

    #[test]
    fn a_link_out_of_the_root_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt")).unwrap();
        std::fs::write(root.join("fine.txt"), "f").unwrap();
        assert!(still_inside(&root, &root.join("fine.txt")).is_ok());
        assert!(matches!(
            still_inside(&root, &root.join("link.txt")),
            Err(CallError::Blocked(_))
        ));
    }
}
