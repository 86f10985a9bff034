//! A folder on the Paddock server. Paths are joined under the root part by part, and checked
//! again once symbolic links are followed.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{CallError, MAX_FILE_BYTES, MAX_LISTED, file_answer, invalid, listing, relative_parts};

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
    let mut joined = root.to_path_buf();
    joined.extend(relative_parts(relative)?);
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

pub(super) async fn list(root: &str, folder: Option<&str>) -> Result<Value, CallError> {
    let root = Path::new(root);
    let folder = inside(root, folder.unwrap_or(""))?;
    still_inside(root, &folder)?;
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
    Ok(listing(files, truncated))
}

pub(super) async fn read(root: &str, relative: &str) -> Result<Value, CallError> {
    let root = Path::new(root);
    let path = inside(root, relative)?;
    still_inside(root, &path)?;
    let size = tokio::fs::metadata(&path)
        .await
        .map_err(|e| io_failure("the file", e))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(super::too_large());
    }
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|e| io_failure("the file", e))?;
    Ok(file_answer(bytes))
}

pub(super) async fn write(root: &str, relative: &str, bytes: Vec<u8>) -> Result<Value, CallError> {
    let root = Path::new(root);
    let path = inside(root, relative)?;
    if path == root {
        return Err(invalid("name the file to write"));
    }
    still_inside(root, &path)?;
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
    Ok(json!({ "path": relative, "size": bytes.len() }))
}

pub(super) async fn test(root: &str) -> Result<String, CallError> {
    let metadata = tokio::fs::metadata(root)
        .await
        .map_err(|e| io_failure(root, e))?;
    if !metadata.is_dir() {
        return Err(invalid(format!("{root} is not a folder")));
    }
    Ok(format!("{root} is a folder Paddock can read"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_joined_under_the_root() {
        let root = Path::new("/srv/docs");
        assert_eq!(
            inside(root, "a/b.txt").unwrap(),
            Path::new("/srv/docs/a/b.txt")
        );
        assert!(inside(root, "../etc/passwd").is_err());
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
