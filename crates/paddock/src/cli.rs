//! The command line. Every setting also reads a `PADDOCK_*` variable and the TOML file named by
//! `--config`; the flag wins over the variable, which wins over the file.

use clap::{Args, Parser, Subcommand, ValueEnum};
use paddock_core::Role;
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
    /// Print the OpenAPI document of the API.
    Openapi,
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
