//! Why the account side refused something: [`WorkflowError`] for a change (a proposal, a
//! decision, an invitation, a login check) and [`CreateAdminError`] for the command line's
//! first administrator.
//!
//! Rules: a refusal maps to one [`AppError`] (401, 403, 404, 400) for the server functions;
//! the server crate's form handlers turn [`WorkflowError::Invalid`] into the page again
//! with its problems. Database failures stay opaque to visitors.

use crate::error::AppError;
use crate::forms::FieldError;

/// Why a change was refused.
#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    #[error("not logged in")]
    Unauthorized,
    #[error("not allowed for this account")]
    Forbidden,
    #[error("no such thing")]
    NotFound,
    #[error("the form has problems")]
    Invalid(Vec<FieldError>),
    /// A change proposal made from a revision that is no longer the published one: approving
    /// it would overwrite what changed since.
    #[error("the activity changed since the proposal was made")]
    Conflict,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl From<WorkflowError> for AppError {
    fn from(error: WorkflowError) -> Self {
        match error {
            WorkflowError::Unauthorized => AppError::Unauthorized,
            WorkflowError::Forbidden => AppError::Forbidden,
            WorkflowError::NotFound => AppError::NotFound,
            WorkflowError::Invalid(_) | WorkflowError::Conflict => AppError::BadRequest,
            WorkflowError::Database(e) => AppError::from(e),
        }
    }
}

/// Why `server create-admin` refused.
#[derive(Debug, thiserror::Error)]
pub enum CreateAdminError {
    #[error("{0:?} is not an email address")]
    Email(String),
    #[error(
        "the password must have at least {} characters",
        crate::forms::MIN_PASSWORD
    )]
    Password,
    #[error("an account with this email already exists")]
    Exists,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}
