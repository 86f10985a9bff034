//! How a command fails: one readable line on stderr and the exit status of the CLI contract.

use std::fmt::Display;
use std::process::ExitCode;

#[derive(Debug)]
pub struct Failure {
    message: String,
    status: u8,
}

impl Failure {
    /// The answer is "no" (exit 1).
    pub fn refused(message: impl Display) -> Self {
        Self {
            message: message.to_string(),
            status: 1,
        }
    }

    /// Bad usage or a broken environment (exit 2).
    pub fn environment(message: impl Display) -> Self {
        Self {
            message: message.to_string(),
            status: 2,
        }
    }

    /// A command line clap refused, reduced to its first line plus where to find help.
    pub fn usage(error: &clap::Error) -> Self {
        let rendered = error.render().to_string();
        let first = rendered.lines().next().unwrap_or_default();
        let reason = first.strip_prefix("error: ").unwrap_or(first);
        Self::environment(format!("{reason} (see paddock --help)"))
    }

    pub fn report(self) -> ExitCode {
        eprintln!("error: {}", self.message);
        ExitCode::from(self.status)
    }
}

impl From<paddock_services::ServiceError> for Failure {
    fn from(error: paddock_services::ServiceError) -> Self {
        use paddock_core::Code;
        match error.code() {
            Code::AlreadyExists => Failure::refused(error),
            _ => Failure::environment(paddock_core::report::error_chain(&error)),
        }
    }
}
