//! Model providers over HTTP: OpenAI-compatible chat completions and Anthropic Messages.
//! Both share the transport here: one request timeout, retries with exponential backoff and
//! jitter on rate limits, overload and server errors (honouring `Retry-After`), and error
//! messages that carry the provider's words but never the credential.

mod anthropic;
mod openai;

use std::time::Duration;

use paddock_core::model::{ModelError, ModelRequest, ModelResponse, Provider, StructuredOutput};
use rand::Rng;
use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url};
use serde_json::Value;

/// The longest a provider's error message is quoted in a step's error.
const MAX_QUOTED_ERROR: usize = 300;
/// The largest answer read from a provider.
const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// A registered model as the provider code needs it, its credential opened.
#[derive(Clone)]
pub struct ProviderModel {
    pub provider: Provider,
    /// The base URL: `https://api.openai.com/v1`, `http://localhost:11434/v1`,
    /// `https://api.anthropic.com`.
    pub endpoint: Url,
    pub model_id: String,
    pub api_key: Option<String>,
    pub structured_output: StructuredOutput,
    pub timeout: Duration,
}

impl std::fmt::Debug for ProviderModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderModel")
            .field("provider", &self.provider)
            .field("endpoint", &self.endpoint.as_str())
            .field("model_id", &self.model_id)
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .finish_non_exhaustive()
    }
}

/// How often and how patiently a call is tried again.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub attempts: u32,
    /// The wait before the second try; each later wait doubles, with jitter.
    pub first_wait: Duration,
    /// The longest wait here. A provider asking for longer gets its answer back as a retryable
    /// failure, so the run's own retry schedules it instead of holding a worker.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 3,
            first_wait: Duration::from_millis(500),
            max_wait: Duration::from_secs(20),
        }
    }
}

/// Calls providers. Cheap to clone; one per process shares its connection pool.
#[derive(Debug, Clone)]
pub struct ProviderClient {
    http: reqwest::Client,
    retry: RetryPolicy,
}

impl Default for ProviderClient {
    fn default() -> Self {
        ProviderClient::new(RetryPolicy::default())
    }
}

impl ProviderClient {
    pub fn new(retry: RetryPolicy) -> Self {
        let http = reqwest::Client::builder()
            .user_agent(concat!("paddock/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the HTTP client's settings are valid");
        ProviderClient { http, retry }
    }

    pub async fn complete(
        &self,
        model: &ProviderModel,
        request: &ModelRequest,
    ) -> Result<ModelResponse, ModelError> {
        let call = match model.provider {
            Provider::Openai => openai::call(model, request),
            Provider::Anthropic => anthropic::call(model, request),
            Provider::Builtin => {
                return Err(ModelError::fatal(
                    "the built-in model is not reached over HTTP",
                ));
            }
        };
        let mut attempt = 1;
        loop {
            let result = self
                .send(model, &call)
                .await
                .and_then(|body| (call.parse)(&body));
            let error = match result {
                Ok(response) => return Ok(response),
                Err(error) => redact(error, model.api_key.as_deref()),
            };
            if !error.retryable || attempt >= self.retry.attempts {
                return Err(error);
            }
            let wait = match error.retry_after {
                Some(asked) if asked > self.retry.max_wait => return Err(error),
                Some(asked) => asked,
                None => backoff(self.retry.first_wait, attempt, self.retry.max_wait),
            };
            tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, error = %error.message, "the model call is tried again");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn send(&self, model: &ProviderModel, call: &Call) -> Result<Value, ModelError> {
        let name = model.provider.as_str();
        let response = self
            .http
            .post(call.url.clone())
            .headers(call.headers.clone())
            .json(&call.body)
            .timeout(model.timeout)
            .send()
            .await
            .map_err(|e| transport_error(name, e))?;
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let body = read_limited(response)
            .await
            .map_err(|e| transport_error(name, e))?;
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|e| {
                ModelError::fatal(format!(
                    "{name} answered with something other than JSON: {e}"
                ))
            });
        }
        let quoted = serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|body| {
                body.pointer("/error/message")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .map(|message| {
                format!(
                    ": {}",
                    shorten(&redact_text(&message, model.api_key.as_deref()))
                )
            })
            .unwrap_or_default();
        let message = format!("{name} answered {status}{quoted}");
        Err(if is_transient(status) {
            ModelError::transient(message, retry_after)
        } else {
            ModelError::fatal(message)
        })
    }
}

/// One prepared call: where it goes, what it sends, and how its answer is read.
struct Call {
    url: Url,
    headers: HeaderMap,
    body: Value,
    parse: fn(&Value) -> Result<ModelResponse, ModelError>,
}

/// `base` with `path` appended to its path, its query kept (Azure's `api-version`).
fn join(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let joined = format!("{}/{}", base.path().trim_end_matches('/'), path);
    url.set_path(&joined);
    url
}

fn is_transient(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::REQUEST_TIMEOUT
        || status.is_server_error()
        // Anthropic's "overloaded".
        || status.as_u16() == 529
}

/// `retry-after-ms` (OpenAI) or `Retry-After` in seconds.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let number = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<f64>().ok())
            .filter(|value| value.is_finite() && *value >= 0.0)
    };
    // Anything beyond a day is as good as a day: the run's retry decides what to do with it.
    let seconds = |s: f64| Duration::try_from_secs_f64(s.min(86_400.0)).ok();
    number("retry-after-ms")
        .and_then(|ms| seconds(ms / 1000.0))
        .or_else(|| number("retry-after").and_then(seconds))
}

