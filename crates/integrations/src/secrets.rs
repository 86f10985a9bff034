//! Secrets at rest: envelope encryption. Each secret is encrypted with its own random
//! AES-256-GCM data key; the data key is encrypted ("wrapped") with the master key. Both
//! layers are bound to the secret's context (which record it belongs to), so a sealed value
//! copied onto another record does not open there.
//!
//! The master key comes from `PADDOCK_MASTER_KEY` (base64 of 32 bytes) or a key file; when
//! neither exists, one is generated into the data directory with 0600 permissions.

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use rand::RngCore;
use sha2::{Digest, Sha256};

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
const WRAPPED_LEN: usize = NONCE_LEN + KEY_LEN + TAG_LEN;
const VERSION: &str = "v1";

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("the master key must be 32 bytes in base64 ({0})")]
    InvalidMasterKey(String),
    #[error("cannot read or write the master key file {path}")]
    KeyFile {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the stored secret is not in a form this version reads")]
    Malformed,
    #[error(
        "the stored secret was sealed with another master key ({0}); start Paddock with the master key it was written with"
    )]
    OtherMasterKey(String),
    #[error("the stored secret does not open: it was altered or belongs to another record")]
    Tampered,
}

/// The key that wraps every data key.
#[derive(Clone)]
pub struct MasterKey([u8; KEY_LEN]);

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MasterKey({})", self.id())
    }
}

impl MasterKey {
    pub fn generate() -> Self {
        let mut bytes = [0; KEY_LEN];
        rand::rng().fill_bytes(&mut bytes);
        MasterKey(bytes)
    }

    pub fn from_base64(text: &str) -> Result<Self, SecretError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|e| SecretError::InvalidMasterKey(e.to_string()))?;
        let bytes: [u8; KEY_LEN] = bytes
            .try_into()
            .map_err(|b: Vec<u8>| SecretError::InvalidMasterKey(format!("{} bytes", b.len())))?;
        Ok(MasterKey(bytes))
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// A short fingerprint that names the key without revealing it.
    pub fn id(&self) -> String {
        hex::encode(&Sha256::digest(self.0)[..4])
    }

    /// Reads the key file at `path`, or creates it (0600) with a new key when it does not exist.
    /// The flag says whether it was created, so the operator can be told to back it up. Two
    /// processes starting together end up with the same key: the file appears complete or not
    /// at all, and whichever comes second reads the first one's.
    pub fn load_or_create(path: &Path) -> Result<(Self, bool), SecretError> {
        let failure = |source| SecretError::KeyFile {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => return Ok((MasterKey::from_base64(&text)?, false)),
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(failure(e)),
            Err(_) => {}
        }
        let key = MasterKey::generate();
        let mut suffix = [0u8; 8];
        rand::rng().fill_bytes(&mut suffix);
        let draft = path.with_extension(format!("new-{}", hex::encode(suffix)));
        let written = (|| {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&draft)?;
            writeln!(file, "{}", key.to_base64())?;
            file.sync_all()?;
            // A link never replaces an existing file: the first process to get here wins.
            std::fs::hard_link(&draft, path)
        })();
        let _ = std::fs::remove_file(&draft);
        match written {
            Ok(()) => Ok((key, true)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(path).map_err(failure)?;
                Ok((MasterKey::from_base64(&text)?, false))
            }
            Err(e) => Err(failure(e)),
        }
    }
}

/// Seals and opens secrets with the master key. Cheap to clone.
#[derive(Clone)]
pub struct Keyring(Arc<MasterKey>);

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Keyring({})", self.0.id())
    }
}

impl Keyring {
    pub fn new(master: MasterKey) -> Self {
        Keyring(Arc::new(master))
    }

    /// A keyring with a fresh key that lives only in memory (tests, throwaway runs).
    pub fn ephemeral() -> Self {
        Keyring::new(MasterKey::generate())
    }

