//! Paddock's use cases, shared by the HTTP server and the CLI.

pub mod accounts;
pub mod api_keys;
pub mod approvals;
pub mod audit;
pub mod audit_stream;
pub mod auth;
mod batches;
pub mod connections;
pub mod demo;
pub mod drafts;
mod error;
mod forms;
pub mod groups;
pub mod knowledge;
pub mod labels;
pub mod models;
pub mod oidc;
pub mod policy;
pub mod promotion;
pub mod publishing;
pub mod runs;
pub mod scim;
pub mod secrets;
pub mod service_accounts;
mod sign_in_limits;
pub mod templates;
pub mod users;
pub mod versions;
pub mod worker;
pub mod workflows;
pub mod workspaces;

pub use error::ServiceError;

/// Runs password hashing or verification on the blocking pool, at most one per CPU at a time:
/// each takes argon2id's 19 MiB and tens of milliseconds, so a burst of sign-ins queues here
/// instead of exhausting memory. A panic in `work` is re-raised here, as if it had run inline.
async fn password_work<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let permits = PERMITS.get_or_init(|| {
        let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        tokio::sync::Semaphore::new(cpus)
    });
    let _permit = permits
        .acquire()
        .await
        .expect("the semaphore is never closed");
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => value,
        Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
    }
}
