use paddock_core::Code;
use paddock_store::StoreError;

/// Why a use case did not happen. Each variant maps to one stable [`Code`].
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{field}: {message}")]
    InvalidInput {
        field: &'static str,
        message: String,
    },
    #[error("The e-mail address or password is incorrect.")]
    InvalidCredentials,
    #[error("You are not signed in, or your session has expired.")]
    Unauthenticated,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("Too many failed sign-ins. Try again in {} minutes.", retry_after_secs.div_ceil(60))]
    TooManyAttempts { retry_after_secs: u64 },
    /// A workflow definition or its inputs, with every problem at its path.
    #[error("{field}: {problems}")]
    Problems {
        field: &'static str,
        problems: paddock_core::workflow::Problems,
    },
    /// Someone else saved first; `revision` is what is stored now.
    #[error("{message}")]
    EditConflict { message: String, revision: u64 },
    /// Still used elsewhere; the message says where.
    #[error("{0}")]
    InUse(String),
    /// Refused by a rule of promotion (review required, separation of duties, policy, evidence,
    /// freeze, a decided review); `details` says why, for clients to show.
    #[error("{message}")]
    Refused {
        code: Code,
        message: String,
        details: serde_json::Value,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A bug: something that cannot fail did.
    #[error("{0}")]
    Internal(String),
}

impl ServiceError {
    pub fn refused(code: Code, message: impl ToString, details: serde_json::Value) -> Self {
        ServiceError::Refused {
            code,
            message: message.to_string(),
            details,
        }
    }

    pub fn invalid(field: &'static str, message: impl ToString) -> Self {
        ServiceError::InvalidInput {
            field,
            message: message.to_string(),
        }
    }

    pub fn problems(field: &'static str, problems: paddock_core::workflow::Problems) -> Self {
        ServiceError::Problems { field, problems }
    }

    pub fn code(&self) -> Code {
        match self {
            ServiceError::InvalidInput { .. } | ServiceError::Problems { .. } => Code::InvalidInput,
            ServiceError::InvalidCredentials => Code::InvalidCredentials,
            ServiceError::Unauthenticated => Code::Unauthenticated,
            ServiceError::NotFound(_) => Code::NotFound,
            ServiceError::Forbidden(_) => Code::Forbidden,
            ServiceError::TooManyAttempts { .. } => Code::TooManyAttempts,
            ServiceError::EditConflict { .. } => Code::EditConflict,
            ServiceError::InUse(_) => Code::InUse,
            ServiceError::Refused { code, .. } => *code,
            ServiceError::Store(StoreError::UniqueViolation(_)) => Code::AlreadyExists,
            ServiceError::Store(error) if error.is_unavailable() => Code::DatabaseUnavailable,
            ServiceError::Store(_) | ServiceError::Internal(_) => Code::Internal,
        }
    }
}
