//! The executor on an in-memory journal: order, branches, maps, approvals, retries, resumption.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use paddock_core::workflow::catalog::Catalog;
use paddock_core::workflow::expression::Expressions;
use paddock_core::workflow::{Workflow, inputs, load};
use paddock_engine::builtin::BuiltinModel;
use paddock_engine::connectors::NoConnectors;
use paddock_engine::journal::{Journal, JournalError, MemoryJournal, StepRecord, StepStatus};
use paddock_engine::models::{ModelError, ModelRequest, ModelResponse, Models, Usage};
use paddock_engine::{RunOutcome, Runtime, execute};
use serde_json::{Map, Value, json};

fn workflow(text: &str) -> Workflow {
    load(text, &Catalog::builtin(), &Expressions::new()).unwrap_or_else(|e| panic!("{e}"))
}

fn inputs_of(workflow: &Workflow, given: Value) -> Map<String, Value> {
    inputs::resolve(&workflow.definition.inputs, given.as_object().unwrap()).unwrap()
}

async fn run<J: Journal, M: Models>(
    workflow: &Workflow,
    given: Value,
    journal: &J,
    models: &M,
) -> RunOutcome {
    let expressions = Expressions::new();
    let runtime = Runtime {
        journal,
        models,
        connectors: &NoConnectors,
        knowledge: &paddock_engine::knowledge::NoKnowledge,
        files: &paddock_engine::files::NoFiles,
        expressions: &expressions,
    };
    execute(workflow, &inputs_of(workflow, given), &runtime)
        .await
        .unwrap()
}

const TRIAGE: &str = include_str!("../../../examples/workflows/ticket-triage.yaml");

#[tokio::test]
async fn a_branch_runs_the_chosen_steps_and_skips_the_others() {
    let triage = workflow(TRIAGE);
    let journal = MemoryJournal::default();
    let outcome = run(
        &triage,
        json!({ "subject": "VPN", "body": "total outage in Paris" }),
        &journal,
        &BuiltinModel,
    )
    .await;
    assert_eq!(
        outcome,
        RunOutcome::Succeeded {
            outputs: json!({ "result": { "queue": "on-call", "subject": "VPN" } })
                .as_object()
                .unwrap()
                .clone()
        }
    );
    let records = journal.records();
    assert_eq!(records["queue_ticket"].status, StepStatus::Skipped);
    assert_eq!(
        records["route"].output,
        json!({ "chosen": ["page_oncall"] })
    );
    assert_eq!(
        journal.written(),
        ["urgency", "route", "queue_ticket", "page_oncall"]
    );
    assert!(
        journal.starts().is_empty(),
        "computing a value has no effect to guard"
    );

    let calm = MemoryJournal::default();
    let outcome = run(
        &triage,
        json!({ "subject": "Mouse", "body": "squeaks" }),
        &calm,
        &BuiltinModel,
    )
    .await;
    let RunOutcome::Succeeded { outputs } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(outputs["result"]["queue"], "service-desk");
}

/// The issue's end-to-end shape: llm.extract → branch → map → approval → output.
const CLAIM: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: claim-intake
inputs:
  letter: { type: string, required: true }
steps:
  - id: fields
    uses: llm.extract
    with:
      model: builtin
      text: "{{ inputs.letter }}"
      schema:
        type: object
        required: [policy_number, amount]
        properties:
          policy_number: { type: string }
          amount: { type: number }
          items: { type: string }
  - id: size
    uses: branch
    with:
      cases:
        - when: "{{ steps.fields.output.amount > 1000 }}"
          then: [review_items, sign_off]
      default: [auto_accept]
  - id: review_items
    uses: map
    with:
      items: "{{ steps.fields.output['items'] | split(', ') | list }}"
      concurrency: 2
      steps:
        - id: line
          uses: template
          with: { value: "{{ index + 1 }}. {{ item | upper }}" }
  - id: sign_off
    uses: approval
    with:
      title: "Claim {{ steps.fields.output.policy_number }} for {{ steps.fields.output.amount }}"
      approvers: { groups: [Claims approvers] }
  - id: auto_accept
    uses: template
    with: { value: accepted }
  - id: result
    uses: output
    needs: [sign_off, auto_accept]
    with:
      values:
        policy: "{{ steps.fields.output.policy_number }}"
        lines: "{{ steps.review_items.output }}"
        decision: "{{ steps.sign_off.output.decision if steps.sign_off.output else steps.auto_accept.output }}"
"#;

const LETTER: &str = "Dear insurer,\nPolicy number: PN-4411\nAmount: 2,400\nItems: laptop, phone\n";

