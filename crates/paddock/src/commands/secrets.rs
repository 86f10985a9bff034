//! `paddock secrets rotate-master-key`: a new master key, and every stored secret's data key
//! wrapped with it, without stopping the nodes that serve.

use paddock_core::report::error_chain;
use paddock_integrations::secrets::{Keyring, MasterKeys, rotate_key_file};
use paddock_services::audit::Actor;
use paddock_services::secrets;

use crate::cli::StoreArgs;
use crate::config;
use crate::failure::Failure;

pub async fn rotate_master_key(args: &StoreArgs) -> Result<(), Failure> {
    let settings = config::store_settings(args)?;
    let (keyring, told) = match std::env::var("PADDOCK_MASTER_KEY") {
        Ok(listed) => {
            let keys = MasterKeys::parse(&listed)
                .map_err(|e| Failure::environment(format!("PADDOCK_MASTER_KEY: {e}")))?;
            if !listed.contains(|c: char| c == ',' || c.is_whitespace()) {
                return Err(Failure::refused(
                    "PADDOCK_MASTER_KEY holds one key: generate a new one (32 random bytes in base64, e.g. `openssl rand -base64 32`), set PADDOCK_MASTER_KEY to \"NEW,OLD\" on every node, then run this again to re-wrap every secret with the new key",
                ));
            }
            let told = "keep the old key after the new one in PADDOCK_MASTER_KEY until every node runs with the new list".to_owned();
            (Keyring::new(keys), told)
        }
        Err(_) => {
            let path = settings.data_dir.join(super::MASTER_KEY_FILE);
            if !path.exists() {
                return Err(Failure::environment(format!(
                    "no master key file at {}: rotate on the node whose data directory holds it, or give PADDOCK_MASTER_KEY",
                    path.display()
                )));
            }
            let keys = rotate_key_file(&path).map_err(|e| Failure::environment(error_chain(&e)))?;
            let told = format!(
                "back up {} now: it holds the new key, and the old one for what running nodes seal before they read it",
                path.display()
            );
            (Keyring::from_file(keys, path), told)
        }
    };
    let store = super::open_store(&settings, false).await?;
    let done = secrets::rewrap_all(
        &store,
        &keyring,
        Actor::system("paddock secrets rotate-master-key"),
    )
    .await;
    store.close().await;
    let done = done?;
    println!(
        "secrets are wrapped with master key {}: {} re-wrapped, {} already current; {told}",
        done.key_id, done.rewrapped, done.current
    );
    Ok(())
}
