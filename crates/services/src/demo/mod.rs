//! The demo organisation (`paddock serve --demo`). Seeding is idempotent: it creates what is
//! missing and leaves what exists, so restarting in demo mode keeps people's changes.
//!
//! Each later feature adds its demo data as one more module here and one more call in [`seed`],
//! inside the same transaction. The knowledge bases' documents are read by OCR and embedded by
//! the server's workers, work a test's app should not do each time it starts: `paddock serve
//! --demo` adds them with [`knowledge::seed_documents`].

pub mod connections;
pub mod knowledge;
mod models;
mod organisation;
pub mod promotion;
mod sso;
mod workflows;

use paddock_core::password::NewPassword;
use paddock_store::Store;

use crate::ServiceError;

/// The demo password when `PADDOCK_DEMO_PASSWORD` is not set.
pub const DEFAULT_PASSWORD: &str = "paddock-demo";

/// Checks the demo password against the password policy, before anything is stored.
pub fn password(raw: &str) -> Result<NewPassword, ServiceError> {
    NewPassword::parse(raw).map_err(|e| ServiceError::invalid("PADDOCK_DEMO_PASSWORD", e))
}

/// Seeds the demo data; every demo account created gets `password`.
pub async fn seed(store: &Store, password: NewPassword) -> Result<(), ServiceError> {
    let mut tx = store.begin().await?;
    organisation::seed(&mut tx, password).await?;
    sso::seed(&mut tx).await?;
    models::seed(&mut tx).await?;
    workflows::seed(&mut tx).await?;
    knowledge::seed(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}
