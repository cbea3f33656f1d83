//! The one error type that crosses from server functions to pages.
//!
//! Rules: a variant says what the *user* can do about it, not what broke inside. Internals
//! (database messages, file paths) are logged on the server where they happen and never put
//! into a variant, so nothing internal is serialised to the browser.

use crate::i18n::{Key, Locale};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    /// The thing asked for does not exist.
    #[error("not found")]
    NotFound,
    /// The request was malformed (bad arguments to a server function).
    #[error("bad request")]
    BadRequest,
    /// The browser could not reach the server.
    #[error("network error")]
    Network,
    /// Nobody is logged in, and the thing asked for needs an account.
    #[error("not logged in")]
    Unauthorized,
    /// The account logged in may not do this.
    #[error("forbidden")]
    Forbidden,
    /// Something failed on the server; the details are in the server log.
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// The HTTP status that goes with the error.
    pub fn status(&self) -> http::StatusCode {
        match self {
            AppError::NotFound => http::StatusCode::NOT_FOUND,
            AppError::BadRequest => http::StatusCode::BAD_REQUEST,
            AppError::Network => http::StatusCode::BAD_GATEWAY,
            AppError::Unauthorized => http::StatusCode::UNAUTHORIZED,
            AppError::Forbidden => http::StatusCode::FORBIDDEN,
            AppError::Internal => http::StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the reader is told, in their language.
    pub fn message(&self, locale: Locale) -> &'static str {
        locale.t(match self {
            AppError::NotFound => Key::NotFoundBody,
            AppError::BadRequest => Key::ErrorBadRequest,
            AppError::Network => Key::ErrorNetwork,
            AppError::Unauthorized => Key::ErrorUnauthorized,
            AppError::Forbidden => Key::ErrorForbidden,
            AppError::Internal => Key::ErrorBody,
        })
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) => AppError::Network,
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::BadRequest,
            // On the server, a body that does not decode is a malformed request (the JSON
            // arguments of `input = Json` functions); in the browser it would be the server's
            // answer, which stays an internal error.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => AppError::BadRequest,
            other => {
                tracing::error!(error = %other, "server function failed");
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "database error");
        AppError::Internal
    }
}
