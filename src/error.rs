//! The one error type of the SDK.
//!
//! Every failure, whether found before any request, reported by the Nango
//! server or caused by the browser or the network, is an [`AuthError`] with
//! an [`ErrorKind`] (its `type` string is the one the official JavaScript SDK
//! uses, or the server's error code), a message that is never empty, and the
//! HTTP status when the server answered.
//!
//! Checks the SDK makes before sending anything report the code the Nango
//! server would have answered for the same fault (`invalid_uri_params` for a
//! malformed integration id, `invalid_connect_session_token_format`, ...), so
//! an app handles a fault the same way wherever it is caught.

use std::fmt;

/// What went wrong, as the `type` string of the official SDK's `AuthError`.
///
/// ```
/// use nango_frontend::{AuthError, ErrorKind};
///
/// let e = AuthError::new(ErrorKind::from_code("unknown_provider_config"), "");
/// assert!(matches!(e.kind(), ErrorKind::Server(code) if code == "unknown_provider_config"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// No connect session token and no public key were given.
    MissingAuthToken,
    /// `reconnect()` was called without a connect session token.
    MissingConnectSessionToken,
    /// The host (or websockets path) is not a usable http(s) URL.
    InvalidHostUrl,
    /// The credentials given are empty or lack a required field.
    MissingCredentials,
    /// The browser refused to open the popup.
    BlockedByBrowser,
    /// The user closed the popup before the flow finished.
    WindowClosed,
    /// The request did not reach the server or its answer was lost
    /// (offline, DNS, CORS, connection reset).
    NetworkError,
    /// The flow took longer than the timeout the app set.
    Timeout,
    /// The app aborted the flow (its `AbortSignal`).
    Aborted,
    /// The flow was ended by a newer `auth()` or by `clear()`.
    Cancelled,
    /// The popup reported success but the connection id was lost with the
    /// WebSocket: the connection exists, its id did not reach the browser.
    ConnectionIdUnavailable,
    /// A browser-only method was called where there is no browser window
    /// (server-side rendering, a worker).
    UnsupportedEnvironment,
    /// The connect session token is not `nango_connect_session_` + 64 hex digits.
    InvalidConnectSessionTokenFormat,
    /// The public key is not a UUID.
    InvalidPublicKey,
    /// An option of the client or of a call has the wrong type or value.
    InvalidOptions,
    /// The integration id (provider config key) is empty or has characters
    /// the server refuses.
    InvalidUriParams,
    /// A query parameter (connection param, user scope, ...) is malformed.
    InvalidQueryParams,
    /// A credentials field is malformed.
    InvalidBody,
    /// An answer the SDK could not read, or a failure with no code.
    UnknownError,
    /// Any other code sent by the server (`unknown_provider_config`,
    /// `invalid_credentials`, `callback_err`, ...).
    Server(String),
}

impl ErrorKind {
    /// The `type` string, as JavaScript sees it on `AuthError.type`.
    ///
    /// ```
    /// # use nango_frontend::ErrorKind;
    /// assert_eq!(ErrorKind::WindowClosed.as_str(), "window_closed");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            ErrorKind::MissingAuthToken => "missing_auth_token",
            ErrorKind::MissingConnectSessionToken => "missing_connect_session_token",
            ErrorKind::InvalidHostUrl => "invalid_host_url",
            ErrorKind::MissingCredentials => "missing_credentials",
            ErrorKind::BlockedByBrowser => "blocked_by_browser",
            ErrorKind::WindowClosed => "window_closed",
            ErrorKind::NetworkError => "network_error",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::ConnectionIdUnavailable => "connection_id_unavailable",
            ErrorKind::UnsupportedEnvironment => "unsupported_environment",
            ErrorKind::InvalidConnectSessionTokenFormat => "invalid_connect_session_token_format",
            ErrorKind::InvalidPublicKey => "invalid_public_key",
            ErrorKind::InvalidOptions => "invalid_options",
            ErrorKind::InvalidUriParams => "invalid_uri_params",
            ErrorKind::InvalidQueryParams => "invalid_query_params",
            ErrorKind::InvalidBody => "invalid_body",
            ErrorKind::UnknownError => "unknown_error",
            ErrorKind::Server(code) => code,
        }
    }

    /// The kind for an error code sent by the server.
    ///
    /// ```
    /// # use nango_frontend::ErrorKind;
    /// assert_eq!(ErrorKind::from_code("timeout"), ErrorKind::Timeout);
    /// assert_eq!(ErrorKind::from_code("callback_err"), ErrorKind::Server("callback_err".into()));
    /// ```
    pub fn from_code(code: &str) -> ErrorKind {
        const KNOWN: [ErrorKind; 19] = [
            ErrorKind::MissingAuthToken,
            ErrorKind::MissingConnectSessionToken,
            ErrorKind::InvalidHostUrl,
            ErrorKind::MissingCredentials,
            ErrorKind::BlockedByBrowser,
            ErrorKind::WindowClosed,
            ErrorKind::NetworkError,
            ErrorKind::Timeout,
            ErrorKind::Aborted,
            ErrorKind::Cancelled,
            ErrorKind::ConnectionIdUnavailable,
            ErrorKind::UnsupportedEnvironment,
            ErrorKind::InvalidConnectSessionTokenFormat,
            ErrorKind::InvalidPublicKey,
            ErrorKind::InvalidOptions,
            ErrorKind::InvalidUriParams,
            ErrorKind::InvalidQueryParams,
            ErrorKind::InvalidBody,
            ErrorKind::UnknownError,
        ];
        KNOWN
            .into_iter()
            .find(|k| k.as_str() == code)
            .unwrap_or_else(|| ErrorKind::Server(code.to_owned()))
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failed auth call.
///
/// ```
/// use nango_frontend::{AuthError, ErrorKind};
///
/// let err = AuthError::new(ErrorKind::MissingAuthToken, "no token");
/// assert_eq!(err.error_type(), "missing_auth_token");
/// assert_eq!(err.to_string(), "no token");
/// assert_eq!(err.status(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct AuthError {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
}

