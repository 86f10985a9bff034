//! The stable error codes of the API. Each code has one HTTP status and one meaning; clients
//! match on the name, which never changes once released. `docs/errors.md` is generated from
//! [`Code::ALL`] and a test fails when it drifts.

/// A stable, machine-readable error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    InvalidJson,
    InvalidInput,
    UnsupportedMediaType,
    PayloadTooLarge,
    Unauthenticated,
    InvalidCredentials,
    CsrfRejected,
    Forbidden,
    RouteNotFound,
    NotFound,
    MethodNotAllowed,
    AlreadyExists,
    EditConflict,
    InUse,
    ReviewRequired,
    SeparationOfDuties,
    PolicyViolation,
    EvidenceRequired,
    Frozen,
    ReviewClosed,
    TooManyAttempts,
    NotInAudience,
    RateLimited,
    QuotaExceeded,
    IdempotencyConflict,
    Expired,
    DatabaseUnavailable,
    Internal,
}

impl Code {
    pub const ALL: [Code; 28] = [
        Code::InvalidJson,
        Code::InvalidInput,
        Code::UnsupportedMediaType,
        Code::PayloadTooLarge,
        Code::Unauthenticated,
        Code::InvalidCredentials,
        Code::CsrfRejected,
        Code::Forbidden,
        Code::RouteNotFound,
        Code::NotFound,
        Code::MethodNotAllowed,
        Code::AlreadyExists,
        Code::EditConflict,
        Code::InUse,
        Code::ReviewRequired,
        Code::SeparationOfDuties,
        Code::PolicyViolation,
        Code::EvidenceRequired,
        Code::Frozen,
        Code::ReviewClosed,
        Code::TooManyAttempts,
        Code::NotInAudience,
        Code::RateLimited,
        Code::QuotaExceeded,
        Code::IdempotencyConflict,
        Code::Expired,
        Code::DatabaseUnavailable,
        Code::Internal,
    ];

