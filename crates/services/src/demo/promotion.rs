//! The demo's promotion history, made the way people make it: the demo builder cuts ticket
//! triage v1, deploys it to dev and runs it, submits it to staging and then prod, where the demo
//! approver approves it after a run below; then v2 (a new "security" category) waits for the
//! approver's review in staging. It needs the workers (runs are the evidence), so it runs once
//! the server's workers are up, and only while ticket triage has no version.

use std::time::Duration;

use paddock_core::values::EmailAddress;
use paddock_store::{Store, grants, users};
use serde_json::{Map, Value, json};

use crate::ServiceError;
use crate::audit::RequestContext;
use crate::auth::Principal;
use crate::promotion::{deployments, reviews};
use crate::runs::{self, Intake};
use crate::versions;

const WORKSPACE: &str = "it-service-desk";
const WORKFLOW: &str = "ticket-triage";
/// How long a demo run may take on the built-in model before seeding gives up.
const RUN_DEADLINE: Duration = Duration::from_secs(30);

async fn principal(store: &Store, email: &str) -> Result<Principal, ServiceError> {
    let mut conn = store.acquire().await?;
    let address = EmailAddress::parse(email).expect("demo addresses are valid");
    let user = users::find_by_email(&mut conn, &address)
        .await?
        .ok_or_else(|| ServiceError::Internal(format!("the demo account {email} is missing")))?;
    let held = grants::held_by(&mut conn, user.id).await?;
    Ok(Principal {
        user_id: user.id,
        email: user.email,
        grants: held.into_iter().map(|held| held.grant).collect(),
        csrf_token: None,
        key: None,
    })
}

fn ticket(subject: &str, body: &str) -> Map<String, Value> {
    let Value::Object(inputs) = json!({ "subject": subject, "body": body }) else {
        unreachable!("an object literal")
    };
    inputs
}

/// Runs what is live in `environment` and waits for it to succeed: the evidence for the next.
async fn run_live(
    store: &Store,
    intake: &Intake,
    context: &RequestContext,
    builder: &Principal,
    environment: &str,
    inputs: &Map<String, Value>,
) -> Result<(), ServiceError> {
    let started = deployments::run(
        store,
        intake,
        context,
        builder,
        WORKSPACE,
        WORKFLOW,
        environment,
        inputs,
    )
    .await?;
    let deadline = tokio::time::Instant::now() + RUN_DEADLINE;
    loop {
        let run = runs::load(store, started.run.id).await?;
        if run.status.is_final() {
            return match run.error {
                None => Ok(()),
                Some(error) => Err(ServiceError::Internal(format!(
                    "the demo run of {WORKFLOW} in {environment} failed: {error}"
                ))),
            };
        }
        if tokio::time::Instant::now() > deadline {
            return Err(ServiceError::Internal(format!(
                "the demo run of {WORKFLOW} in {environment} did not finish in time"
            )));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Submits `version` for `environment` as the builder and approves it as the approver.
async fn promote(
    store: &Store,
    context: &RequestContext,
    (builder, approver): (&Principal, &Principal),
    version: u64,
    environment: &str,
    message: &str,
) -> Result<(), ServiceError> {
    let review = reviews::submit(
        store,
        context,
        builder,
        WORKSPACE,
        WORKFLOW,
        version,
        environment,
        message,
    )
    .await?;
    reviews::decide(
        store,
        context,
        approver,
        &review.summary.id,
        reviews::ReviewDecision::Approve,
        "Read the diff and the sample run; looks right.",
    )
    .await?;
    Ok(())
}

/// The second version: phishing and other security reports get a category of their own.
fn with_security_category(definition: &str) -> String {
    definition.replacen(
        "        - name: question\n",
        "        - name: security\n          description: phishing, a suspicious e-mail, malware or a lost or stolen device\n        - name: question\n",
        1,
    )
}

pub async fn seed(store: &Store, intake: &Intake) -> Result<(), ServiceError> {
    let builder = principal(store, "builder@demo.local").await?;
    let approver = principal(store, "approver@demo.local").await?;
    let people = (&builder, &approver);
    if !versions::list(store, &builder, WORKSPACE, WORKFLOW)
        .await?
        .is_empty()
    {
        return Ok(());
    }
    let context = RequestContext::command_line();
    let outage = ticket(
        "VPN down for the whole Leeds office",
        "Nobody in Leeds can connect to the VPN since 9:00.",
    );
    let printer = ticket(
        "Printer on floor 3 jams",
        "The printer by the kitchen jams on every job.",
    );

    let (_, v1) = versions::cut(
        store,
        &context,
        &builder,
        WORKSPACE,
        WORKFLOW,
        "Sort tickets by kind; page on-call for outages",
    )
    .await?;
    let v1 = v1.version.number;
    deployments::deploy_directly(store, &context, &builder, WORKSPACE, WORKFLOW, v1, "dev").await?;
    run_live(store, intake, &context, &builder, "dev", &outage).await?;
    promote(
        store,
        &context,
        people,
        v1,
        "staging",
        "Ready for staging: tried on an outage ticket in dev.",
    )
    .await?;
    run_live(store, intake, &context, &builder, "staging", &printer).await?;
    promote(
        store,
        &context,
        people,
        v1,
        "prod",
        "Ready for production: ran in staging.",
    )
    .await?;

    let draft = crate::drafts::get(store, &builder, WORKSPACE, WORKFLOW).await?;
    crate::drafts::save(
        store,
        &context,
        &builder,
        WORKSPACE,
        WORKFLOW,
        &with_security_category(&draft.draft.definition),
        Some(draft.draft.revision),
    )
    .await?;
    let (_, v2) = versions::cut(
        store,
        &context,
        &builder,
        WORKSPACE,
        WORKFLOW,
        "Security reports (phishing, lost devices) get their own category",
    )
    .await?;
    let v2 = v2.version.number;
    deployments::deploy_directly(store, &context, &builder, WORKSPACE, WORKFLOW, v2, "dev").await?;
    let phishing = ticket(
        "Suspicious e-mail asking for my password",
        "I got an e-mail from 'IT' asking me to confirm my password on a strange site.",
    );
    run_live(store, intake, &context, &builder, "dev", &phishing).await?;
    reviews::submit(
        store,
        &context,
        &builder,
        WORKSPACE,
        WORKFLOW,
        v2,
        "staging",
        "Adds a security category so phishing reports reach the security queue.",
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_second_version_adds_the_security_category() {
        let v1 = include_str!("workflows/ticket-triage.yaml");
        let v2 = super::with_security_category(v1);
        assert!(v2.contains("- name: security"));
        assert!(crate::workflows::check(&v2).is_ok());
    }
}
