//! Secrets at rest: envelope encryption. Each secret is encrypted with its own random
//! AES-256-GCM data key; the data key is encrypted ("wrapped") with the master key. Both
//! layers are bound to the secret's context (which record it belongs to), so a sealed value
//! copied onto another record does not open there.
//!
//! The master key comes from `PADDOCK_MASTER_KEY` (base64 of 32 bytes) or a key file; when
//! neither exists, one is generated into the data directory with 0600 permissions.
//!
//! Either may hold several keys, the current one first: rotation puts a new key in front and
//! re-wraps every data key with it, while the keys behind it still open whatever a node sealed
//! before it learned of the new one. A keyring read from a file reads it again when it meets a
//! key it does not know, so running nodes follow a rotation without a restart.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

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
    #[error("another rotation of the master key is running; if none is, remove {0} and try again")]
    RotationRunning(String),
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
}

/// The master keys of a deployment: the current one, which seals, then older ones, which only
/// open what was sealed with them.
#[derive(Clone, Debug)]
pub struct MasterKeys {
    current: MasterKey,
    older: Vec<MasterKey>,
}

impl MasterKeys {
    pub fn new(current: MasterKey) -> Self {
        MasterKeys {
            current,
            older: Vec::new(),
        }
    }

    /// Keys in base64 separated by white space or commas, the current one first.
    pub fn parse(text: &str) -> Result<Self, SecretError> {
        let mut keys = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|part| !part.is_empty())
            .map(MasterKey::from_base64);
        let current = keys
            .next()
            .ok_or_else(|| SecretError::InvalidMasterKey("no key given".into()))??;
        let older = keys.collect::<Result<Vec<_>, _>>()?;
        Ok(MasterKeys { current, older })
    }

    /// Reads the key file at `path`, or creates it (0600) with a new key when it does not exist.
    /// The flag says whether it was created, so the operator can be told to back it up. Two
    /// processes starting together end up with the same key: the file appears complete or not
    /// at all, and whichever comes second reads the first one's.
    pub fn load_or_create(path: &Path) -> Result<(MasterKeys, bool), SecretError> {
        match read_key_file(path) {
            Ok(keys) => return Ok((keys, false)),
            Err(SecretError::KeyFile { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let keys = MasterKeys::new(MasterKey::generate());
        match write_key_file(path, &keys, Replace::Never) {
            Ok(()) => Ok((keys, true)),
            Err(SecretError::KeyFile { source, .. })
                if source.kind() == std::io::ErrorKind::AlreadyExists =>
            {
                Ok((read_key_file(path)?, false))
            }
            Err(e) => Err(e),
        }
    }

    pub fn current(&self) -> &MasterKey {
        &self.current
    }

    /// A new current key in front of these, which all stay to open older secrets.
    pub fn rotated(&self) -> Self {
        let mut older = vec![self.current.clone()];
        older.extend(
            self.older
                .iter()
                .filter(|k| k.id() != self.current.id())
                .cloned(),
        );
        MasterKeys {
            current: MasterKey::generate(),
            older,
        }
    }

    fn find(&self, id: &str) -> Option<&MasterKey> {
        std::iter::once(&self.current)
            .chain(&self.older)
            .find(|key| key.id() == id)
    }

    fn to_text(&self) -> String {
        std::iter::once(&self.current)
            .chain(&self.older)
            .map(|key| key.to_base64() + "\n")
            .collect()
    }
}

/// Whether writing a key file may replace one that exists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Replace {
    Never,
    Always,
}

fn read_key_file(path: &Path) -> Result<MasterKeys, SecretError> {
    let text = std::fs::read_to_string(path).map_err(|source| SecretError::KeyFile {
        path: path.display().to_string(),
        source,
    })?;
    MasterKeys::parse(&text)
}

/// Writes the whole file (0600) under a temporary name first, so a reader sees the old file or
/// the new one, never part of one.
fn write_key_file(path: &Path, keys: &MasterKeys, replace: Replace) -> Result<(), SecretError> {
    let failure = |source| SecretError::KeyFile {
        path: path.display().to_string(),
        source,
    };
    let mut suffix = [0u8; 8];
    rand::rng().fill_bytes(&mut suffix);
    let draft = path.with_extension(format!("new-{}", hex::encode(suffix)));
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&draft)?;
        file.write_all(keys.to_text().as_bytes())?;
        file.sync_all()?;
        match replace {
            // A link never replaces an existing file: the first process to get here wins.
            Replace::Never => std::fs::hard_link(&draft, path),
            Replace::Always => std::fs::rename(&draft, path),
        }
    })();
    let _ = std::fs::remove_file(&draft);
    written.map_err(failure)
}

/// Seals and opens secrets with the master keys. Cheap to clone.
#[derive(Clone)]
pub struct Keyring {
    keys: Arc<RwLock<MasterKeys>>,
    /// The key file the keys came from, read again when a secret names a key not among them.
    file: Option<Arc<KeyFile>>,
}

