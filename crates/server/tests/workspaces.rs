//! Workspaces over HTTP: administrators create them and see who may do what in each — grants
//! given to accounts and groups, and every account those reach — on every backend.

mod support;

use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{error_code, spawn_app};

fn member<'a>(members: &'a Value, email: &str) -> &'a Value {
    members["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|member| member["account"]["email"] == email)
        .unwrap_or_else(|| panic!("{email} is a member: {members}"))
}

#[tokio::test]
async fn members_show_every_account_a_grant_reaches_and_how() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let list: Value = admin
            .get(&app, "/api/v1/workspaces")
            .await
            .json()
            .await
            .unwrap();
        let slugs: Vec<_> = list["workspaces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["slug"].as_str().unwrap())
            .collect();
        assert_eq!(slugs, ["claims", "it-service-desk"], "{}", app.backend);
        // Claims: steward, approver, operator and the intake service account directly; builder
        // and consumer through groups.
        assert_eq!(list["workspaces"][0]["members"], 6, "{list}");

        let claims: Value = admin
            .get(&app, "/api/v1/workspaces/claims/members")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(claims["name"], "Claims");
        let builders = claims["grants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|grant| {
                grant["holder"]["type"] == "group" && grant["holder"]["name"] == "Claims builders"
            })
            .expect("the group's grant is listed");
        assert_eq!(builders["role"], "builder");
        assert_eq!(builders["organisation_wide"], false);

        let builder = member(&claims, "builder@demo.local");
        assert_eq!(
            builder["roles"],
            json!([{ "role": "builder", "via_group": "Claims builders", "organisation_wide": false }])
        );
        let admin_member = member(&claims, "admin@demo.local");
        assert_eq!(admin_member["roles"][0]["organisation_wide"], true);
        assert_eq!(
            member(&claims, "steward@demo.local")["roles"][0]["via_group"],
            Value::Null
        );
        assert_eq!(
            member(&claims, "claims-intake@service-account.invalid")["account"]["kind"],
            "service"
        );
        assert_eq!(builder["account"]["display_name"], "Blake Builder");
        assert_eq!(builder["account"]["kind"], "person");
        // The IT approvers group's grant is for the other workspace.
        assert!(!claims.to_string().contains("IT approvers"));
    }
}

#[tokio::test]
async fn a_new_workspace_starts_empty_and_fills_through_grants() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let created = admin
            .post(
                &app,
                "/api/v1/workspaces",
                json!({ "slug": "hr-onboarding", "name": "HR onboarding" }),
            )
            .await;
        assert_eq!(created.status(), 201, "{}", app.backend);
        let created: Value = created.json().await.unwrap();
        assert_eq!(
            created,
            json!({ "slug": "hr-onboarding", "name": "HR onboarding", "members": 0 })
        );

        let groups: Value = admin
            .get(&app, "/api/v1/groups")
            .await
            .json()
            .await
            .unwrap();
        let all_staff = groups["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|group| group["name"] == "All staff")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let granted = admin
            .post(
                &app,
                &format!("/api/v1/groups/{all_staff}/grants"),
                json!({ "role": "consumer", "workspace": "hr-onboarding" }),
            )
            .await;
        assert_eq!(granted.status(), 204);
        let hr: Value = admin
            .get(&app, "/api/v1/workspaces/hr-onboarding/members")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            member(&hr, "consumer@demo.local")["roles"],
            json!([{ "role": "consumer", "via_group": "All staff", "organisation_wide": false }])
        );
        let list: Value = admin
            .get(&app, "/api/v1/workspaces")
            .await
            .json()
            .await
            .unwrap();
        let hr_overview = list["workspaces"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["slug"] == "hr-onboarding")
            .unwrap();
        assert_eq!(hr_overview["members"], 1);

        let events: Value = admin
            .get(&app, "/api/v1/audit/events?action=workspace.created")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(events["events"][0]["workspace"], "hr-onboarding");
        assert_eq!(events["events"][0]["actor"]["label"], "admin@demo.local");
    }
}

#[tokio::test]
async fn bad_workspace_requests_change_nothing() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let taken = admin
            .post(
                &app,
                "/api/v1/workspaces",
                json!({ "slug": "claims", "name": "Claims again" }),
            )
            .await;
        assert_eq!(taken.status(), 409);
        assert_eq!(error_code(taken).await, "already_exists");
        for (body, status, code) in [
            (json!({ "slug": "HR", "name": "HR" }), 422, "invalid_input"),
            (
                json!({ "slug": "<script>", "name": "HR" }),
                422,
                "invalid_input",
            ),
            (json!({ "slug": "hr", "name": "" }), 422, "invalid_input"),
            (
                json!({ "slug": "hr", "name": "x".repeat(500) }),
                422,
                "invalid_input",
            ),
            (json!({ "slug": "hr" }), 400, "invalid_json"),
            (
                json!({ "slug": "hr", "name": "HR", "owner": "me" }),
                400,
                "invalid_json",
            ),
        ] {
            let refused = admin.post(&app, "/api/v1/workspaces", body.clone()).await;
            assert_eq!(refused.status(), status, "{body}");
            assert_eq!(error_code(refused).await, code, "{body}");
        }
        let list: Value = admin
            .get(&app, "/api/v1/workspaces")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            list["workspaces"].as_array().unwrap().len(),
            2,
            "nothing was created"
        );

        for slug in ["nowhere", "..%2F..%2Fetc", "UPPER"] {
            let missing = admin
                .get(&app, &format!("/api/v1/workspaces/{slug}/members"))
                .await;
            assert_eq!(missing.status(), 404, "{slug}");
            assert_eq!(error_code(missing).await, "not_found");
        }

        // A builder may not look.
        let builder = app.browser();
        app.sign_in(&builder, "builder@demo.local").await;
        let refused = builder
            .get(app.url("/api/v1/workspaces/claims/members"))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
    }
}
