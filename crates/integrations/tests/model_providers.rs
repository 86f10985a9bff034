//! The provider code against local servers that speak each wire protocol: what is sent, usage
//! read back, error bodies, rate limits with Retry-After, server errors, timeouts and answers
//! that do not follow the protocol.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use paddock_core::model::{ModelRequest, Provider, StructuredOutput, Usage};
use paddock_integrations::models::{ProviderClient, ProviderModel, RetryPolicy};
use reqwest::Url;
use serde_json::{Value, json};

/// One answer the fake provider gives.
#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    delay: Duration,
}

fn reply(status: u16, body: Value) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body: body.to_string(),
        delay: Duration::ZERO,
    }
}

#[derive(Debug, Clone)]
struct Received {
    path: String,
    headers: HeaderMap,
    body: Value,
}

#[derive(Clone, Default)]
struct Fake {
    replies: Arc<Mutex<VecDeque<Reply>>>,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Fake {
    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Serves `replies` in order, the last one again and again.
async fn fake_provider(replies: Vec<Reply>) -> (Url, Fake) {
    let fake = Fake {
        replies: Arc::new(Mutex::new(replies.into())),
        ..Fake::default()
    };
    let app = Router::new().fallback(answer).with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (Url::parse(&format!("http://{address}")).unwrap(), fake)
}

async fn answer(State(fake): State<Fake>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    fake.received.lock().unwrap().push(Received {
        path: uri.path().to_owned(),
        headers,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    });
    let reply = {
        let mut replies = fake.replies.lock().unwrap();
        if replies.len() > 1 {
            replies.pop_front().unwrap()
        } else {
            replies.front().cloned().unwrap()
        }
    };
    tokio::time::sleep(reply.delay).await;
    let mut response = (
        StatusCode::from_u16(reply.status).unwrap(),
        [("content-type", "application/json")],
        reply.body,
    )
        .into_response();
    for (name, value) in reply.headers {
        response.headers_mut().insert(name, value.parse().unwrap());
    }
    response
}

/// The model at `server`, with the base path each provider's endpoints usually have.
fn model(provider: Provider, server: Url) -> ProviderModel {
    let endpoint = match provider {
        Provider::Openai => server.join("v1").unwrap(),
        _ => server,
    };
    ProviderModel {
        provider,
        endpoint,
        model_id: "test-model-1".to_owned(),
        api_key: Some("sk-test-secret-42".to_owned()),
        structured_output: StructuredOutput::JsonSchema,
        timeout: Duration::from_secs(5),
    }
}

fn client() -> ProviderClient {
    ProviderClient::new(RetryPolicy {
        attempts: 3,
        first_wait: Duration::from_millis(10),
        max_wait: Duration::from_secs(2),
    })
}

fn ask(prompt: &str) -> ModelRequest {
    ModelRequest {
        model: "hosted-general".to_owned(),
        system: Some("You triage tickets.".to_owned()),
        prompt: prompt.to_owned(),
        response_schema: None,
        source_text: None,
        max_tokens: Some(200),
        temperature: Some(0.2),
    }
}

fn openai_answer(content: &str) -> Value {
    json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "choices": [{ "index": 0, "finish_reason": "stop",
                      "message": { "role": "assistant", "content": content } }],
        "usage": { "prompt_tokens": 31, "completion_tokens": 7, "total_tokens": 38 },
    })
}

fn anthropic_answer(content: Value) -> Value {
    json!({
        "id": "msg_1", "type": "message", "role": "assistant", "model": "test-model-1",
        "content": content, "stop_reason": "end_turn",
        "usage": { "input_tokens": 40, "output_tokens": 12 },
    })
}

fn rate_limited(retry_after: &str) -> Reply {
    Reply {
        headers: vec![("retry-after", retry_after.to_owned())],
        ..reply(
            429,
            json!({ "error": { "message": "Rate limit reached", "type": "requests" } }),
        )
    }
}

#[tokio::test]
async fn openai_sends_the_conversation_and_reads_the_answer_and_usage() {
    let (endpoint, fake) = fake_provider(vec![reply(200, openai_answer("Network issue."))]).await;
    let answer = client()
        .complete(&model(Provider::Openai, endpoint), &ask("The VPN is down."))
        .await
        .unwrap();
    assert_eq!(answer.text, "Network issue.");
    assert_eq!(answer.usage, Usage::tokens(31, 7));

    let sent = &fake.received()[0];
    assert_eq!(sent.path, "/v1/chat/completions");
    assert_eq!(sent.headers["authorization"], "Bearer sk-test-secret-42");
    assert_eq!(
        sent.body,
        json!({
            "model": "test-model-1",
            "messages": [
                { "role": "system", "content": "You triage tickets." },
                { "role": "user", "content": "The VPN is down." },
            ],
            "max_tokens": 200,
            "temperature": 0.2,
        })
    );
}

