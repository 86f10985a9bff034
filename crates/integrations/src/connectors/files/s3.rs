//! A bucket of S3-compatible object storage (AWS S3, MinIO, Ceph, Garage…). Requests are signed
//! with AWS Signature Version 4 as short-lived presigned addresses and sent through the guarded
//! client, so the egress allowlist and the SSRF defence hold as for any HTTP connector. Folders
//! are key prefixes ending in `/`.

use std::time::Duration;

use paddock_core::connection::HostRule;
use reqwest::StatusCode;
use rusty_s3::actions::{GetObject, ListObjectsV2, PutObject, S3Action as _};
use rusty_s3::{Bucket, Credentials, UrlStyle};
use serde_json::{Value, json};
use url::Url;

use super::{CallError, MAX_FILE_BYTES, MAX_LISTED, Target, file_answer, invalid, listing};
use crate::connectors::guard::{check_url, describe};
use crate::connectors::http;

/// How long a signed address is good for: one request, sent at once.
const SIGNED_FOR: Duration = Duration::from_secs(60);
const TIMEOUT: Duration = Duration::from_secs(30);
/// The longest listing answer read (1,000 keys of 1 KiB each, and their XML).
const MAX_LISTING_BYTES: usize = 2 * 1024 * 1024;

/// Which bucket, where, and as whom.
#[derive(Debug, Clone, PartialEq)]
pub struct S3Location {
    pub endpoint: Url,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    /// The folder in the bucket the connection sees: empty, or key parts ending in `/`.
    pub prefix: String,
    pub path_style: bool,
}

impl S3Location {
    pub fn parse(
        endpoint: &str,
        bucket: &str,
        region: Option<&str>,
        access_key_id: &str,
        prefix: &str,
        path_style: bool,
    ) -> Result<Self, String> {
        let endpoint = Url::parse(endpoint)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
            .ok_or("settings.endpoint: the http or https address of the storage service")?;
        let bucket_is_valid = (3..=63).contains(&bucket.len())
            && bucket
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
            && !bucket.starts_with(['-', '.'])
            && !bucket.ends_with(['-', '.']);
        if !bucket_is_valid {
            return Err(
                "settings.bucket: 3 to 63 lower-case letters, digits, '-' and '.'".to_owned(),
            );
        }
        if access_key_id.trim().is_empty() || access_key_id.len() > 128 {
            return Err("settings.access_key_id: the access key id, up to 128 characters".into());
        }
        let parts = super::relative_parts(prefix.trim_start_matches('/'))
            .map_err(|_| "settings.prefix: a folder in the bucket, without '..'".to_owned())?;
        let prefix = parts.iter().map(|part| format!("{part}/")).collect();
        let location = S3Location {
            endpoint,
            bucket: bucket.to_owned(),
            region: region.unwrap_or("us-east-1").to_owned(),
            access_key_id: access_key_id.trim().to_owned(),
            prefix,
            path_style,
        };
        location
            .bucket_address()
            .map_err(|e| format!("settings.endpoint: {e}"))?;
        Ok(location)
    }

    fn bucket_address(&self) -> Result<Bucket, String> {
        let style = if self.path_style {
            UrlStyle::Path
        } else {
            UrlStyle::VirtualHost
        };
        Bucket::new(
            self.endpoint.clone(),
            style,
            self.bucket.clone(),
            self.region.clone(),
        )
        .map_err(|e| e.to_string())
    }

    /// The host and port requests go to.
    pub(super) fn home(&self) -> Option<HostRule> {
        let base = self.bucket_address().ok()?.base_url().clone();
        let host = base.host_str()?;
        let port = base.port_or_known_default()?;
        HostRule::parse(&format!("{}:{port}", host.trim_matches(['[', ']']))).ok()
    }

    pub(super) fn destination(&self) -> String {
        format!(
            "s3 {} {} {} {}",
            self.endpoint.origin().ascii_serialization(),
            self.bucket,
            self.region,
            self.access_key_id
        )
    }

