//! Settings resolved from flags, `PADDOCK_*` variables, the TOML file and defaults, in that order.

use paddock_store::DatabaseUrl;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use paddock_services::publishing::run_files::DEFAULT_ARTIFACT_RETENTION;

use crate::cli::{LogFormat, ServeArgs, StoreArgs};
use crate::failure::Failure;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const DEFAULT_DATA_DIR: &str = "./paddock-data";
const SQLITE_FILE: &str = "paddock.sqlite3";

/// The TOML file: the same settings as the flags, all optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    listen: Option<SocketAddr>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    embedding_model: Option<PathBuf>,
    artifact_retention_days: Option<u32>,
    demo: Option<bool>,
    log_format: Option<LogFormat>,
    audit_webhook_url: Option<String>,
    trusted_proxies: Option<Vec<std::net::IpAddr>>,
}

impl FileSettings {
    fn load(path: Option<&Path>) -> Result<Self, Failure> {
        let Some(path) = path else {
            return Ok(Self::default());
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::environment(format!("cannot read config file {}: {e}", path.display()))
        })?;
        toml::from_str(&text).map_err(|e| {
            let reason = e.message();
            let place = e
                .span()
                .map(|span| {
                    let line = text[..span.start].matches('\n').count() + 1;
                    format!(" (line {line})")
                })
                .unwrap_or_default();
            Failure::environment(format!("config file {}{place}: {reason}", path.display()))
        })
    }
}

/// Where state lives.
#[derive(Debug)]
pub struct StoreSettings {
    pub data_dir: PathBuf,
    pub database_url: DatabaseUrl,
    /// True when the database is the default SQLite file inside the data directory.
    pub database_in_data_dir: bool,
    /// The sentence-embedding model's directory, for semantic search of knowledge.
    pub embedding_model: Option<PathBuf>,
    /// How long the documents runs write are kept.
    pub artifact_retention: Duration,
}

#[derive(Debug)]
pub struct ServeSettings {
    pub store: StoreSettings,
    pub listen: SocketAddr,
    pub demo: bool,
    pub log_format: LogFormat,
    pub audit_webhook_url: Option<String>,
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// Settings for a throwaway SQLite database in `dir`.
pub fn scratch_store(dir: &std::path::Path) -> StoreSettings {
    StoreSettings {
        data_dir: dir.to_owned(),
        database_url: DatabaseUrl::sqlite_file(&dir.join(SQLITE_FILE)),
        database_in_data_dir: true,
        embedding_model: None,
        artifact_retention: DEFAULT_ARTIFACT_RETENTION,
    }
}

pub fn store_settings(args: &StoreArgs) -> Result<StoreSettings, Failure> {
    let file = FileSettings::load(args.config.as_deref())?;
    resolve_store(args, &file)
}

fn resolve_store(args: &StoreArgs, file: &FileSettings) -> Result<StoreSettings, Failure> {
    let data_dir = args
        .data_dir
        .clone()
        .or_else(|| file.data_dir.clone())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
    let explicit_url = args
        .database_url
        .clone()
        .or_else(|| file.database_url.clone());
    let (database_url, database_in_data_dir) = match explicit_url {
        Some(url) => (
            DatabaseUrl::parse(&url)
                .map_err(|e| Failure::environment(format!("database URL: {e}")))?,
            false,
        ),
        None => (DatabaseUrl::sqlite_file(&data_dir.join(SQLITE_FILE)), true),
    };
    Ok(StoreSettings {
        data_dir,
        database_url,
        database_in_data_dir,
        embedding_model: args
            .embedding_model
            .clone()
            .or_else(|| file.embedding_model.clone()),
        artifact_retention: match args
            .artifact_retention_days
            .or(file.artifact_retention_days)
        {
            None => DEFAULT_ARTIFACT_RETENTION,
            Some(0) => {
                return Err(Failure::environment(
                    "artifact retention: at least 1 day (documents are downloaded after their run ends)",
                ));
            }
            Some(days) => Duration::from_secs(u64::from(days) * 24 * 3600),
        },
    })
}

pub fn serve_settings(args: &ServeArgs) -> Result<ServeSettings, Failure> {
    let file = FileSettings::load(args.store.config.as_deref())?;
    Ok(ServeSettings {
        store: resolve_store(&args.store, &file)?,
        listen: args.listen.or(file.listen).unwrap_or_else(|| {
            DEFAULT_LISTEN
                .parse()
                .expect("the default address is valid")
        }),
        demo: args.demo.or(file.demo).unwrap_or(false),
        log_format: args
            .log_format
            .or(file.log_format)
            .unwrap_or(LogFormat::Text),
        audit_webhook_url: args.audit_webhook_url.clone().or(file.audit_webhook_url),
        trusted_proxies: if args.trusted_proxies.is_empty() {
            file.trusted_proxies.unwrap_or_default()
        } else {
            args.trusted_proxies.clone()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_args() -> StoreArgs {
        StoreArgs {
            config: None,
            data_dir: None,
            database_url: None,
            embedding_model: None,
            artifact_retention_days: None,
        }
    }

    #[test]
    fn defaults_put_sqlite_in_the_data_dir() {
        let settings = resolve_store(&store_args(), &FileSettings::default()).unwrap();
        assert_eq!(settings.data_dir, PathBuf::from(DEFAULT_DATA_DIR));
        assert!(settings.database_in_data_dir);
        assert_eq!(
            settings.database_url.backend(),
            paddock_store::Backend::Sqlite
        );
    }

    #[test]
    fn flags_win_over_the_file() {
        let file: FileSettings =
            toml::from_str("data_dir = \"/from-file\"\ndatabase_url = \"postgres://db/x\"")
                .unwrap();
        let from_file = resolve_store(&store_args(), &file).unwrap();
        assert_eq!(from_file.data_dir, PathBuf::from("/from-file"));
        assert_eq!(
            from_file.database_url.backend(),
            paddock_store::Backend::Postgres
        );
        let args = StoreArgs {
            data_dir: Some("/from-flag".into()),
            ..store_args()
        };
        assert_eq!(
            resolve_store(&args, &file).unwrap().data_dir,
            PathBuf::from("/from-flag")
        );
        let file: FileSettings = toml::from_str("embedding_model = \"/models/minilm\"").unwrap();
        assert_eq!(
            resolve_store(&store_args(), &file).unwrap().embedding_model,
            Some(PathBuf::from("/models/minilm"))
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_are_rejected_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("paddock.toml");
        std::fs::write(&path, "listen = \"127.0.0.1:9000\"\nlisten_port = 3\n").unwrap();
        let error = FileSettings::load(Some(&path)).unwrap_err();
        assert!(format!("{error:?}").contains("line 2"), "{error:?}");
        std::fs::write(&path, "listen = \"not an address\"\n").unwrap();
        assert!(FileSettings::load(Some(&path)).is_err());
    }

    #[test]
    fn unsupported_database_schemes_are_rejected() {
        let args = StoreArgs {
            database_url: Some("mysql://db".into()),
            ..store_args()
        };
        assert!(resolve_store(&args, &FileSettings::default()).is_err());
    }
}
