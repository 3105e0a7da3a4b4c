//! Errors as the Nango server sends them: an HTTP status and
//! `{"error": {"code", "message"?, "errors"?}}`, mapped in one place.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// An error answer.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: Option<String>,
    pub errors: Option<Value>,
}

impl ApiError {
    /// An error with a code and no message (as the real server sends for
    /// `unknown_provider_config`, `invalid_auth_mode`, ...).
    pub fn code(status: StatusCode, code: &'static str) -> ApiError {
        ApiError {
            status,
            code,
            message: None,
            errors: None,
        }
    }

    /// An error with a code and a message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: Some(message.into()),
            errors: None,
        }
    }

    /// A validation error with zod-style details.
    pub fn validation(code: &'static str, errors: Vec<Value>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code,
            message: None,
            errors: Some(Value::Array(errors)),
        }
    }

    /// A failure of the server itself.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            format!("Internal error: {detail}"),
        )
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> ApiError {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({ "code": self.code });
        if let Some(message) = self.message {
            error["message"] = Value::String(message);
        }
        if let Some(errors) = self.errors {
            error["errors"] = errors;
        }
        (self.status, Json(json!({ "error": error }))).into_response()
    }
}

/// A zod-style issue: `{code, message, path}`.
pub fn issue(code: &str, message: impl Into<String>, path: &[&str]) -> Value {
    json!({ "code": code, "message": message.into(), "path": path })
}
