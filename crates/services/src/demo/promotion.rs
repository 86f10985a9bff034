//! The demo's promotion history, made the way people make it: the demo builder cuts ticket
//! triage v1, deploys it to dev and runs it, submits it to staging and then prod — published
//! there as a form and an API to all staff — where the demo approver approves it after a run
//! below; then v2 (a new "security" category) waits for the approver's review in staging.
//! Claim intake goes the same way to prod, published as a form to the claims staff. It needs
//! the workers (runs are the evidence), so it runs once the server's workers are up, and only
//! for a workflow that has no version yet.

use std::time::Duration;

use paddock_core::publishing::{InterfaceSpec, InterfacesSpec};
use paddock_core::values::{DisplayName, EmailAddress};
use paddock_store::{Store, grants, groups, users};
use serde_json::{Map, Value, json};

use crate::ServiceError;
use crate::audit::RequestContext;
use crate::auth::Principal;
use crate::promotion::{deployments, reviews};
use crate::runs::{self, Intake};
use crate::versions;

/// A workflow of a workspace.
type Named = (&'static str, &'static str);
const TICKET_TRIAGE: Named = ("it-service-desk", "ticket-triage");
const CLAIM_INTAKE: Named = ("claims", "claim-intake");
const PASSWORD_HELP: Named = ("it-service-desk", "password-help");
/// How long a demo run may take on the built-in model before seeding gives up.
const RUN_DEADLINE: Duration = Duration::from_secs(30);

async fn principal(store: &Store, email: &str) -> Result<Principal, ServiceError> {
    let mut conn = store.acquire().await?;
    let address = EmailAddress::parse(email).expect("demo addresses are valid");
    let user = users::find_by_email(&mut conn, &address)
        .await?
        .ok_or_else(|| ServiceError::Internal(format!("the demo account {email} is missing")))?;
    let rights = grants::rights_of(&mut conn, user.id).await?;
    Ok(Principal {
        user_id: user.id,
        email: user.email,
        grants: rights.grants,
        groups: rights.groups,
        csrf_token: None,
        key: None,
    })
}

fn object(value: Value) -> Map<String, Value> {
    let Value::Object(inputs) = value else {
        unreachable!("an object literal")
    };
    inputs
}

fn ticket(subject: &str, body: &str) -> Map<String, Value> {
    object(json!({ "subject": subject, "body": body }))
}

