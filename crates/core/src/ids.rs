//! Typed identifiers. Each entity has its own id type so a user id can never be passed where a
//! workspace id is expected. Ids are UUIDv7 (time-ordered, so indexes stay append-mostly).

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            pub fn generate() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// Identifies a user account.
    UserId
);
id_type!(
    /// Identifies a workspace (a team's lane).
    WorkspaceId
);
id_type!(
    /// Identifies an environment of the promotion chain.
    EnvironmentId
);
id_type!(
    /// Identifies one role grant.
    GrantId
);
id_type!(
    /// Identifies an API key.
    ApiKeyId
);
id_type!(
    /// Identifies a group of people.
    GroupId
);
id_type!(
    /// Identifies one run of a workflow.
    RunId
);
id_type!(
    /// Identifies a model of the registry.
    ModelId
);
id_type!(
    /// Identifies a workflow of a workspace.
    WorkflowId
);
id_type!(
    /// Identifies a connection to an outside system.
    ConnectionId
);
id_type!(
    /// Identifies an immutable version of a workflow.
    VersionId
);
id_type!(
    /// Identifies a request to deploy a version to an environment.
    ReviewId
);
id_type!(
    /// Identifies one deployment of a version to an environment.
    DeploymentId
);
id_type!(
    /// Identifies a file uploaded for a run's input.
    UploadId
);
id_type!(
    /// Identifies a batch: one run per row of an uploaded table.
    BatchId
);
id_type!(
    /// Identifies a knowledge base.
    KnowledgeBaseId
);
id_type!(
    /// Identifies a document of a knowledge base.
    DocumentId
);
id_type!(
    /// Identifies a file a run generated (a `document` step's document).
    ArtifactId
);