#[tokio::test]
async fn openai_asks_for_json_the_way_the_server_offers() {
    let schema = json!({ "type": "object", "properties": { "team": { "type": "string" } } });
    let mut request = ask("Route this.");
    request.response_schema = Some(schema.clone());
    let (endpoint, fake) =
        fake_provider(vec![reply(200, openai_answer("{\"team\":\"network\"}"))]).await;

    let mut settings = model(Provider::Openai, endpoint);
    let answer = client().complete(&settings, &request).await.unwrap();
    assert_eq!(answer.text, "{\"team\":\"network\"}");
    settings.structured_output = StructuredOutput::JsonObject;
    client().complete(&settings, &request).await.unwrap();
    settings.structured_output = StructuredOutput::Prompt;
    client().complete(&settings, &request).await.unwrap();

    let sent = fake.received();
    assert_eq!(
        sent[0].body["response_format"],
        json!({ "type": "json_schema", "json_schema": { "name": "answer", "schema": schema } })
    );
    assert_eq!(
        sent[1].body["response_format"],
        json!({ "type": "json_object" })
    );
    assert!(sent[2].body.get("response_format").is_none());
}

#[tokio::test]
async fn a_rate_limit_is_waited_out_as_the_provider_asks() {
    let (endpoint, fake) = fake_provider(vec![
        rate_limited("0"),
        reply(503, json!({ "error": { "message": "busy" } })),
        reply(200, openai_answer("done")),
    ])
    .await;
    let answer = client()
        .complete(&model(Provider::Openai, endpoint), &ask("x"))
        .await
        .unwrap();
    assert_eq!(answer.text, "done");
    assert_eq!(fake.received().len(), 3);
}

#[tokio::test]
async fn a_long_retry_after_is_handed_back_to_the_run_instead_of_holding_the_worker() {
    let (endpoint, fake) = fake_provider(vec![rate_limited("120")]).await;
    let error = client()
        .complete(&model(Provider::Openai, endpoint), &ask("x"))
        .await
        .unwrap_err();
    assert!(error.retryable);
    assert_eq!(error.retry_after, Some(Duration::from_secs(120)));
    assert_eq!(
        error.message,
        "openai answered 429 Too Many Requests: Rate limit reached"
    );
    assert_eq!(fake.received().len(), 1);
}

#[tokio::test]
async fn server_errors_are_tried_again_then_reported_as_retryable() {
    let (endpoint, fake) =
        fake_provider(vec![reply(500, json!({ "error": { "message": "boom" } }))]).await;
    let error = client()
        .complete(&model(Provider::Openai, endpoint), &ask("x"))
        .await
        .unwrap_err();
    assert!(error.retryable);
    assert_eq!(
        error.message,
        "openai answered 500 Internal Server Error: boom"
    );
    assert_eq!(fake.received().len(), 3, "three tries in all");
}

#[tokio::test]
async fn a_refused_request_fails_at_once_without_repeating_the_credential() {
    let echo = json!({ "error": {
        "message": "Incorrect API key provided: sk-test-secret-42. Find your key at the dashboard.",
        "type": "invalid_request_error", "code": "invalid_api_key",
    } });
    let (endpoint, fake) = fake_provider(vec![reply(401, echo)]).await;
    let error = client()
        .complete(&model(Provider::Openai, endpoint), &ask("x"))
        .await
        .unwrap_err();
    assert!(!error.retryable);
    assert_eq!(
        error.message,
        "openai answered 401 Unauthorized: Incorrect API key provided: [credential]. Find your key at the dashboard."
    );
    assert_eq!(fake.received().len(), 1);
}

#[tokio::test]
async fn an_error_body_that_is_not_the_protocol_is_not_quoted() {
    let headers_echo = Reply {
        body: "Authorization: Bearer sk-test-secret-42\nHost: example".to_owned(),
        ..reply(400, Value::Null)
    };
    let (endpoint, _fake) = fake_provider(vec![headers_echo]).await;
    let error = client()
        .complete(&model(Provider::Openai, endpoint), &ask("x"))
        .await
        .unwrap_err();
    assert_eq!(error.message, "openai answered 400 Bad Request");
}

#[tokio::test]
async fn malformed_answers_are_reported_as_such() {
    let cases = [
        (
            Reply {
                body: "<html>gateway</html>".to_owned(),
                ..reply(200, Value::Null)
            },
            "openai answered with something other than JSON",
        ),
        (
            reply(200, json!({ "object": "chat.completion" })),
            "openai's answer was not understood: it has no choices[0].message",
        ),
        (
            reply(
                200,
                json!({ "choices": [{ "message": { "content": 42 } }] }),
            ),
            "openai's answer was not understood: choices[0].message.content is not text",
        ),
    ];
    for (answer, expected) in cases {
        let (endpoint, _fake) = fake_provider(vec![answer]).await;
        let error = client()
            .complete(&model(Provider::Openai, endpoint), &ask("x"))
            .await
            .unwrap_err();
        assert!(error.message.starts_with(expected), "{}", error.message);
        assert!(!error.retryable);
    }
    // An answer without usage still answers; the tokens count as none.
    let (endpoint, _fake) = fake_provider(vec![reply(
        200,
        json!({ "choices": [{ "message": { "content": "ok" } }] }),
    )])
    .await;
    let answer = client()
        .complete(&model(Provider::Openai, endpoint), &ask("x"))
        .await
        .unwrap();
    assert_eq!(answer.usage, Usage::tokens(0, 0));
}

