//! The audit trail: appending to the hash chain and reading it back.

use paddock_core::audit::{ActorKind, AuditRecord, ChainHead, ChainedRecord, Outcome};
use paddock_core::time::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Connection, StoreError, error::corrupt, push_placeholders};

/// A `SELECT` of every event column, followed by `$rest`.
macro_rules! select_events {
    ($rest:literal) => {
        concat!(
            "SELECT seq, occurred_at, actor_kind, actor_id, actor_label, action, target_kind, target_id,
                    target_label, workspace, outcome, client_address, user_agent, request_id, summary,
                    prev_hash, hash
             FROM audit_events ",
            $rest
        )
    };
}

/// Appends one event to the chain: [`append_all`] of one.
pub async fn append(
    conn: &mut Connection,
    record: AuditRecord,
) -> Result<ChainedRecord, StoreError> {
    let mut appended = append_all(conn, vec![record]).await?;
    appended
        .pop()
        .ok_or_else(|| corrupt("an appended event went missing"))
}

/// How many events one statement inserts: 17 values each, well under SQLite's limit of 32,766
/// parameters.
const EVENTS_PER_STATEMENT: usize = 100;
const EVENT_COLUMNS: usize = 17;

/// Appends `records` to the chain, in order, and returns them with their positions and hashes
/// (`seq` is assigned here). Call it last in a transaction: the end of the chain stays locked
/// from here to the commit, which is what orders the chain, and nothing else waits on it.
pub async fn append_all(
    conn: &mut Connection,
    records: Vec<AuditRecord>,
) -> Result<Vec<ChainedRecord>, StoreError> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let count = i64::try_from(records.len()).map_err(corrupt)?;
    let head = sqlx::query(
        "UPDATE audit_head SET last_seq = last_seq + $1 WHERE id = 1 RETURNING last_seq, last_hash",
    )
    .bind(count)
    .fetch_one(&mut *conn)
    .await?;
    let last_seq: i64 = head.try_get("last_seq")?;
    let mut prev_hash: String = head.try_get("last_hash")?;
    let mut chained = Vec::with_capacity(records.len());
    for (seq, mut record) in (last_seq - count + 1..).zip(records) {
        record.seq = seq;
        let hash = record.chain_hash(&prev_hash);
        chained.push(ChainedRecord {
            record,
            prev_hash: std::mem::replace(&mut prev_hash, hash.clone()),
            hash,
        });
    }
    for chunk in chained.chunks(EVENTS_PER_STATEMENT) {
        let mut statement = String::from(
            "INSERT INTO audit_events (seq, occurred_at, actor_kind, actor_id, actor_label, action,
                 target_kind, target_id, target_label, workspace, outcome, client_address,
                 user_agent, request_id, summary, prev_hash, hash) VALUES ",
        );
        push_placeholders(conn, &mut statement, chunk.len(), EVENT_COLUMNS);
        // Only placeholders are added to the text; every value is bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(statement));
        for ChainedRecord {
            record,
            prev_hash,
            hash,
        } in chunk
        {
            query = query
                .bind(record.seq)
                .bind(record.occurred_at.as_millis())
                .bind(record.actor_kind.as_str())
                .bind(record.actor_id.clone())
                .bind(record.actor_label.clone())
                .bind(record.action.clone())
                .bind(record.target_kind.clone())
                .bind(record.target_id.clone())
                .bind(record.target_label.clone())
                .bind(record.workspace.clone())
                .bind(record.outcome.as_str())
                .bind(record.client_address.clone())
                .bind(record.user_agent.clone())
                .bind(record.request_id.clone())
                .bind(record.summary.clone())
                .bind(prev_hash.clone())
                .bind(hash.clone());
        }
        query.execute(&mut *conn).await?;
    }
    sqlx::query("UPDATE audit_head SET last_hash = $1 WHERE id = 1")
        .bind(prev_hash)
        .execute(conn)
        .await?;
    Ok(chained)
}

/// The recorded end of the chain.
pub async fn head(conn: &mut Connection) -> Result<ChainHead, StoreError> {
    let row = sqlx::query("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")
        .fetch_one(conn)
        .await?;
    Ok(ChainHead {
        last_seq: row.try_get("last_seq")?,
        last_hash: row.try_get("last_hash")?,
    })
}

