//! The API's one error shape: `{"error": {"status", "code", "parameter"?, "message"}}`, with
//! the HTTP status it names.
//!
//! Rules: a bad parameter is 400 and names the parameter; an unknown slug, code or address is
//! 404; nothing a client sends gives 500. Internal failures are logged where they happen and
//! answered with a fixed message, never with their details.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// What went wrong, as a client can act on it (the `code` field).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A parameter's value is not one the API accepts (400).
    BadParameter,
    /// A parameter the operation does not take (400).
    UnknownParameter,
    /// No such activity, organisation, country or address (404).
    NotFound,
    /// The address exists, but not for this method (405).
    MethodNotAllowed,
    /// The server failed; the details are in its log (500, 503).
    Internal,
}

/// The body of every error answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// One error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// The HTTP status, repeated for clients that only see the body.
    #[schema(minimum = 400, maximum = 599, example = 400)]
    pub status: u16,
    /// The kind of error.
    pub code: ErrorCode,
    /// The query parameter at fault, for `bad_parameter` and `unknown_parameter`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "per_page")]
    pub parameter: Option<String>,
    /// What went wrong and what is accepted, in English.
    #[schema(example = "must be a whole number from 1 to 100, found \"500\"")]
    pub message: String,
}

/// An error answer: its status and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    status: StatusCode,
    detail: ErrorDetail,
}

impl ApiError {
    fn new(
        status: StatusCode,
        code: ErrorCode,
        parameter: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            detail: ErrorDetail {
                status: status.as_u16(),
                code,
                parameter: parameter.map(str::to_string),
                message: message.into(),
            },
        }
    }

    /// 400: `parameter` has a value the API does not accept; `message` says what it takes.
    pub fn bad_parameter(parameter: &str, message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadParameter,
            Some(parameter),
            message,
        )
    }

    /// 400: the operation takes no parameter of this name.
    pub fn unknown_parameter(parameter: &str, accepted: &[&str]) -> Self {
        let message = if accepted.is_empty() {
            "this operation takes no query parameters".to_string()
        } else {
            format!(
                "not a parameter of this operation; it takes {}",
                accepted.join(", ")
            )
        };
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::UnknownParameter,
            Some(parameter),
            message,
        )
    }

    /// 404, saying what was not found.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, None, message)
    }

    /// The error for a status that some layer below the handlers chose (405 from the router,
    /// 503 from the timeout, …), with a generic message.
    pub fn from_status(status: StatusCode) -> Self {
        let code = match status {
            StatusCode::NOT_FOUND => ErrorCode::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
            s if s.is_server_error() => ErrorCode::Internal,
            _ => ErrorCode::BadParameter,
        };
        let message = match code {
            ErrorCode::NotFound => "no such address in this API; see /api/v1/openapi.json",
            ErrorCode::MethodNotAllowed => "this API only answers GET (and HEAD, OPTIONS)",
            ErrorCode::Internal => "the server could not answer; please try again later",
            _ => status.canonical_reason().unwrap_or("bad request"),
        };
        Self::new(status, code, None, message)
    }

    /// 500 or 503 after an internal failure, which is logged here (`what` says where).
    pub fn internal(what: &str, error: &dyn std::fmt::Display) -> Self {
        tracing::error!(%error, what, "API");
        Self::from_status(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What the body says.
    pub fn detail(&self) -> &ErrorDetail {
        &self.detail
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Self::internal("database", &error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorBody { error: self.detail })).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_error_names_the_parameter_and_its_status() {
        let e = ApiError::bad_parameter("per_page", "must be from 1 to 100");
        let body = serde_json::to_value(ErrorBody {
            error: e.detail.clone(),
        })
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"error": {
                "status": 400, "code": "bad_parameter", "parameter": "per_page",
                "message": "must be from 1 to 100"
            }})
        );
        let e = ApiError::not_found("no activity has the slug x");
        assert_eq!(e.status(), StatusCode::NOT_FOUND);
        let body = serde_json::to_value(&e.detail).unwrap();
        assert!(body.get("parameter").is_none(), "{body}");
        assert_eq!(
            ApiError::from_status(StatusCode::METHOD_NOT_ALLOWED)
                .detail
                .code,
            ErrorCode::MethodNotAllowed
        );
    }
}
