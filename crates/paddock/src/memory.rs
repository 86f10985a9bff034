//! Keeping the server small when it idles. glibc's allocator gives each thread that allocates
//! an arena of its own (up to eight per core) and keeps what is freed there for later: after a
//! burst of work — the demo's documents read, a batch run — a server holding a few megabytes
//! of live data kept some 35 MB more in freed memory (BENCHMARKS.md). Fewer arenas, and handing
//! freed memory back now and then, bring that back; other allocators are left alone.

use std::time::Duration;

/// How often memory freed since is handed back: soon after a burst (a sign-in's password hash
/// alone takes 19 MiB), and cheap when nothing was freed.
const TRIM_INTERVAL: Duration = Duration::from_secs(5);

/// Caps the allocator's arenas at one per core (at least two). Call it before any thread
/// starts: arenas are made as threads first allocate.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let arenas = libc::c_int::try_from(cores.clamp(2, 8)).unwrap_or(2);
        // SAFETY: mallopt only sets a tuning parameter; called before other threads exist.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}

/// Hands memory freed since the last time back to the system, every few seconds, until
/// `stop` changes.
pub async fn keep_trimmed(mut stop: tokio::sync::watch::Receiver<()>) {
    let mut every = tokio::time::interval(TRIM_INTERVAL);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = every.tick() => {
                // It walks every arena under its lock: off the runtime's threads.
                let _ = tokio::task::spawn_blocking(release_freed).await;
            }
            _ = stop.changed() => return,
        }
    }
}

fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim is thread-safe and only returns free pages to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}
