//! Logs go to stderr as text or JSON lines, filtered by `PADDOCK_LOG` (tracing's `EnvFilter`
//! syntax; by default `info`, with the chattier sqlx and tower-http at `warn`).

use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

use crate::cli::LogFormat;
use crate::failure::Failure;

const DEFAULT_FILTER: &str = "info,sqlx=warn,tower_http=warn";

pub fn init(format: LogFormat) -> Result<(), Failure> {
    let filter = match std::env::var("PADDOCK_LOG") {
        Ok(directives) => EnvFilter::try_new(&directives).map_err(|e| {
            Failure::environment(format!(
                "PADDOCK_LOG='{directives}' is not a log filter: {e}"
            ))
        })?,
        Err(_) => EnvFilter::new(DEFAULT_FILTER),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
    Ok(())
}