    /// The stable name sent as `error.code`.
    pub const fn name(self) -> &'static str {
        match self {
            Code::InvalidJson => "invalid_json",
            Code::InvalidInput => "invalid_input",
            Code::UnsupportedMediaType => "unsupported_media_type",
            Code::PayloadTooLarge => "payload_too_large",
            Code::Unauthenticated => "unauthenticated",
            Code::InvalidCredentials => "invalid_credentials",
            Code::CsrfRejected => "csrf_rejected",
            Code::Forbidden => "forbidden",
            Code::RouteNotFound => "route_not_found",
            Code::NotFound => "not_found",
            Code::MethodNotAllowed => "method_not_allowed",
            Code::AlreadyExists => "already_exists",
            Code::EditConflict => "edit_conflict",
            Code::InUse => "in_use",
            Code::ReviewRequired => "review_required",
            Code::SeparationOfDuties => "separation_of_duties",
            Code::PolicyViolation => "policy_violation",
            Code::EvidenceRequired => "evidence_required",
            Code::Frozen => "frozen",
            Code::ReviewClosed => "review_closed",
            Code::TooManyAttempts => "too_many_attempts",
            Code::NotInAudience => "not_in_audience",
            Code::RateLimited => "rate_limited",
            Code::QuotaExceeded => "quota_exceeded",
            Code::IdempotencyConflict => "idempotency_conflict",
            Code::Expired => "expired",
            Code::DatabaseUnavailable => "database_unavailable",
            Code::Internal => "internal",
        }
    }

    /// The HTTP status that always accompanies this code.
    pub const fn http_status(self) -> u16 {
        match self {
            Code::InvalidJson => 400,
            Code::InvalidInput => 422,
            Code::UnsupportedMediaType => 415,
            Code::PayloadTooLarge => 413,
            Code::Unauthenticated | Code::InvalidCredentials => 401,
            Code::CsrfRejected
            | Code::Forbidden
            | Code::ReviewRequired
            | Code::SeparationOfDuties
            | Code::NotInAudience => 403,
            Code::RouteNotFound | Code::NotFound => 404,
            Code::MethodNotAllowed => 405,
            Code::AlreadyExists
            | Code::EditConflict
            | Code::InUse
            | Code::PolicyViolation
            | Code::EvidenceRequired
            | Code::Frozen
            | Code::ReviewClosed
            | Code::IdempotencyConflict => 409,
            Code::TooManyAttempts | Code::RateLimited | Code::QuotaExceeded => 429,
            Code::Expired => 410,
            Code::DatabaseUnavailable => 503,
            Code::Internal => 500,
        }
    }

    /// When the code is returned, for the documentation.
    pub const fn meaning(self) -> &'static str {
        match self {
            Code::InvalidJson => {
                "The body is not valid JSON or does not have the expected shape; `details` says where it broke."
            }
            Code::InvalidInput => {
                "The request is well-formed but a value is not acceptable; `details.field` names it."
            }
            Code::UnsupportedMediaType => "The body is not sent as `application/json`.",
            Code::PayloadTooLarge => {
                "The body is larger than the server accepts; `details.limit_bytes` gives the limit."
            }
            Code::Unauthenticated => {
                "No valid session cookie or API key was sent, or the session expired."
            }
            Code::InvalidCredentials => {
                "The e-mail address or password is wrong, or the account is disabled."
            }
            Code::CsrfRejected => {
                "A cookie-authenticated write came without the session's `X-CSRF-Token` header."
            }
            Code::Forbidden => {
                "The caller is signed in but the permission table does not allow this action."
            }
            Code::RouteNotFound => "No API route has this path.",
            Code::NotFound => {
                "The addressed resource does not exist or is not visible to the caller."
            }
            Code::MethodNotAllowed => {
                "The path exists but not with this HTTP method; the `Allow` header lists the methods."
            }
            Code::AlreadyExists => "A resource with the same unique name already exists.",
            Code::InUse => "The resource is still used elsewhere; the message says where.",
            Code::ReviewRequired => {
                "The environment's publishing rule asks for a review before this version is deployed there: submit it for review."
            }
            Code::SeparationOfDuties => {
                "Whoever wrote or edited a version may not approve it; another approver must."
            }
            Code::PolicyViolation => {
                "The version breaks the policy of the environment; `details.violations` says where."
            }
            Code::EvidenceRequired => {
                "The version has not yet run successfully in the environment before this one."
            }
            Code::Frozen => {
                "The deployment is frozen, or the environment is in a freeze window; nothing new starts or is deployed until it ends."
            }
            Code::ReviewClosed => {
                "The review was decided already; submit the version again to reopen it."
            }
            Code::EditConflict => {
                "Someone else saved the resource after the version the change was based on; `details.revision` is the current one. Reload, reapply the change, and save again."
            }
            Code::TooManyAttempts => {
                "Too many failed sign-ins for this account or from this address; sign-in is locked for a while. The `Retry-After` header and `details.retry_after_seconds` say how long."
            }
            Code::NotInAudience => {
                "The app is not published to the caller: they are in none of the groups of its audience for this interface."
            }
            Code::RateLimited => {
                "The caller started more runs of this app in the last minute than its interface allows; `Retry-After` says when to try again."
            }
            Code::QuotaExceeded => {
                "The caller used up today's quota of runs of this app through this interface; it renews at midnight UTC."
            }
            Code::IdempotencyConflict => {
                "The `Idempotency-Key` was used before with a different request; use a new key for a new request."
            }
            Code::Expired => {
                "It existed but is kept no longer: a run's document past its retention. The run still says what it was."
            }
            Code::DatabaseUnavailable => "The database cannot be reached; retry later.",
            Code::Internal => {
                "An unexpected error on the server; the `X-Request-Id` header identifies it in the logs."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_snake_case() {
        let names: HashSet<_> = Code::ALL.iter().map(|code| code.name()).collect();
        assert_eq!(names.len(), Code::ALL.len());
        for name in names {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
        }
    }

    #[test]
    fn statuses_are_errors() {
        for code in Code::ALL {
            assert!((400..600).contains(&code.http_status()), "{code:?}");
        }
    }
}