/// `first * 2^(attempt-1)`, at most `max`, with up to half of it taken off at random so that
/// many runs rate-limited at once do not all come back together.
fn backoff(first: Duration, attempt: u32, max: Duration) -> Duration {
    let full = first
        .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
        .min(max);
    let jitter = rand::rng().random_range(0.0..0.5);
    full.mul_f64(1.0 - jitter)
}

async fn read_limited(mut response: reqwest::Response) -> Result<Vec<u8>, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn transport_error(provider: &str, error: reqwest::Error) -> ModelError {
    let what = if error.is_timeout() {
        "did not answer in time".to_owned()
    } else if error.is_connect() {
        "could not be reached".to_owned()
    } else {
        // Without the URL: it may carry a key in its query.
        format!("failed: {}", error.without_url())
    };
    ModelError::transient(format!("{provider} {what}"), None)
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTED_ERROR) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Takes the credential out of an error message, wherever a provider echoed it.
fn redact(mut error: ModelError, api_key: Option<&str>) -> ModelError {
    error.message = redact_text(&error.message, api_key);
    error
}

fn redact_text(text: &str, api_key: Option<&str>) -> String {
    match api_key.filter(|key| key.len() >= 4) {
        Some(key) => text.replace(key, "[credential]"),
        None => text.to_owned(),
    }
}

/// A malformed answer: the provider spoke, but not the protocol.
fn malformed(provider: &str, what: &str) -> ModelError {
    ModelError::fatal(format!("{provider}'s answer was not understood: {what}"))
}

fn token_count(body: &Value, pointer: &str) -> u64 {
    body.pointer(pointer).and_then(Value::as_u64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_appended_and_queries_kept() {
        let azure = Url::parse(
            "https://acme.openai.azure.com/openai/deployments/gpt4o/?api-version=2024-10-21",
        )
        .unwrap();
        assert_eq!(
            join(&azure, "chat/completions").as_str(),
            "https://acme.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21"
        );
        let local = Url::parse("http://127.0.0.1:11434/v1").unwrap();
        assert_eq!(
            join(&local, "chat/completions").as_str(),
            "http://127.0.0.1:11434/v1/chat/completions"
        );
    }

    #[test]
    fn backoff_doubles_within_its_bound() {
        let first = Duration::from_millis(100);
        let max = Duration::from_millis(1000);
        for _ in 0..50 {
            let second = backoff(first, 2, max);
            assert!(second > Duration::from_millis(99) && second <= Duration::from_millis(200));
            assert!(backoff(first, 10, max) <= max);
        }
    }

    #[test]
    fn any_retry_after_is_read_without_panicking() {
        let wait = |name: &'static str, value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(name, value.parse().unwrap());
            retry_after(&headers)
        };
        assert_eq!(wait("retry-after", "2"), Some(Duration::from_secs(2)));
        assert_eq!(
            wait("retry-after-ms", "250"),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            wait("retry-after", "1e300"),
            Some(Duration::from_secs(86_400))
        );
        assert_eq!(wait("retry-after", "-1"), None);
        assert_eq!(wait("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn credentials_are_taken_out_of_messages() {
        let error = ModelError::fatal("openai answered 401: key sk-abc123 is wrong");
        assert_eq!(
            redact(error, Some("sk-abc123")).message,
            "openai answered 401: key [credential] is wrong"
        );
    }
}