    /// `v1.<master key id>.<base64 of wrapped data key and ciphertext>`.
    pub fn seal(&self, plaintext: &str, context: &str) -> String {
        let mut data_key = [0; KEY_LEN];
        rand::rng().fill_bytes(&mut data_key);
        let wrapped = encrypt(&self.0.0, &data_key, context);
        let sealed = encrypt(&data_key, plaintext.as_bytes(), context);
        let mut blob = wrapped;
        blob.extend_from_slice(&sealed);
        format!("{VERSION}.{}.{}", self.0.id(), URL_SAFE_NO_PAD.encode(blob))
    }

    pub fn open(&self, sealed: &str, context: &str) -> Result<String, SecretError> {
        let mut parts = sealed.splitn(3, '.');
        let (Some(VERSION), Some(key_id), Some(body)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(SecretError::Malformed);
        };
        if key_id != self.0.id() {
            return Err(SecretError::OtherMasterKey(key_id.to_owned()));
        }
        let blob = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| SecretError::Malformed)?;
        if blob.len() < WRAPPED_LEN + NONCE_LEN + TAG_LEN {
            return Err(SecretError::Malformed);
        }
        let (wrapped, sealed) = blob.split_at(WRAPPED_LEN);
        let data_key: [u8; KEY_LEN] = decrypt(&self.0.0, wrapped, context)?
            .try_into()
            .map_err(|_| SecretError::Malformed)?;
        let plaintext = decrypt(&data_key, sealed, context)?;
        String::from_utf8(plaintext).map_err(|_| SecretError::Malformed)
    }
}

/// `nonce || ciphertext || tag`, authenticated with `context`.
fn encrypt(key: &[u8; KEY_LEN], plaintext: &[u8], context: &str) -> Vec<u8> {
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key));
    let mut nonce = [0; NONCE_LEN];
    rand::rng().fill_bytes(&mut nonce);
    let ciphertext = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: context.as_bytes(),
            },
        )
        .expect("AES-GCM encrypts any message shorter than 64 GiB");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&ciphertext);
    out
}

fn decrypt(key: &[u8; KEY_LEN], sealed: &[u8], context: &str) -> Result<Vec<u8>, SecretError> {
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key))
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: context.as_bytes(),
            },
        )
        .map_err(|_| SecretError::Tampered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_context() {
        let keyring = Keyring::ephemeral();
        let sealed = keyring.seal("sk-live-123", "model:a");
        assert!(!sealed.contains("sk-live-123"));
        assert_eq!(keyring.open(&sealed, "model:a").unwrap(), "sk-live-123");
        // Each seal uses a new data key and nonces.
        assert_ne!(sealed, keyring.seal("sk-live-123", "model:a"));

        assert!(matches!(
            keyring.open(&sealed, "model:b"),
            Err(SecretError::Tampered)
        ));
        assert!(matches!(
            Keyring::ephemeral().open(&sealed, "model:a"),
            Err(SecretError::OtherMasterKey(_))
        ));
        let mut altered = sealed.clone();
        let last = altered.pop().unwrap();
        altered.push(if last == 'A' { 'B' } else { 'A' });
        assert!(matches!(
            keyring.open(&altered, "model:a"),
            Err(SecretError::Tampered | SecretError::Malformed)
        ));
        assert!(matches!(
            keyring.open("v1.x", "model:a"),
            Err(SecretError::Malformed)
        ));
    }

    #[test]
    fn the_key_file_is_created_private_once_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        let (created, was_created) = MasterKey::load_or_create(&path).unwrap();
        assert!(was_created);
        let (loaded, was_created) = MasterKey::load_or_create(&path).unwrap();
        assert!(!was_created);
        assert_eq!(created.id(), loaded.id());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let no_drafts_left = std::fs::read_dir(dir.path()).unwrap().count() == 1;
        assert!(no_drafts_left);
        assert!(matches!(
            MasterKey::from_base64("c2hvcnQ="),
            Err(SecretError::InvalidMasterKey(_))
        ));
    }
}