/// The key file a keyring follows, and which version of it it last read.
struct KeyFile {
    path: PathBuf,
    version: std::sync::Mutex<Option<FileVersion>>,
}

/// Tells versions of the key file apart: a rotation writes a new file (a new inode) in its
/// place, and timestamps alone may not change within the file system's clock tick.
type FileVersion = (Option<std::time::SystemTime>, u64);

fn file_version(path: &Path) -> Option<FileVersion> {
    let metadata = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&metadata);
    #[cfg(not(unix))]
    let inode = metadata.len();
    Some((metadata.modified().ok(), inode))
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Keyring({})", self.current_id())
    }
}

/// A sealed secret taken apart: which key wrapped its data key, the wrapped key, the ciphertext.
struct Parts<'a> {
    key_id: &'a str,
    blob: Vec<u8>,
}

impl<'a> Parts<'a> {
    fn parse(sealed: &'a str) -> Result<Self, SecretError> {
        let mut parts = sealed.splitn(3, '.');
        let (Some(VERSION), Some(key_id), Some(body)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(SecretError::Malformed);
        };
        let blob = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| SecretError::Malformed)?;
        if blob.len() < WRAPPED_LEN + NONCE_LEN + TAG_LEN {
            return Err(SecretError::Malformed);
        }
        Ok(Parts { key_id, blob })
    }
}

impl Keyring {
    pub fn new(keys: MasterKeys) -> Self {
        Keyring {
            keys: Arc::new(RwLock::new(keys)),
            file: None,
        }
    }

    /// A keyring that reads `path` again when it meets a key it does not know.
    pub fn from_file(keys: MasterKeys, path: PathBuf) -> Self {
        Keyring {
            keys: Arc::new(RwLock::new(keys)),
            file: Some(Arc::new(KeyFile {
                version: std::sync::Mutex::new(file_version(&path)),
                path,
            })),
        }
    }

    /// A keyring with a fresh key that lives only in memory (tests, throwaway runs).
    pub fn ephemeral() -> Self {
        Keyring::new(MasterKeys::new(MasterKey::generate()))
    }

    /// The fingerprint of the key that seals.
    pub fn current_id(&self) -> String {
        self.keys().current.id()
    }

    fn keys(&self) -> std::sync::RwLockReadGuard<'_, MasterKeys> {
        self.keys
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// `v1.<master key id>.<base64 of wrapped data key and ciphertext>`.
    pub fn seal(&self, plaintext: &str, context: &str) -> String {
        self.follow_rotation();
        let mut data_key = [0; KEY_LEN];
        rand::rng().fill_bytes(&mut data_key);
        let sealed = encrypt(&data_key, plaintext.as_bytes(), context);
        let current = self.keys().current.clone();
        assemble(&current, &data_key, &sealed, context)
    }

    pub fn open(&self, sealed: &str, context: &str) -> Result<String, SecretError> {
        let parts = Parts::parse(sealed)?;
        let (data_key, ciphertext) = self.unwrap_data_key(&parts, context)?;
        let plaintext = decrypt(&data_key, ciphertext, context)?;
        String::from_utf8(plaintext).map_err(|_| SecretError::Malformed)
    }

    /// The same secret with its data key wrapped by the current master key; `None` when it
    /// already is. The secret itself is not decrypted.
    pub fn rewrap(&self, sealed: &str, context: &str) -> Result<Option<String>, SecretError> {
        let parts = Parts::parse(sealed)?;
        let current = self.keys().current.clone();
        if parts.key_id == current.id() {
            return Ok(None);
        }
        let (data_key, ciphertext) = self.unwrap_data_key(&parts, context)?;
        Ok(Some(assemble(&current, &data_key, ciphertext, context)))
    }

    fn unwrap_data_key<'p>(
        &self,
        parts: &'p Parts<'_>,
        context: &str,
    ) -> Result<([u8; KEY_LEN], &'p [u8]), SecretError> {
        let master = self.key_named(parts.key_id)?;
        let (wrapped, ciphertext) = parts.blob.split_at(WRAPPED_LEN);
        let data_key = decrypt(&master.0, wrapped, context)?
            .try_into()
            .map_err(|_| SecretError::Malformed)?;
        Ok((data_key, ciphertext))
    }

    /// Reads the key file again when it changed since it was read (a rotation by another
    /// process), so what is sealed from now on is sealed with the new key. A file that cannot be
    /// read keeps the keys in hand: sealing with them is still safe, as they stay in the file.
    fn follow_rotation(&self) {
        let Some(file) = &self.file else { return };
        let now = file_version(&file.path);
        let mut seen = file.version.lock().unwrap_or_else(|p| p.into_inner());
        if now == *seen {
            return;
        }
        if let Ok(reread) = read_key_file(&file.path) {
            *self.keys.write().unwrap_or_else(|p| p.into_inner()) = reread;
            *seen = now;
        }
    }

    /// The key with this fingerprint, reading the key file again if it is not known yet (a
    /// rotation by another process).
    fn key_named(&self, id: &str) -> Result<MasterKey, SecretError> {
        if let Some(key) = self.keys().find(id) {
            return Ok(key.clone());
        }
        if let Some(file) = &self.file {
            let reread = read_key_file(&file.path)?;
            let found = reread.find(id).cloned();
            *self.keys.write().unwrap_or_else(|p| p.into_inner()) = reread;
            if let Some(key) = found {
                return Ok(key);
            }
        }
        Err(SecretError::OtherMasterKey(id.to_owned()))
    }
}

