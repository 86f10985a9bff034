//! Posting to a webhook: a SIEM's HTTP collector, for example.

use std::time::Duration;

/// Why a delivery failed; the receiver's answer is kept short and never echoed back to users.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("the webhook URL is not valid: {0}")]
    InvalidUrl(String),
    #[error("the webhook could not be reached")]
    Unreachable(#[source] reqwest::Error),
    #[error("the webhook answered {status}")]
    Refused { status: u16 },
}

/// A webhook receiver, with a client that keeps its connections.
#[derive(Clone)]
pub struct Webhook {
    url: reqwest::Url,
    client: reqwest::Client,
}

impl Webhook {
    pub fn new(url: &str) -> Result<Self, WebhookError> {
        let url = reqwest::Url::parse(url).map_err(|e| WebhookError::InvalidUrl(e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(WebhookError::InvalidUrl(format!(
                "'{}' is not http or https",
                url.scheme()
            )));
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(WebhookError::Unreachable)?;
        Ok(Self { url, client })
    }

    /// POSTs `body` (JSON lines); success is any 2xx answer.
    pub async fn post_json_lines(&self, body: Vec<u8>) -> Result<(), WebhookError> {
        let response = self
            .client
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/x-ndjson")
            .body(body)
            .send()
            .await
            .map_err(WebhookError::Unreachable)?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(WebhookError::Refused {
                status: response.status().as_u16(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_are_accepted() {
        assert!(Webhook::new("https://siem.example.com/collect").is_ok());
        assert!(Webhook::new("ftp://siem.example.com").is_err());
        assert!(Webhook::new("not a url").is_err());
    }

    #[tokio::test]
    async fn a_refusal_is_reported_with_its_status() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let app = axum::Router::new().route(
            "/",
            axum::routing::post(|| async { axum::http::StatusCode::SERVICE_UNAVAILABLE }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        let webhook = Webhook::new(&format!("http://{address}/")).unwrap();
        let refused = webhook.post_json_lines(b"{}\n".to_vec()).await.unwrap_err();
        assert!(
            matches!(refused, WebhookError::Refused { status: 503 }),
            "{refused}"
        );
    }
}