#[tokio::test]
async fn a_claim_waits_for_approval_then_finishes_without_repeating_steps() {
    let claim = workflow(CLAIM);
    let journal = MemoryJournal::default();
    let outcome = run(&claim, json!({ "letter": LETTER }), &journal, &BuiltinModel).await;
    assert_eq!(
        outcome,
        RunOutcome::Waiting {
            steps: vec!["sign_off".into()]
        }
    );
    let records = journal.records();
    assert_eq!(
        records["fields"].output,
        json!({ "policy_number": "PN-4411", "amount": 2400.0, "items": "laptop, phone" })
    );
    // The built-in model counts words: those of its compact JSON answer.
    assert_eq!(records["fields"].usage.unwrap().output_tokens, 2);
    assert_eq!(
        records["review_items"].output,
        json!(["1. LAPTOP", "2. PHONE"])
    );
    assert_eq!(records["review_items[1].line"].output, "2. PHONE");
    assert_eq!(
        records["sign_off"].input["title"],
        "Claim PN-4411 for 2400.0"
    );
    assert_eq!(records["auto_accept"].status, StepStatus::Skipped);
    assert!(
        !records.contains_key("result"),
        "the output waits for the approval"
    );

    // Someone approves: the decision is recorded as the step's result, and the run resumes.
    let mut decided = records.clone();
    let mut approval = decided["sign_off"].clone();
    approval.status = StepStatus::Succeeded;
    approval.output =
        json!({ "decision": "approved", "comment": "ok", "decided_by": "approver@demo.local" });
    decided.insert("sign_off".into(), approval);
    let resumed = MemoryJournal::with(decided);
    let outcome = run(&claim, json!({ "letter": LETTER }), &resumed, &BuiltinModel).await;
    let RunOutcome::Succeeded { outputs } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        Value::Object(outputs),
        json!({ "policy": "PN-4411", "lines": ["1. LAPTOP", "2. PHONE"], "decision": "approved" })
    );
    assert_eq!(
        resumed.written(),
        ["result"],
        "only what had not finished runs"
    );
}

#[tokio::test]
async fn a_small_claim_takes_the_default_branch() {
    let claim = workflow(CLAIM);
    let journal = MemoryJournal::default();
    let letter = LETTER.replace("2,400", "80");
    let outcome = run(&claim, json!({ "letter": letter }), &journal, &BuiltinModel).await;
    let RunOutcome::Succeeded { outputs } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(outputs["decision"], "accepted");
    assert_eq!(
        outputs["lines"],
        Value::Null,
        "the skipped map's output is none"
    );
}

#[tokio::test]
async fn a_crash_resumes_from_the_last_recorded_step() {
    let triage = workflow(TRIAGE);
    let first = MemoryJournal::default();
    run(
        &triage,
        json!({ "subject": "VPN", "body": "outage" }),
        &first,
        &BuiltinModel,
    )
    .await;
    // As if the process died after `route` was recorded.
    let mut kept: BTreeMap<String, StepRecord> = first.records();
    kept.retain(|key, _| key == "urgency" || key == "route");
    let after_crash = MemoryJournal::with(kept);
    let outcome = run(
        &triage,
        json!({ "subject": "VPN", "body": "outage" }),
        &after_crash,
        &BuiltinModel,
    )
    .await;
    assert!(
        matches!(outcome, RunOutcome::Succeeded { .. }),
        "{outcome:?}"
    );
    assert_eq!(after_crash.written(), ["queue_ticket", "page_oncall"]);
}

/// Fails the first `failures` calls (retryably or not), counting calls and the most at once.
struct Flaky {
    failures: usize,
    retryable: bool,
    delay: Duration,
    calls: AtomicUsize,
    in_flight: AtomicUsize,
    most_at_once: AtomicUsize,
    prompts: Mutex<Vec<String>>,
}

impl Flaky {
    fn new(failures: usize, retryable: bool, delay: Duration) -> Self {
        Flaky {
            failures,
            retryable,
            delay,
            calls: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            most_at_once: AtomicUsize::new(0),
            prompts: Mutex::default(),
        }
    }
}

impl Models for Flaky {
    async fn complete(
        &self,
        _step: &str,
        request: ModelRequest,
    ) -> Result<ModelResponse, ModelError> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_at_once.fetch_max(now, Ordering::SeqCst);
        self.prompts.lock().unwrap().push(request.prompt.clone());
        tokio::time::sleep(self.delay).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        if call < self.failures {
            return Err(ModelError {
                message: "429 Too Many Requests".into(),
                retryable: self.retryable,
                retry_after: Some(Duration::from_millis(5)),
            });
        }
        Ok(ModelResponse {
            text: format!("answer {call}"),
            usage: Usage::tokens(3, 2),
        })
    }
}