fn assemble(
    master: &MasterKey,
    data_key: &[u8; KEY_LEN],
    ciphertext: &[u8],
    context: &str,
) -> String {
    let mut blob = encrypt(&master.0, data_key, context);
    blob.extend_from_slice(ciphertext);
    format!("{VERSION}.{}.{}", master.id(), URL_SAFE_NO_PAD.encode(blob))
}

/// Puts a new master key in front of the ones in the key file at `path` and writes it back;
/// the keys that were there stay, to open what is still sealed with them.
///
/// Two rotations at once would each write a key the other loses: a lock file beside it lets one
/// at a time in.
pub fn rotate_key_file(path: &Path) -> Result<MasterKeys, SecretError> {
    let lock = path.with_extension("rotating");
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&lock)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => {
                SecretError::RotationRunning(lock.display().to_string())
            }
            _ => SecretError::KeyFile {
                path: lock.display().to_string(),
                source,
            },
        })?;
    let rotated = read_key_file(path)
        .map(|keys| keys.rotated())
        .and_then(|rotated| write_key_file(path, &rotated, Replace::Always).map(|()| rotated));
    let _ = std::fs::remove_file(&lock);
    rotated
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
        let (created, was_created) = MasterKeys::load_or_create(&path).unwrap();
        assert!(was_created);
        let (loaded, was_created) = MasterKeys::load_or_create(&path).unwrap();
        assert!(!was_created);
        assert_eq!(created.current().id(), loaded.current().id());
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

    #[test]
    fn a_rotation_rewraps_data_keys_and_running_keyrings_follow_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        let (keys, _) = MasterKeys::load_or_create(&path).unwrap();
        let old_id = keys.current().id();
        let running = Keyring::from_file(keys, path.clone());
        let sealed = running.seal("sk-live-123", "model:a");

        let rotated = rotate_key_file(&path).unwrap();
        assert_ne!(rotated.current().id(), old_id);
        let rotator =
            Keyring::new(MasterKeys::parse(&std::fs::read_to_string(&path).unwrap()).unwrap());
        assert_eq!(rotator.current_id(), rotated.current().id());
        let rewrapped = rotator.rewrap(&sealed, "model:a").unwrap().unwrap();
        assert!(rewrapped.starts_with(&format!("v1.{}.", rotated.current().id())));
        // Only the wrapped data key changed: the ciphertext after it is the same.
        let tail = |s: &str| {
            URL_SAFE_NO_PAD
                .decode(s.rsplit('.').next().unwrap())
                .unwrap()[WRAPPED_LEN..]
                .to_vec()
        };
        assert_eq!(tail(&sealed), tail(&rewrapped));
        assert_eq!(rotator.rewrap(&rewrapped, "model:a").unwrap(), None);
        assert!(matches!(
            rotator.rewrap(&sealed, "model:b"),
            Err(SecretError::Tampered)
        ));

        // The node started before the rotation opens the re-wrapped secret, and seals with the
        // new key from then on; what it sealed before still opens.
        // A node that has not met the new key yet still seals with it: it notices the file
        // changed.
        let sealed_after = running.seal("sk-new", "model:b");
        assert!(sealed_after.starts_with(&format!("v1.{}.", rotated.current().id())));
        assert_eq!(running.open(&rewrapped, "model:a").unwrap(), "sk-live-123");
        assert_eq!(running.current_id(), rotated.current().id());
        // One rotation at a time.
        std::fs::write(path.with_extension("rotating"), "").unwrap();
        assert!(matches!(
            rotate_key_file(&path),
            Err(SecretError::RotationRunning(_))
        ));
        assert_eq!(running.open(&sealed, "model:a").unwrap(), "sk-live-123");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn several_keys_are_parsed_current_first() {
        let (a, b) = (MasterKey::generate(), MasterKey::generate());
        let keys =
            MasterKeys::parse(&format!(" {} ,\n{}\n", a.to_base64(), b.to_base64())).unwrap();
        assert_eq!(keys.current().id(), a.id());
        let older = Keyring::new(MasterKeys::new(b.clone())).seal("x", "c");
        assert_eq!(Keyring::new(keys).open(&older, "c").unwrap(), "x");
        assert!(matches!(
            MasterKeys::parse(" \n"),
            Err(SecretError::InvalidMasterKey(_))
        ));
        assert!(matches!(
            MasterKeys::parse("c2hvcnQ="),
            Err(SecretError::InvalidMasterKey(_))
        ));
    }
}
