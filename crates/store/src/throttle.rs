//! Counting failed sign-ins per key (an account or a client address) for temporary lockout.

use paddock_core::time::Timestamp;
use sqlx::Row;

use crate::{Connection, StoreError};

/// Until when `key` is locked out, if it is at `now`.
pub async fn locked_until(
    conn: &mut Connection,
    key: &str,
    now: Timestamp,
) -> Result<Option<Timestamp>, StoreError> {
    let until: Option<Option<i64>> =
        sqlx::query_scalar("SELECT locked_until FROM sign_in_throttle WHERE key = $1")
            .bind(key)
            .fetch_optional(conn)
            .await?;
    Ok(until
        .flatten()
        .map(Timestamp::from_millis)
        .filter(|until| *until > now))
}

/// Counts one failure for `key` in the window that started after `window_start` (an older
/// window starts again at one). When the count reaches `threshold`, the key is locked until
/// `lock_until` and counting starts over; that instant is returned.
pub async fn record_failure(
    conn: &mut Connection,
    key: &str,
    now: Timestamp,
    window_start: Timestamp,
    threshold: i64,
    lock_until: Timestamp,
) -> Result<Option<Timestamp>, StoreError> {
    let row = sqlx::query(
        "INSERT INTO sign_in_throttle (key, failures, window_started_at) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN sign_in_throttle.window_started_at < $3 THEN 1
                             ELSE sign_in_throttle.failures + 1 END,
             window_started_at = CASE WHEN sign_in_throttle.window_started_at < $3 THEN $2
                                      ELSE sign_in_throttle.window_started_at END
         RETURNING failures",
    )
    .bind(key)
    .bind(now.as_millis())
    .bind(window_start.as_millis())
    .fetch_one(&mut *conn)
    .await?;
    let failures: i64 = row.try_get("failures")?;
    if failures < threshold {
        return Ok(None);
    }
    sqlx::query("UPDATE sign_in_throttle SET failures = 0, locked_until = $2 WHERE key = $1")
        .bind(key)
        .bind(lock_until.as_millis())
        .execute(conn)
        .await?;
    Ok(Some(lock_until))
}

/// Forgets the failures of `key` (after a successful sign-in).
pub async fn clear(conn: &mut Connection, key: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sign_in_throttle WHERE key = $1")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}