const TWO_QUESTIONS: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: two-questions
steps:
  - id: first
    uses: llm
    retry: { max_attempts: 3, backoff: 10ms }
    with: { model: hosted-general, prompt: "One?" }
  - id: second
    uses: llm
    retry: { max_attempts: 3, backoff: 10ms }
    with: { model: hosted-general, prompt: "Two?" }
outputs:
  both: "{{ [steps.first.output, steps.second.output] }}"
"#;

#[tokio::test]
async fn independent_steps_run_at_the_same_time() {
    let flow = workflow(TWO_QUESTIONS);
    let model = Flaky::new(0, true, Duration::from_millis(50));
    let outcome = run(&flow, json!({}), &MemoryJournal::default(), &model).await;
    assert!(
        matches!(outcome, RunOutcome::Succeeded { .. }),
        "{outcome:?}"
    );
    assert_eq!(model.most_at_once.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn retryable_failures_are_retried_and_others_fail_the_run() {
    let flow = workflow(TWO_QUESTIONS);
    let model = Flaky::new(2, true, Duration::ZERO);
    let journal = MemoryJournal::default();
    let outcome = run(&flow, json!({}), &journal, &model).await;
    assert!(
        matches!(outcome, RunOutcome::Succeeded { .. }),
        "{outcome:?}"
    );
    assert_eq!(model.calls.load(Ordering::SeqCst), 4);
    let attempts: u32 = journal.records().values().map(|r| r.attempts).sum();
    assert_eq!(attempts, 4);

    let model = Flaky::new(1, false, Duration::ZERO);
    let journal = MemoryJournal::default();
    let outcome = run(&flow, json!({}), &journal, &model).await;
    let RunOutcome::Failed { step, error } = outcome else {
        panic!("{outcome:?}")
    };
    assert!(["first", "second"].contains(&step.as_str()));
    assert_eq!(error, "the model failed: 429 Too Many Requests");
}

#[tokio::test]
async fn a_step_over_its_timeout_fails() {
    let flow = workflow(&TWO_QUESTIONS.replace(
        "retry: { max_attempts: 3, backoff: 10ms }\n    with: { model: hosted-general, prompt: \"One?\" }",
        "timeout: 20ms\n    with: { model: hosted-general, prompt: \"One?\" }",
    ));
    let model = Flaky::new(0, true, Duration::from_millis(500));
    let outcome = run(&flow, json!({}), &MemoryJournal::default(), &model).await;
    let RunOutcome::Failed { step, error } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(step, "first");
    assert_eq!(error, "took longer than its timeout of 0.02s");
}

/// Answers extraction first with prose, then with JSON.
struct LearnsJson(AtomicUsize);

impl Models for LearnsJson {
    async fn complete(
        &self,
        _step: &str,
        request: ModelRequest,
    ) -> Result<ModelResponse, ModelError> {
        let call = self.0.fetch_add(1, Ordering::SeqCst);
        let text = if call == 0 {
            "The policy is PN-1".to_owned()
        } else {
            assert!(
                request.prompt.contains("It does not match the schema"),
                "the problem is sent back"
            );
            "```json\n{\"policy_number\": \"PN-1\", \"amount\": 5}\n```".to_owned()
        };
        Ok(ModelResponse {
            text,
            usage: Usage::tokens(10, 5),
        })
    }
}

#[tokio::test]
async fn extraction_asks_again_when_the_answer_does_not_match() {
    let claim = workflow(CLAIM);
    let model = LearnsJson(AtomicUsize::new(0));
    let journal = MemoryJournal::default();
    run(&claim, json!({ "letter": "x" }), &journal, &model).await;
    let fields = &journal.records()["fields"];
    assert_eq!(fields.status, StepStatus::Succeeded);
    assert_eq!(
        fields.output,
        json!({ "policy_number": "PN-1", "amount": 5 })
    );
    assert_eq!(fields.usage.unwrap(), Usage::tokens(20, 10));

    // The built-in model cannot find the fields: the same answer each time, then a clear failure.
    let outcome = run(
        &claim,
        json!({ "letter": "nothing useful" }),
        &MemoryJournal::default(),
        &BuiltinModel,
    )
    .await;
    let RunOutcome::Failed { step, error } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(step, "fields");
    assert!(
        error.starts_with("the model's answer did not match the schema after 3 attempts"),
        "{error}"
    );
}

#[tokio::test]
async fn a_map_keeps_to_its_concurrency_and_the_items_order() {
    let flow = workflow(
        r#"
apiVersion: paddock/v1
kind: Workflow
name: many
inputs:
  questions: { type: list, items: string }
steps:
  - id: each
    uses: map
    with:
      items: "{{ inputs.questions }}"
      concurrency: 3
      steps:
        - id: ask
          uses: llm
          with: { model: hosted-general, prompt: "{{ item }}" }
"#,
    );
    let model = Flaky::new(0, true, Duration::from_millis(20));
    let questions: Vec<String> = (0..10).map(|i| format!("q{i}")).collect();
    let journal = MemoryJournal::default();
    let outcome = run(&flow, json!({ "questions": questions }), &journal, &model).await;
    assert!(
        matches!(outcome, RunOutcome::Succeeded { .. }),
        "{outcome:?}"
    );
    assert_eq!(model.most_at_once.load(Ordering::SeqCst), 3);
    let records = journal.records();
    let answers = records["each"].output.as_array().unwrap();
    assert_eq!(answers.len(), 10);
    for (index, answer) in answers.iter().enumerate() {
        assert_eq!(answer, &records[&format!("each[{index}].ask")].output);
    }
}

/// A journal whose run was asked to stop.
struct Cancelled(MemoryJournal);

impl Journal for Cancelled {
    async fn recorded(&self) -> Result<BTreeMap<String, StepRecord>, JournalError> {
        self.0.recorded().await
    }
    async fn started(&self, key: &str, id: &str, attempt: u32) -> Result<(), JournalError> {
        self.0.started(key, id, attempt).await
    }
    async fn record(
        &self,
        key: &str,
        record: &StepRecord,
        recomputable: bool,
    ) -> Result<(), JournalError> {
        self.0.record(key, record, recomputable).await
    }
    fn cancel_requested(&self) -> bool {
        true
    }
}

#[tokio::test]
async fn a_cancelled_run_starts_nothing_more() {
    let journal = Cancelled(MemoryJournal::default());
    let outcome = run(
        &workflow(TRIAGE),
        json!({ "subject": "x" }),
        &journal,
        &BuiltinModel,
    )
    .await;
    assert_eq!(outcome, RunOutcome::Cancelled);
    assert!(journal.0.written().is_empty());
}

#[tokio::test]
async fn a_redact_step_masks_personal_data_and_says_what_it_found() {
    let masked = workflow(
        "apiVersion: paddock/v1
kind: Workflow
name: masked
inputs:
  note: { type: string }
steps:
  - id: all
    uses: redact
    with: { text: \"{{ inputs.note }}\" }
  - id: cards
    uses: redact
    with: { text: \"{{ inputs.note }}\", kinds: [payment_card] }
outputs:
  all: \"{{ steps.all.output }}\"
  cards: \"{{ steps.cards.output.text }}\"
",
    );
    let note = "Refund jane@example.com on card 4242 4242 4242 4242.";
    let outcome = run(
        &masked,
        json!({ "note": note }),
        &MemoryJournal::default(),
        &BuiltinModel,
    )
    .await;
    let RunOutcome::Succeeded { outputs } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        outputs["all"],
        json!({
            "text": "Refund j***@example.com on card **** **** **** 4242.",
            "found": ["email", "payment_card"],
        })
    );
    assert_eq!(
        outputs["cards"],
        "Refund jane@example.com on card **** **** **** 4242."
    );
}

/// Answers every extraction with `{}` and keeps the schemas it was sent.
#[derive(Default)]
struct KeepsSchemas(Mutex<Vec<Value>>);

impl Models for KeepsSchemas {
    async fn complete(
        &self,
        _step: &str,
        request: ModelRequest,
    ) -> Result<ModelResponse, ModelError> {
        self.0
            .lock()
            .unwrap()
            .extend(request.response_schema.clone());
        Ok(ModelResponse {
            text: "{}".to_owned(),
            usage: Usage::tokens(1, 1),
        })
    }
}

#[tokio::test]
async fn an_extractions_schema_is_sent_as_written_never_filled_in() {
    // Validation reads the schema as literal text, so the policy check cannot follow data put
    // into it; the engine must not put any there either.
    let extract = workflow(
        "apiVersion: paddock/v1
kind: Workflow
name: extract
inputs:
  secret: { type: string }
steps:
  - id: fields
    uses: llm.extract
    with:
      model: builtin
      text: hello
      schema: { type: object, description: \"{{ inputs.secret }}\" }
",
    );
    let models = KeepsSchemas::default();
    run(
        &extract,
        json!({ "secret": "s3cr3t" }),
        &MemoryJournal::default(),
        &models,
    )
    .await;
    let sent = models.0.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["description"], "{{ inputs.secret }}");
}
