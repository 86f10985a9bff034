//! The command line. Every setting also reads a `PADDOCK_*` variable and the TOML file named by
//! `--config`; the flag wins over the variable, which wins over the file.

use clap::{Args, Parser, Subcommand, ValueEnum};
use paddock_core::Role;
use paddock_core::time::Timestamp;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "paddock",
    version,
    about = "Governed AI workflows: one binary for builders, IT and operators."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the API, the web UI and published apps.
    Serve(ServeArgs),
    /// Administer accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Verify and export the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check workflow definitions.
    #[command(subcommand)]
    Workflow(WorkflowCommand),
    /// Manage the master key that seals stored credentials.
    #[command(subcommand)]
    Secrets(SecretsCommand),
    /// Run a workflow definition and print its outputs as JSON (in a throwaway data directory
    /// unless one is given).
    Run(RunArgs),
    /// Run workflows from the queue of a shared database, without serving HTTP (more nodes).
    Worker(WorkerArgs),
    /// Manage knowledge bases' search indexes.
    #[command(subcommand)]
    Kb(KbCommand),
    /// Print the OpenAPI document of the API.
    Openapi,
}

#[derive(Args)]
pub struct RunArgs {
    /// The definition file (YAML or JSON).
    pub file: std::path::PathBuf,
    /// An input value, NAME=VALUE (repeatable); lists and objects are written as JSON.
    #[arg(long = "input", value_name = "NAME=VALUE")]
    pub inputs: Vec<String>,
    /// The workspace to run in; needed with a data directory or database of its own.
    #[arg(long, value_name = "SLUG")]
    pub workspace: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Runs worked on at once.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub workers: u16,
    /// Seconds a claimed run stays with this node without renewal: how long a run whose node
    /// died waits before another node resumes it.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub lease_seconds: u64,
}

#[derive(Subcommand)]
pub enum WorkflowCommand {
    /// Check a definition (YAML or JSON); exit 1 and list every problem with its path if it is
    /// not valid.
    Validate {
        /// The definition file.
        file: std::path::PathBuf,
    },
    /// Check a definition against the policy of a workspace and environment: every model it
    /// uses must be open to the workspace, and no labelled input may reach a model not cleared
    /// for it. Exit 1 and explain each violation (source, steps, sink, fix) if any.
    Check {
        /// The definition file.
        file: std::path::PathBuf,
        /// The workspace (slug) whose policy applies.
        #[arg(long)]
        workspace: String,
        /// The environment (slug); the first of the chain (dev) when omitted.
        #[arg(long = "env")]
        environment: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Write every draft of a workspace to DIR as `<name>.yaml`, for keeping in git.
    Export {
        /// The workspace (slug).
        #[arg(long)]
        workspace: String,
        /// The directory to write to (created if missing).
        dir: std::path::PathBuf,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Create or update drafts from the YAML and JSON definitions in DIR. All or nothing; it
    /// never deploys.
    Import {
        /// The workspace (slug).
        #[arg(long)]
        workspace: String,
        /// The directory to read.
        dir: std::path::PathBuf,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain; exit 1 and name the first broken link if any event was changed or removed.
    Verify {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Print events as JSON lines, oldest first, with their chain hashes.
    Export(ExportArgs),
}

#[derive(Subcommand)]
pub enum KbCommand {
    /// Rebuild this node's search index from the database (stop `paddock serve` first: it
    /// holds the index).
    Reindex {
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Subcommand)]
pub enum SecretsCommand {
    /// Put a new master key in front of the key file's keys and re-wrap every stored secret's
    /// data key with it, while running nodes keep working. With PADDOCK_MASTER_KEY, list the
    /// new key first there ("NEW,OLD") on every node, then run this to re-wrap.
    RotateMasterKey {
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Only events at or after this time (2026-11-27 or 2026-11-27T09:30:00Z).
    #[arg(long, value_parser = parse_instant)]
    pub since: Option<Timestamp>,
    /// Only events before this time.
    #[arg(long, value_parser = parse_instant)]
    pub until: Option<Timestamp>,
    /// Output format.
    #[arg(long, default_value = "jsonl")]
    pub format: ExportFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON object per line.
    Jsonl,
}

fn parse_instant(value: &str) -> Result<Timestamp, String> {
    Timestamp::parse_rfc3339(value).map_err(|error| error.to_string())
}

/// Where the state lives; shared by every command that reads or changes it.
#[derive(Args, Clone)]
pub struct StoreArgs {
    /// TOML file with settings (see docs/configuration.md).
    #[arg(long, env = "PADDOCK_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Directory for the SQLite database and files [default: ./paddock-data].
    #[arg(long, env = "PADDOCK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// sqlite:PATH or postgres://… [default: SQLite in the data directory].
    #[arg(long, env = "PADDOCK_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
    /// Directory of a sentence-embedding model (such as all-MiniLM-L6-v2) for semantic search
    /// of knowledge [default: none, search by words only].
    #[arg(long, env = "PADDOCK_EMBEDDING_MODEL", value_name = "DIR")]
    pub embedding_model: Option<PathBuf>,
    /// How many days the documents runs write are kept before they are deleted [default: 30].
    #[arg(long, env = "PADDOCK_ARTIFACT_RETENTION_DAYS", value_name = "DAYS")]
    pub artifact_retention_days: Option<u32>,
}

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "PADDOCK_LISTEN", value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// Seed the demo organisation, its people and data (idempotent).
    #[arg(
        long,
        env = "PADDOCK_DEMO",
        num_args = 0..=1,
        default_missing_value = "true",
        value_parser = clap::builder::BoolishValueParser::new(),
        value_name = "BOOL"
    )]
    pub demo: Option<bool>,
    /// Reverse proxies (IP addresses, comma-separated) whose X-Forwarded-For names the client.
    #[arg(
        long,
        env = "PADDOCK_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_name = "IP,…"
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Stream every audit event, in order, to this webhook (a SIEM collector) as JSON lines.
    #[arg(long, env = "PADDOCK_AUDIT_WEBHOOK_URL", value_name = "URL")]
    pub audit_webhook_url: Option<String>,
    /// Log as human-readable text or as JSON lines [default: text].
    #[arg(long, env = "PADDOCK_LOG_FORMAT", value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,
}

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Create a local account. The password is read from stdin or --password-file.
    CreateUser(CreateUserArgs),
}

#[derive(Args)]
pub struct CreateUserArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    #[arg(long)]
    pub email: String,
    /// The role to grant.
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    /// The workspace the role applies to; omit for an organisation-wide admin or auditor.
    #[arg(long, value_name = "SLUG")]
    pub workspace: Option<String>,
    /// Display name [default: the part of the e-mail before @].
    #[arg(long)]
    pub name: Option<String>,
    /// Read the password from this file instead of stdin.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

fn parse_role(value: &str) -> Result<Role, String> {
    value
        .parse()
        .map_err(|error: paddock_core::access::UnknownRole| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