#[tokio::test]
async fn a_provider_that_does_not_answer_in_time_is_a_retryable_failure() {
    let slow = Reply {
        delay: Duration::from_secs(3),
        ..reply(200, openai_answer("late"))
    };
    let (endpoint, fake) = fake_provider(vec![slow]).await;
    let mut settings = model(Provider::Openai, endpoint);
    settings.timeout = Duration::from_millis(200);
    let once = ProviderClient::new(RetryPolicy {
        attempts: 1,
        ..RetryPolicy::default()
    });
    let error = once.complete(&settings, &ask("x")).await.unwrap_err();
    assert!(error.retryable);
    assert_eq!(error.message, "openai did not answer in time");
    assert_eq!(fake.received().len(), 1);
}

#[tokio::test]
async fn anthropic_sends_messages_and_reads_text_and_usage() {
    let (endpoint, fake) = fake_provider(vec![reply(
        200,
        anthropic_answer(json!([{ "type": "text", "text": "Network issue." }])),
    )])
    .await;
    let answer = client()
        .complete(
            &model(Provider::Anthropic, endpoint),
            &ask("The VPN is down."),
        )
        .await
        .unwrap();
    assert_eq!(answer.text, "Network issue.");
    assert_eq!(answer.usage, Usage::tokens(40, 12));

    let sent = &fake.received()[0];
    assert_eq!(sent.path, "/v1/messages");
    assert_eq!(sent.headers["x-api-key"], "sk-test-secret-42");
    assert_eq!(sent.headers["anthropic-version"], "2023-06-01");
    assert!(sent.headers.get("authorization").is_none());
    assert_eq!(
        sent.body,
        json!({
            "model": "test-model-1",
            "max_tokens": 200,
            "messages": [{ "role": "user", "content": "The VPN is down." }],
            "system": "You triage tickets.",
            "temperature": 0.2,
        })
    );
}

#[tokio::test]
async fn anthropic_answers_structured_requests_through_a_forced_tool() {
    let schema = json!({ "type": "object", "properties": { "team": { "type": "string" } } });
    let mut request = ask("Route this.");
    request.response_schema = Some(schema.clone());
    let (endpoint, fake) = fake_provider(vec![reply(
        200,
        anthropic_answer(json!([
            { "type": "tool_use", "id": "t1", "name": "answer", "input": { "team": "network" } },
        ])),
    )])
    .await;
    let answer = client()
        .complete(&model(Provider::Anthropic, endpoint), &request)
        .await
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&answer.text).unwrap(),
        json!({ "team": "network" })
    );
    let sent = &fake.received()[0].body;
    assert_eq!(sent["tools"][0]["input_schema"], schema);
    assert_eq!(
        sent["tool_choice"],
        json!({ "type": "tool", "name": "answer" })
    );
}

#[tokio::test]
async fn anthropic_overload_is_retried_and_errors_are_quoted() {
    let overloaded = reply(
        529,
        json!({ "type": "error", "error": { "type": "overloaded_error", "message": "Overloaded" } }),
    );
    let (endpoint, fake) = fake_provider(vec![
        overloaded,
        reply(
            200,
            anthropic_answer(json!([{ "type": "text", "text": "ok" }])),
        ),
    ])
    .await;
    let answer = client()
        .complete(&model(Provider::Anthropic, endpoint), &ask("x"))
        .await
        .unwrap();
    assert_eq!(answer.text, "ok");
    assert_eq!(fake.received().len(), 2);

    let invalid = reply(
        400,
        json!({ "type": "error", "error": { "type": "invalid_request_error", "message": "max_tokens: too large" } }),
    );
    let (endpoint, _fake) = fake_provider(vec![invalid]).await;
    let error = client()
        .complete(&model(Provider::Anthropic, endpoint), &ask("x"))
        .await
        .unwrap_err();
    assert_eq!(
        error.message,
        "anthropic answered 400 Bad Request: max_tokens: too large"
    );
    assert!(!error.retryable);

    let (endpoint, _fake) = fake_provider(vec![reply(200, json!({ "content": [] }))]).await;
    let error = client()
        .complete(&model(Provider::Anthropic, endpoint), &ask("x"))
        .await
        .unwrap_err();
    assert_eq!(
        error.message,
        "anthropic's answer was not understood: its content has neither text nor an answer"
    );
}

#[tokio::test]
async fn an_unreachable_provider_is_a_retryable_failure() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let endpoint = Url::parse(&format!("http://{address}")).unwrap();
    let error = client()
        .complete(&model(Provider::Openai, endpoint), &ask("x"))
        .await
        .unwrap_err();
    assert!(error.retryable);
    assert_eq!(error.message, "openai could not be reached");
}
