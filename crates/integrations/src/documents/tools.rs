//! Running the programs that read PDFs and images (poppler's `pdfinfo`, `pdftotext` and
//! `pdftoppm`, and `tesseract`) as subprocesses: each under limits on its memory, CPU time,
//! the files it writes and its output, killed when it runs too long, in a scratch directory of
//! its own, and with none of the server's environment (no database URL, no master key). They
//! run as the server's user: a program a hostile file takes over could still read what that
//! user may, so a sandbox (bubblewrap, a user of their own) is the next step.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::ReadError;

/// The most memory one program may map.
const MEMORY_BYTES: u64 = 1024 * 1024 * 1024;
/// The most CPU time one program may use, in seconds.
const CPU_SECONDS: u64 = 120;
/// How long one program may run, waiting included.
const WALL_TIME: Duration = Duration::from_secs(180);
/// The largest file a program may write (a page rendered for OCR is a few megabytes).
const FILE_BYTES: u64 = 256 * 1024 * 1024;
/// The most a program may print; more is cut off.
const MAX_OUTPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Runs `program` with `args` in `dir` under the limits; its standard output when it succeeds,
/// else why not, in words for the person who uploaded the file.
pub(super) fn run(program: &str, args: &[&str], dir: &Path) -> Result<Vec<u8>, ReadError> {
    let mut child = Command::new("prlimit")
        .arg(format!("--as={MEMORY_BYTES}"))
        .arg(format!("--cpu={CPU_SECONDS}"))
        .arg(format!("--fsize={FILE_BYTES}"))
        .arg("--")
        .arg(program)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("OMP_THREAD_LIMIT", "1")
        .envs(std::env::var_os("TESSDATA_PREFIX").map(|path| ("TESSDATA_PREFIX", path)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| unavailable(program, &e.to_string()))?;
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let reading = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = (&mut stdout).take(MAX_OUTPUT_BYTES).read_to_end(&mut out);
        // Drain the rest so the program is not blocked writing it.
        let _ = std::io::copy(&mut stdout, &mut std::io::sink());
        out
    });
    let complaining = std::thread::spawn(move || {
        let mut err = Vec::new();
        let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut err);
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        err
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > WALL_TIME => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ReadError::Unreadable(format!(
                    "reading the file took longer than {} seconds and was stopped",
                    WALL_TIME.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(unavailable(program, &e.to_string())),
        }
    };
    let out = reading.join().unwrap_or_default();
    let err = complaining.join().unwrap_or_default();
    if status.success() {
        return Ok(out);
    }
    let said = String::from_utf8_lossy(&err);
    if said.contains("No such file or directory") && said.contains(program) {
        return Err(unavailable(program, &said));
    }
    let first = said
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("it stopped without saying why");
    Err(ReadError::Unreadable(format!(
        "{program} could not read the file: {first}"
    )))
}

fn unavailable(program: &str, why: &str) -> ReadError {
    tracing::error!(
        program,
        why,
        "a program that reads documents cannot be started"
    );
    ReadError::Unreadable(format!(
        "this server cannot read such files: {program} is not installed (ask your administrator to install poppler-utils and tesseract-ocr)"
    ))
}