impl AuthError {
    /// An error of `kind`; an empty `message` is replaced by a generic one.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> AuthError {
        let mut message = message.into();
        if message.trim().is_empty() {
            message = default_message(&kind);
        }
        AuthError {
            kind,
            message,
            status: None,
        }
    }

    /// `{group}.{name} must be a string.`: a member of a group (credentials,
    /// params, ...) of the wrong type, with the code the server would answer.
    pub(crate) fn not_a_string(kind: ErrorKind, group: &str, name: &str) -> AuthError {
        AuthError::new(kind, format!("{group}.{name} must be a string."))
    }

    /// The same error, with the HTTP status of the server's answer.
    ///
    /// ```
    /// # use nango_frontend::{AuthError, ErrorKind};
    /// let e = AuthError::new(ErrorKind::UnknownError, "Bad gateway").with_status(502);
    /// assert_eq!(e.status(), Some(502));
    /// ```
    pub fn with_status(mut self, status: u16) -> AuthError {
        self.status = Some(status);
        self
    }

    /// What went wrong.
    ///
    /// ```
    /// # use nango_frontend::{AuthError, ErrorKind};
    /// let e = AuthError::new(ErrorKind::Timeout, "too slow");
    /// assert_eq!(e.kind(), &ErrorKind::Timeout);
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The `type` string (`AuthError.type` in JavaScript).
    ///
    /// ```
    /// # use nango_frontend::{AuthError, ErrorKind};
    /// assert_eq!(AuthError::new(ErrorKind::Cancelled, "").error_type(), "cancelled");
    /// ```
    pub fn error_type(&self) -> &str {
        self.kind.as_str()
    }

    /// A human-readable description, never empty.
    ///
    /// ```
    /// # use nango_frontend::{AuthError, ErrorKind};
    /// assert_eq!(AuthError::new(ErrorKind::Timeout, "").message(), "The authorization failed (timeout).");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status of the server's answer, when there was one.
    ///
    /// ```
    /// # use nango_frontend::{AuthError, ErrorKind};
    /// assert_eq!(AuthError::new(ErrorKind::NetworkError, "offline").status(), None);
    /// ```
    pub fn status(&self) -> Option<u16> {
        self.status
    }
}

/// A sentence for an error that came without one (every error this SDK
/// makes itself has its own).
fn default_message(kind: &ErrorKind) -> String {
    match kind {
        ErrorKind::Server(code) => format!("The Nango server answered with the error \"{code}\"."),
        known => format!("The authorization failed ({known})."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // In the browser (wasm-pack test --lib) the same tests run on wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn codes_round_trip_through_kinds() {
        for code in [
            "missing_auth_token",
            "invalid_uri_params",
            "unknown_error",
            "window_closed",
            "cancelled",
        ] {
            let kind = ErrorKind::from_code(code);
            assert!(
                !matches!(kind, ErrorKind::Server(_)),
                "{code} should be a known kind"
            );
            assert_eq!(kind.as_str(), code);
        }
        assert_eq!(
            ErrorKind::from_code("unknown_provider_config"),
            ErrorKind::Server("unknown_provider_config".into())
        );
        assert_eq!(
            ErrorKind::from_code("callback_err").as_str(),
            "callback_err"
        );
    }

    #[test]
    fn message_is_never_empty() {
        let err = AuthError::new(ErrorKind::Server("resource_capped".into()), "  ");
        assert_eq!(
            err.message(),
            "The Nango server answered with the error \"resource_capped\"."
        );
        let err = AuthError::new(ErrorKind::Timeout, "").with_status(504);
        assert_eq!(err.message(), "The authorization failed (timeout).");
        assert_eq!(err.status(), Some(504));
    }
}