/// Up to `limit` events after position `after_seq` that occurred in `[since, until)`, oldest
/// first: a time window of the chain in pages.
pub async fn page_in_window(
    conn: &mut Connection,
    after_seq: i64,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
    limit: i64,
) -> Result<Vec<ChainedRecord>, StoreError> {
    let rows = sqlx::query(select_events!(
        "WHERE seq > $1 AND ($2 IS NULL OR occurred_at >= $2) AND ($3 IS NULL OR occurred_at < $3)
         ORDER BY seq LIMIT $4"
    ))
    .bind(after_seq)
    .bind(since.map(Timestamp::as_millis))
    .bind(until.map(Timestamp::as_millis))
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Up to `limit` events after position `after_seq`, oldest first: the chain in pages.
pub async fn page(
    conn: &mut Connection,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<ChainedRecord>, StoreError> {
    let rows = sqlx::query(select_events!("WHERE seq > $1 ORDER BY seq LIMIT $2"))
        .bind(after_seq)
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Which events to find; every filter is optional.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub outcome: Option<Outcome>,
    pub workspace: Option<String>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Only events before this position (the cursor for the next page, newest first).
    pub before_seq: Option<i64>,
}

/// Up to `limit` events matching `filter`, newest first.
pub async fn search(
    conn: &mut Connection,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<ChainedRecord>, StoreError> {
    let rows = sqlx::query(select_events!(
        "WHERE ($1 IS NULL OR actor_label = $1)
           AND ($2 IS NULL OR action = $2)
           AND ($3 IS NULL OR outcome = $3)
           AND ($4 IS NULL OR workspace = $4)
           AND ($5 IS NULL OR occurred_at >= $5)
           AND ($6 IS NULL OR occurred_at < $6)
           AND ($7 IS NULL OR seq < $7)
         ORDER BY seq DESC LIMIT $8"
    ))
    .bind(filter.actor.clone())
    .bind(filter.action.clone())
    .bind(filter.outcome.map(Outcome::as_str))
    .bind(filter.workspace.clone())
    .bind(filter.since.map(Timestamp::as_millis))
    .bind(filter.until.map(Timestamp::as_millis))
    .bind(filter.before_seq)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

fn from_row(row: &AnyRow) -> Result<ChainedRecord, StoreError> {
    let actor_kind: String = row.try_get("actor_kind")?;
    let outcome: String = row.try_get("outcome")?;
    let record = AuditRecord {
        seq: row.try_get("seq")?,
        occurred_at: Timestamp::from_millis(row.try_get("occurred_at")?),
        actor_kind: ActorKind::parse(&actor_kind)
            .ok_or_else(|| corrupt(format!("actor kind '{actor_kind}'")))?,
        actor_id: row.try_get("actor_id")?,
        actor_label: row.try_get("actor_label")?,
        action: row.try_get("action")?,
        target_kind: row.try_get("target_kind")?,
        target_id: row.try_get("target_id")?,
        target_label: row.try_get("target_label")?,
        workspace: row.try_get("workspace")?,
        outcome: Outcome::parse(&outcome).ok_or_else(|| corrupt(format!("outcome '{outcome}'")))?,
        client_address: row.try_get("client_address")?,
        user_agent: row.try_get("user_agent")?,
        request_id: row.try_get("request_id")?,
        summary: row.try_get("summary")?,
    };
    Ok(ChainedRecord {
        record,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

/// The last position `sink` has received (0 before the first delivery).
pub async fn delivered_up_to(conn: &mut Connection, sink: &str) -> Result<i64, StoreError> {
    let seq: Option<i64> =
        sqlx::query_scalar("SELECT last_seq FROM audit_deliveries WHERE sink = $1")
            .bind(sink)
            .fetch_optional(conn)
            .await?;
    Ok(seq.unwrap_or(0))
}

/// Records that `sink` has received everything up to `seq`.
pub async fn mark_delivered(conn: &mut Connection, sink: &str, seq: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_deliveries (sink, last_seq) VALUES ($1, $2)
         ON CONFLICT (sink) DO UPDATE SET last_seq = excluded.last_seq",
    )
    .bind(sink)
    .bind(seq)
    .execute(conn)
    .await?;
    Ok(())
}
