//! Paddock's use cases, shared by the HTTP server and the CLI.

pub mod accounts;
pub mod auth;
pub mod demo;
mod error;

pub use error::ServiceError;

/// Runs CPU-heavy work (password hashing) on the blocking pool so async workers stay free.
/// A panic in `work` is re-raised here, as if it had run inline.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => value,
        Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
    }
}