    /// The object key of `relative`, under the prefix.
    fn key(&self, relative: &str) -> Result<String, CallError> {
        let parts = super::relative_parts(relative)?;
        if parts.is_empty() {
            return Err(invalid("name the file"));
        }
        Ok(format!("{}{}", self.prefix, parts.join("/")))
    }

    /// The key prefix of the folder `relative` (the connection's root when empty).
    fn folder(&self, relative: &str) -> Result<String, CallError> {
        let parts = super::relative_parts(relative)?;
        Ok(parts.iter().fold(self.prefix.clone(), |folder, part| {
            format!("{folder}{part}/")
        }))
    }
}

/// The bucket, the credentials and a guarded client for one call.
struct Session {
    bucket: Bucket,
    credentials: Credentials,
    client: reqwest::Client,
}

fn session(target: &Target, location: &S3Location) -> Result<Session, CallError> {
    let secret = target.secret.as_deref().ok_or_else(|| {
        invalid("the connection has no secret access key yet; IT sets it under Admin → Connections")
    })?;
    Ok(Session {
        bucket: location.bucket_address().map_err(invalid)?,
        credentials: Credentials::new(location.access_key_id.clone(), secret.to_owned()),
        client: http::client(target, TIMEOUT)?,
    })
}

/// Checks a signed address against the connection's egress rules before it is sent.
fn allowed(target: &Target, url: Url) -> Result<Url, CallError> {
    check_url(&url, &target.allowlist(), &target.allowed_ranges)?;
    Ok(url)
}

