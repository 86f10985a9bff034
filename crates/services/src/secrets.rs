//! Sealed secrets as a whole: the context each is sealed to, and re-wrapping every one under
//! the current master key after a rotation.

use paddock_core::audit::{Action, Outcome};
use paddock_integrations::secrets::Keyring;
use paddock_store::Store;
use paddock_store::secrets::{self, SecretOwner};
use serde_json::json;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, record};

/// The context a secret is sealed to: it opens only on its own record.
pub fn sealing_context(owner: SecretOwner, id: &str) -> String {
    match owner {
        SecretOwner::Model => format!("model:{id}"),
        SecretOwner::Connection => format!("connection:{id}"),
        SecretOwner::AppSigningKey => format!("app-signing-key:{id}"),
    }
}

/// What a re-wrap did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrapped {
    /// The fingerprint of the master key every secret is now wrapped with.
    pub key_id: String,
    /// Secrets whose data key was wrapped again.
    pub rewrapped: usize,
    /// Secrets already wrapped with the current key.
    pub current: usize,
}

/// Wraps the data key of every stored secret with the keyring's current master key, in one
/// transaction with its audit event. The secrets themselves are not decrypted; running nodes
/// keep working, as their keyrings open both the old and the new wrapping.
pub async fn rewrap_all(
    store: &Store,
    keyring: &Keyring,
    by: Actor,
) -> Result<Rewrapped, ServiceError> {
    let mut tx = store.begin().await?;
    let mut done = Rewrapped {
        key_id: keyring.current_id(),
        rewrapped: 0,
        current: 0,
    };
    for owner in SecretOwner::ALL {
        for secret in secrets::all(&mut tx, owner).await? {
            let context = sealing_context(owner, &secret.id);
            let rewrapped = keyring.rewrap(&secret.sealed, &context).map_err(|e| {
                ServiceError::Internal(format!(
                    "the secret of {owner:?} {} cannot be re-wrapped: {e}",
                    secret.id
                ))
            })?;
            match rewrapped {
                // Set anew meanwhile: sealed with the newest key its node knew (nodes read the
                // key file again before sealing); running this again re-wraps any left behind.
                Some(sealed) => {
                    if secrets::replace(&mut tx, &secret, &sealed).await? {
                        done.rewrapped += 1;
                    }
                }
                None => done.current += 1,
            }
        }
    }
    let entry = Entry {
        actor: by,
        action: Action::MasterKeyRotated,
        target: None,
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({
            "key_id": done.key_id,
            "rewrapped": done.rewrapped,
            "already_current": done.current,
        }),
    };
    record(&mut tx, &RequestContext::command_line(), entry).await?;
    tx.commit().await?;
    Ok(done)
}
