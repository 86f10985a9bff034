//! `paddock audit …`: verify the hash chain, export events.

use paddock_services::audit::{self, ChainStatus};
use std::io::Write;

use crate::cli::{ExportArgs, ExportFormat, StoreArgs};
use crate::config;
use crate::failure::Failure;

pub async fn verify(args: &StoreArgs) -> Result<(), Failure> {
    let settings = config::store_settings(args)?;
    let store = super::open_store(&settings, false).await?;
    let status = audit::verify_chain(&store).await;
    store.close().await;
    match status? {
        ChainStatus::Intact { events } => {
            println!("the audit chain is intact: {events} events verified");
            Ok(())
        }
        ChainStatus::Broken(broken) => Err(Failure::refused(broken)),
    }
}

pub async fn export(args: &ExportArgs) -> Result<(), Failure> {
    let ExportFormat::Jsonl = args.format;
    let settings = config::store_settings(&args.store)?;
    let store = super::open_store(&settings, false).await?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let exported = audit::export(&store, args.since, args.until, |chained| {
        serde_json::to_writer(&mut out, &audit::AuditEventView::from(chained))?;
        out.write_all(b"\n")
    })
    .await;
    store.close().await;
    exported?;
    out.flush()
        .map_err(|e| Failure::environment(format!("cannot write the export: {e}")))
}