/// Reads an answer's body, up to `limit` bytes.
async fn body(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, CallError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
        if bytes.len() + chunk.len() > limit {
            return Err(super::too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Sends a request; an answer other than success is an error about `what`.
async fn send(
    request: reqwest::RequestBuilder,
    what: &str,
) -> Result<reqwest::Response, CallError> {
    let response = request.send().await.map_err(|e| describe(&e))?;
    if response.status().is_success() {
        Ok(response)
    } else {
        Err(refusal(what, response).await)
    }
}

/// An error answer in words: S3's own error code, never the signed address.
async fn refusal(what: &str, response: reqwest::Response) -> CallError {
    let status = response.status();
    let text = body(response, 64 * 1024)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    let code = text
        .split_once("<Code>")
        .and_then(|(_, rest)| rest.split_once("</Code>"))
        .map(|(code, _)| code.to_owned())
        .filter(|code| code.len() <= 64 && code.chars().all(|c| c.is_ascii_alphanumeric()));
    let code = code.map_or(String::new(), |code| format!(" ({code})"));
    match status {
        StatusCode::NOT_FOUND => invalid(format!("{what}: no such file or bucket{code}")),
        StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => CallError::Failed {
            message: format!(
                "{what}: the storage refused the access key{code}; check the access key id, the secret and the region"
            ),
            retryable: false,
        },
        status => CallError::Failed {
            message: format!("{what}: the storage answered {status}{code}"),
            retryable: status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS,
        },
    }
}

pub(super) async fn list(
    target: &Target,
    location: &S3Location,
    folder: Option<&str>,
) -> Result<Value, CallError> {
    let prefix = location.folder(folder.unwrap_or(""))?;
    let session = session(target, location)?;
    let mut action = ListObjectsV2::new(&session.bucket, Some(&session.credentials));
    let max_keys = MAX_LISTED.to_string();
    action.query_mut().insert("prefix", prefix.as_str());
    action.query_mut().insert("delimiter", "/");
    action.query_mut().insert("max-keys", max_keys.as_str());
    let url = allowed(target, action.sign(SIGNED_FOR))?;
    let response = send(session.client.get(url), "the listing").await?;
    let text = String::from_utf8_lossy(&body(response, MAX_LISTING_BYTES).await?).into_owned();
    let parsed = ListObjectsV2::parse_response(&text).map_err(|e| CallError::Failed {
        message: format!("the storage's listing could not be read: {e}"),
        retryable: false,
    })?;
    let name = |key: &str| key.strip_prefix(prefix.as_str()).unwrap_or(key).to_owned();
    let mut files: Vec<Value> = parsed
        .common_prefixes
        .iter()
        .map(|folder| json!({ "name": name(&folder.prefix).trim_end_matches('/'), "folder": true, "size": 0 }))
        .collect();
    files.extend(
        parsed
            .contents
            .iter()
            .filter(|object| object.key != prefix)
            .map(
                |object| json!({ "name": name(&object.key), "folder": false, "size": object.size }),
            ),
    );
    let truncated = parsed.next_continuation_token.is_some();
    Ok(listing(files, truncated))
}

pub(super) async fn read(
    target: &Target,
    location: &S3Location,
    relative: &str,
) -> Result<Value, CallError> {
    let key = location.key(relative)?;
    let session = session(target, location)?;
    let action = GetObject::new(&session.bucket, Some(&session.credentials), &key);
    let url = allowed(target, action.sign(SIGNED_FOR))?;
    let response = send(session.client.get(url), "the file").await?;
    if response
        .content_length()
        .is_some_and(|length| length > MAX_FILE_BYTES)
    {
        return Err(super::too_large());
    }
    let limit = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
    Ok(file_answer(body(response, limit).await?))
}

pub(super) async fn write(
    target: &Target,
    location: &S3Location,
    relative: &str,
    bytes: Vec<u8>,
) -> Result<Value, CallError> {
    let key = location.key(relative)?;
    let session = session(target, location)?;
    let action = PutObject::new(&session.bucket, Some(&session.credentials), &key);
    let url = allowed(target, action.sign(SIGNED_FOR))?;
    let size = bytes.len();
    // An object is replaced whole: readers see the old one or the new one.
    send(session.client.put(url).body(bytes), "the file").await?;
    Ok(json!({ "path": relative, "size": size }))
}

pub(super) async fn test(target: &Target, location: &S3Location) -> Result<String, CallError> {
    list(target, location, None).await?;
    Ok(format!(
        "the bucket {} answers and accepts the access key",
        location.bucket
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(prefix: &str) -> S3Location {
        S3Location::parse(
            "http://127.0.0.1:9000",
            "claims",
            None,
            "AKIAEXAMPLE",
            prefix,
            true,
        )
        .unwrap()
    }

    #[test]
    fn keys_stay_under_the_prefix() {
        let scoped = location("/incoming//2026");
        assert_eq!(scoped.prefix, "incoming/2026/");
        assert_eq!(scoped.key("a/b.pdf").unwrap(), "incoming/2026/a/b.pdf");
        assert_eq!(scoped.folder("").unwrap(), "incoming/2026/");
        assert_eq!(scoped.folder("a").unwrap(), "incoming/2026/a/");
        assert!(matches!(scoped.key("../x"), Err(CallError::Blocked(_))));
        assert!(scoped.key("").is_err());
        assert_eq!(location("").key("x.txt").unwrap(), "x.txt");
    }

    #[test]
    fn signed_addresses_name_the_bucket_and_carry_no_secret() {
        let place = location("");
        let bucket = place.bucket_address().unwrap();
        let credentials = Credentials::new("AKIAEXAMPLE", "very-secret-key");
        let url = GetObject::new(&bucket, Some(&credentials), "a b.txt").sign(SIGNED_FOR);
        assert!(
            url.as_str()
                .starts_with("http://127.0.0.1:9000/claims/a%20b.txt?"),
            "{url}"
        );
        assert!(url.as_str().contains("X-Amz-Credential=AKIAEXAMPLE"));
        assert!(url.as_str().contains("X-Amz-Signature="));
        assert!(!url.as_str().contains("very-secret-key"));
        assert_eq!(
            place.home(),
            Some(HostRule::parse("127.0.0.1:9000").unwrap())
        );
    }
}
