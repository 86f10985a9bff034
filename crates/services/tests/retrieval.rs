//! A run's `retrieve` step against the knowledge base as it is when the step runs, on every
//! backend: refused when the knowledge base is labelled above what the run's sinks were checked
//! for (or was made since), refused and audited when it is not shared with the run's workspace
//! there, and answered otherwise.

use std::collections::BTreeMap;

use paddock_core::ids::RunId;
use paddock_core::knowledge::{AccessEntry, AccessList, Grantee};
use paddock_core::label::Label;
use paddock_engine::knowledge::{Knowledge, RetrieveCall};
use paddock_services::demo;
use paddock_services::knowledge::retrieval::KnowledgeGateway;
use paddock_services::knowledge::search::KnowledgeIndex;
use paddock_services::policy::RunPlace;
use paddock_store::knowledge::{self, Details};
use paddock_store::testing::test_databases;
use paddock_store::workspaces;

fn call() -> RetrieveCall {
    RetrieveCall {
        step_id: "find".to_owned(),
        knowledge_base: "cover-rules".to_owned(),
        query: "burst pipes".to_owned(),
        limit: 3,
    }
}

#[tokio::test]
async fn a_retrieval_is_held_to_the_knowledge_base_as_it_is_when_the_step_runs() {
    for db in test_databases().await {
        let store = db.store().await;
        demo::seed(&store, demo::password("paddock-demo").unwrap())
            .await
            .unwrap();
        let mut conn = store.acquire().await.unwrap();
        let claims = workspaces::list_workspaces(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .find(|w| w.slug.as_str() == "claims")
            .unwrap();
        let dev = workspaces::list_environments(&mut conn).await.unwrap()[0].clone();
        let base = knowledge::create(
            &mut conn,
            "cover-rules",
            claims.id,
            Details {
                name: "Claims policies",
                description: "",
                label: "confidential",
            },
            None,
        )
        .await
        .unwrap();
        drop(conn);
        let gateway = KnowledgeGateway::new(store.clone(), KnowledgeIndex::in_memory());
        let mut place = RunPlace {
            run: RunId::generate(),
            workflow: "cover-check".to_owned(),
            workspace: claims.id,
            environment: dev.id,
            started_by: None,
            sent: BTreeMap::new(),
            retrieved: BTreeMap::new(),
            deployment: None,
        };

        let made_since = gateway.for_run(&place).retrieve(call()).await.unwrap_err();
        assert!(
            made_since
                .message
                .contains("made or labelled confidential after this run started"),
            "{made_since:?}"
        );
        place
            .retrieved
            .insert("cover-rules".to_owned(), Label::parse("internal").unwrap());
        let labelled_higher = gateway.for_run(&place).retrieve(call()).await.unwrap_err();
        assert!(
            labelled_higher.message.contains("labelled confidential"),
            "{labelled_higher:?}"
        );
        assert!(!labelled_higher.retryable);

        place.retrieved.insert(
            "cover-rules".to_owned(),
            Label::parse("confidential").unwrap(),
        );
        let not_shared = gateway.for_run(&place).retrieve(call()).await.unwrap_err();
        assert!(
            not_shared
                .message
                .contains("not shared with this workspace"),
            "{not_shared:?}"
        );

        let shared = AccessList::new([AccessEntry {
            grantee: Grantee::Workspace(claims.id),
            environment: None,
        }]);
        knowledge::set_access(&mut store.acquire().await.unwrap(), base.id, &shared)
            .await
            .unwrap();
        let found = gateway.for_run(&place).retrieve(call()).await.unwrap();
        assert_eq!(found["knowledge_base"], "cover-rules");
        assert_eq!(
            found["passages"],
            serde_json::json!([]),
            "nothing uploaded yet"
        );
    }
}