/// Runs what is live in `environment` and waits for it to succeed: the evidence for the next.
async fn run_live(
    store: &Store,
    intake: &Intake,
    builder: &Principal,
    (workspace, workflow): Named,
    environment: &str,
    inputs: &Map<String, Value>,
) -> Result<(), ServiceError> {
    let context = RequestContext::command_line();
    let started = deployments::run(
        store,
        intake,
        &context,
        builder,
        workspace,
        workflow,
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
                    "the demo run of {workflow} in {environment} failed: {error}"
                ))),
            };
        }
        if tokio::time::Instant::now() > deadline {
            return Err(ServiceError::Internal(format!(
                "the demo run of {workflow} in {environment} did not finish in time"
            )));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Submits `version` for `environment` as the builder, served through `interfaces`, and
/// approves it as the approver.
async fn promote(
    store: &Store,
    (builder, approver): (&Principal, &Principal),
    (workspace, workflow): Named,
    (version, environment): (u64, &str),
    message: &str,
    interfaces: Option<&InterfacesSpec>,
) -> Result<(), ServiceError> {
    let context = RequestContext::command_line();
    let review = reviews::submit(
        store,
        &context,
        builder,
        workspace,
        workflow,
        version,
        environment,
        message,
        interfaces,
    )
    .await?;
    reviews::decide(
        store,
        &context,
        approver,
        &review.summary.id,
        reviews::ReviewDecision::Approve,
        "Read the diff and the sample run; looks right.",
    )
    .await?;
    Ok(())
}

/// An interface for the members of `group`, whose outputs may be at most `clearance`.
async fn published_to(
    store: &Store,
    group: &str,
    clearance: &str,
) -> Result<InterfaceSpec, ServiceError> {
    let mut conn = store.acquire().await?;
    let name = DisplayName::parse(group).expect("demo group names are valid");
    let group = groups::find_by_name(&mut conn, &name)
        .await?
        .ok_or_else(|| ServiceError::Internal(format!("the demo group {group} is missing")))?;
    Ok(InterfaceSpec {
        audience: vec![group.id.to_string()],
        clearance: clearance.to_owned(),
        rate_per_minute: Some(60),
        daily_quota: None,
    })
}

/// Cuts version 1 of a demo draft and takes it from dev through staging to prod, with a
/// run in each environment before the next; it is published in prod through `interfaces`.
async fn to_production(
    store: &Store,
    intake: &Intake,
    people: (&Principal, &Principal),
    named: Named,
    (message, inputs): (&str, &[Map<String, Value>; 2]),
    interfaces: &InterfacesSpec,
) -> Result<u64, ServiceError> {
    let (workspace, workflow) = named;
    let builder = people.0;
    let context = RequestContext::command_line();
    let (_, v1) = versions::cut(store, &context, builder, workspace, workflow, message).await?;
    let v1 = v1.version.number;
    deployments::deploy_directly(store, &context, builder, workspace, workflow, v1, "dev").await?;
    run_live(store, intake, builder, named, "dev", &inputs[0]).await?;
    let tried = "Ready for staging: tried in dev.";
    promote(store, people, named, (v1, "staging"), tried, None).await?;
    run_live(store, intake, builder, named, "staging", &inputs[1]).await?;
    let ran = "Ready for production: ran in staging.";
    promote(store, people, named, (v1, "prod"), ran, Some(interfaces)).await?;
    Ok(v1)
}

/// The second version: phishing and other security reports get a category of their own.
fn with_security_category(definition: &str) -> String {
    definition.replacen(
        "        - name: question\n",
        "        - name: security\n          description: phishing, a suspicious e-mail, malware or a lost or stolen device\n        - name: question\n",
        1,
    )
}

/// Whether the workflow has a version yet.
async fn has_versions(
    store: &Store,
    builder: &Principal,
    (workspace, workflow): Named,
) -> Result<bool, ServiceError> {
    Ok(!versions::list(store, builder, workspace, workflow)
        .await?
        .is_empty())
}

pub async fn seed(store: &Store, intake: &Intake) -> Result<(), ServiceError> {
    let builder = principal(store, "builder@demo.local").await?;
    let approver = principal(store, "approver@demo.local").await?;
    let people = (&builder, &approver);
    if !has_versions(store, &builder, TICKET_TRIAGE).await? {
        ticket_triage(store, intake, people).await?;
    }
    if !has_versions(store, &builder, CLAIM_INTAKE).await? {
        claim_intake(store, intake, people).await?;
    }
    if !has_versions(store, &builder, PASSWORD_HELP).await? {
        password_help(store, intake, people).await?;
    }
    Ok(())
}

/// A public form, which the administrator opens to people who are not signed in.
async fn password_help(
    store: &Store,
    intake: &Intake,
    people: (&Principal, &Principal),
) -> Result<(), ServiceError> {
    let asked = |system: &str, locked: bool| object(json!({ "system": system, "locked": locked }));
    let interfaces = InterfacesSpec {
        form: Some(published_to(store, "All staff", "public").await?),
        ..InterfacesSpec::default()
    };
    let message = "Self-service help for passwords and locked accounts";
    let runs = [asked("e-mail", false), asked("vpn", true)];
    to_production(
        store,
        intake,
        people,
        PASSWORD_HELP,
        (message, &runs),
        &interfaces,
    )
    .await?;
    let admin = principal(store, "admin@demo.local").await?;
    let (workspace, workflow) = PASSWORD_HELP;
    crate::publishing::public::set(
        store,
        &RequestContext::command_line(),
        &admin,
        (workspace, workflow, None),
        true,
    )
    .await?;
    Ok(())
}

async fn ticket_triage(
    store: &Store,
    intake: &Intake,
    people: (&Principal, &Principal),
) -> Result<(), ServiceError> {
    let builder = people.0;
    let context = RequestContext::command_line();
    let outage = ticket(
        "VPN down for the whole Leeds office",
        "Nobody in Leeds can connect to the VPN since 9:00.",
    );
    let printer = ticket(
        "Printer on floor 3 jams",
        "The printer by the kitchen jams on every job.",
    );
    let all_staff = published_to(store, "All staff", "internal").await?;
    let interfaces = InterfacesSpec {
        form: Some(all_staff.clone()),
        api: Some(all_staff),
        ..InterfacesSpec::default()
    };
    let message = "Sort tickets by kind; page on-call for outages";
    to_production(
        store,
        intake,
        people,
        TICKET_TRIAGE,
        (message, &[outage, printer]),
        &interfaces,
    )
    .await?;

    let (workspace, workflow) = TICKET_TRIAGE;
    let draft = crate::drafts::get(store, builder, workspace, workflow).await?;
    crate::drafts::save(
        store,
        &context,
        builder,
        workspace,
        workflow,
        &with_security_category(&draft.draft.definition),
        Some(draft.draft.revision),
    )
    .await?;
    let (_, v2) = versions::cut(
        store,
        &context,
        builder,
        workspace,
        workflow,
        "Security reports (phishing, lost devices) get their own category",
    )
    .await?;
    let v2 = v2.version.number;
    deployments::deploy_directly(store, &context, builder, workspace, workflow, v2, "dev").await?;
    let phishing = ticket(
        "Suspicious e-mail asking for my password",
        "I got an e-mail from 'IT' asking me to confirm my password on a strange site.",
    );
    run_live(store, intake, builder, TICKET_TRIAGE, "dev", &phishing).await?;
    reviews::submit(
        store,
        &context,
        builder,
        workspace,
        workflow,
        v2,
        "staging",
        "Adds a security category so phishing reports reach the security queue.",
        None,
    )
    .await?;
    Ok(())
}

async fn claim_intake(
    store: &Store,
    intake: &Intake,
    people: (&Principal, &Principal),
) -> Result<(), ServiceError> {
    let claim = |claimant: &str, policy: &str, kind: &str, description: &str| {
        object(json!({
            "claimant": claimant,
            "policy_number": policy,
            "claim_type": kind,
            "incident_date": "2026-11-02",
            "description": description,
        }))
    };
    let dent = claim(
        "Dana Whitfield",
        "PN-20931",
        "motor",
        "A dent in the rear bumper from a parking bay; estimated amount: 450.",
    );
    let flood = claim(
        "Omar Haddad",
        "PN-77120",
        "home",
        "A burst pipe flooded the kitchen; the floor and cabinets are a total loss. Estimated amount: 12000.",
    );
    let interfaces = InterfacesSpec {
        form: Some(published_to(store, "Claims staff", "confidential/pii").await?),
        ..InterfacesSpec::default()
    };
    let message = "Take in claims with their documents; route major ones to the major-claims team";
    to_production(
        store,
        intake,
        people,
        CLAIM_INTAKE,
        (message, &[dent, flood]),
        &interfaces,
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
