//! Reading the server's answer to an auth POST: the connection it made, or
//! an [`AuthError`] with the server's code, a readable message (also when the
//! server sent none, or sent a proxy's HTML page) and the HTTP status.

use serde::{Deserialize, Serialize};

use crate::de::Member;
use crate::error::{AuthError, ErrorKind};

/// A connection made (or updated) by an auth call.
///
/// It serializes as the official SDK's result object:
///
/// ```
/// use nango_frontend::AuthSuccess;
///
/// let ok = AuthSuccess { provider_config_key: "zendesk".into(), connection_id: "c-1".into(), is_pending: None };
/// assert_eq!(serde_json::to_string(&ok).unwrap(), r#"{"providerConfigKey":"zendesk","connectionId":"c-1"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthSuccess {
    /// The integration id (provider config key).
    pub provider_config_key: String,
    /// The id of the connection.
    pub connection_id: String,
    /// Set by the server when the connection still waits for something
    /// (for example an outbound installation); `None` when it did not say.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub is_pending: Option<bool>,
}

/// Longest piece of a non-JSON body quoted in an error message.
const QUOTE_LIMIT: usize = 120;

/// What an answer's JSON may hold: a connection, or an error. An answer
/// of another shape is described by its text.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Answer {
    provider_config_key: Option<String>,
    connection_id: Option<String>,
    is_pending: Option<bool>,
    /// `{"code", "message"?, "errors"?}` (an answer whose `error` is of
    /// another shape is described by its text).
    error: Member<ErrorBody>,
    message: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ErrorBody {
    code: Option<String>,
    message: Option<String>,
    errors: Vec<ValidationError>,
}

/// One validation error: `{path: ["apiKey"], message: "Required"}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ValidationError {
    message: String,
    /// Member names (an array index makes it unreadable: then it is left out).
    path: Member<Vec<String>>,
}

/// Decodes an answer: `status` and `body` as received.
pub fn decode(status: u16, body: &str) -> Result<AuthSuccess, AuthError> {
    let answer: Option<Answer> = crate::json::from_str(body);
    if (200..300).contains(&status) {
        return answer.and_then(success_from).ok_or_else(|| {
            AuthError::new(
                ErrorKind::UnknownError,
                format!(
                    "The Nango server answered HTTP {status} without a connection ({}).",
                    describe_body(body)
                ),
            )
            .with_status(status)
        });
    }
    Err(error_from(status, answer, body))
}

fn success_from(answer: Answer) -> Option<AuthSuccess> {
    Some(AuthSuccess {
        provider_config_key: answer.provider_config_key?,
        connection_id: answer.connection_id?,
        is_pending: answer.is_pending,
    })
}

fn error_from(status: u16, answer: Option<Answer>, body: &str) -> AuthError {
    let (code, message) = match answer {
        // {"error": {"code": "...", "message"?: "...", "errors"?: [...]}}
        Some(Answer {
            error: Member::Given(e),
            ..
        }) => {
            let message = e.message.filter(|m| !m.trim().is_empty());
            (
                e.code.filter(|c| !c.is_empty()),
                message.or_else(|| validation_details(e.errors)),
            )
        }
        Some(Answer {
            error: Member::Invalid(_),
            ..
        }) => (None, None),
        Some(answer) => (None, answer.message),
        None => (None, None),
    };
    let kind = code
        .as_deref()
        .map_or(ErrorKind::UnknownError, ErrorKind::from_code);
    let message = message.unwrap_or_else(|| match &code {
        Some(code) => known_message(code).map_or_else(
            || format!("The Nango server refused the request ({code}, HTTP {status})."),
            str::to_owned,
        ),
        None => format!(
            "The Nango server answered HTTP {status} ({}).",
            describe_body(body)
        ),
    });
    AuthError::new(kind, message).with_status(status)
}

/// Messages for the codes the server sends without one.
fn known_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "unknown_provider_config" => "This integration does not exist on the Nango server.",
        "unknown_provider_template" => {
            "The provider of this integration is unknown to the Nango server."
        }
        "invalid_auth_mode" => "This integration does not use this auth mode.",
        "invalid_credentials" => "The credentials were refused.",
        "integration_not_allowed" => "This connect session does not allow this integration.",
        "invalid_connection" => "The connection to reconnect does not exist.",
        "missing_public_key" => "The request had no connect session token or public key.",
        "invalid_connect_session_token_format" => "The connect session token is malformed.",
        "unknown_connect_session_token" => "The connect session token is unknown or has expired.",
        "resource_capped" => "The Nango account has reached its connection limit.",
        "unauthorized" => "The request was not authorized.",
        _ => return None,
    })
}

/// `errors: [{path: ["apiKey"], message: "Required"}]` as `apiKey: Required`.
fn validation_details(errors: Vec<ValidationError>) -> Option<String> {
    let parts: Vec<String> = errors
        .into_iter()
        .filter(|item| !item.message.is_empty())
        .map(|item| {
            let path = match item.path {
                Member::Given(path) => path,
                _ => Vec::new(),
            };
            if path.is_empty() {
                item.message
            } else {
                format!("{}: {}", path.join("."), item.message)
            }
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A short, single-line description of a body that is not what was expected.
fn describe_body(body: &str) -> String {
    let body = body.trim();
    if body.is_empty() {
        return "empty body".to_owned();
    }
    // One line: line breaks and tabs as spaces.
    let quote: String = body
        .chars()
        .take(QUOTE_LIMIT)
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let ellipsis = if quote.len() < body.len() { "…" } else { "" };
    format!("body: \"{quote}{ellipsis}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    // In the browser (wasm-pack test --lib) the same tests run on wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn success_gives_the_connection() {
        let ok = decode(
            200,
            r#"{"connectionId":"c-1","providerConfigKey":"zendesk"}"#,
        )
        .unwrap();
        assert_eq!(
            ok,
            AuthSuccess {
                provider_config_key: "zendesk".into(),
                connection_id: "c-1".into(),
                is_pending: None
            }
        );
        let pending = decode(
            201,
            r#"{"connectionId":"c","providerConfigKey":"k","isPending":true}"#,
        )
        .unwrap();
        assert_eq!(pending.is_pending, Some(true));
    }

    #[test]
    fn server_errors_keep_code_message_and_status() {
        let e = decode(401, r#"{"error":{"message":"Authentication failed. The provided connect session token does not match any account.","code":"unknown_connect_session_token","payload":{}}}"#).unwrap_err();
        assert_eq!(e.error_type(), "unknown_connect_session_token");
        assert!(e.message().starts_with("Authentication failed."));
        assert_eq!(e.status(), Some(401));
    }

    #[test]
    fn errors_without_message_get_one() {
        let e = decode(404, r#"{"error":{"code":"unknown_provider_config"}}"#).unwrap_err();
        assert_eq!(e.error_type(), "unknown_provider_config");
        assert_eq!(
            e.message(),
            "This integration does not exist on the Nango server."
        );
        let e = decode(400, r#"{"error":{"code":"brand_new_code"}}"#).unwrap_err();
        assert_eq!(
            e.message(),
            "The Nango server refused the request (brand_new_code, HTTP 400)."
        );
    }

    #[test]
    fn validation_errors_are_spelled_out() {
        let e = decode(400, r#"{"error":{"code":"invalid_body","errors":[{"code":"invalid_type","message":"Required","path":["apiKey"]},{"code":"unrecognized_keys","message":"Unrecognized key(s) in object: 'x'","path":[]}]}}"#).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidBody);
        assert_eq!(
            e.message(),
            "apiKey: Required; Unrecognized key(s) in object: 'x'"
        );
    }

    #[test]
    fn non_json_and_odd_bodies_are_unknown_errors_with_a_readable_message() {
        let e = decode(502, "<html>\n<h1>502 Bad Gateway</h1></html>\n").unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::UnknownError);
        assert_eq!(e.status(), Some(502));
        assert_eq!(
            e.message(),
            r#"The Nango server answered HTTP 502 (body: "<html> <h1>502 Bad Gateway</h1></html>")."#
        );
        let e = decode(500, "").unwrap_err();
        assert_eq!(
            e.message(),
            "The Nango server answered HTTP 500 (empty body)."
        );
        let long = "x".repeat(1000);
        assert!(decode(503, &long).unwrap_err().message().len() < 200);
        // Another shape of error is quoted for the developer.
        let e = decode(429, r#"{"error":"Too many requests"}"#).unwrap_err();
        assert_eq!((e.error_type(), e.status()), ("unknown_error", Some(429)));
        assert!(e.message().contains("Too many requests"), "{}", e.message());
        let e = decode(400, r#"{"error":{"code":""}}"#).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::UnknownError);
        let e = decode(400, r#"[1,2]"#).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::UnknownError);
    }

    #[test]
    fn a_2xx_without_a_connection_is_an_error_not_a_fake_success() {
        for body in [
            "",
            "OK",
            "{}",
            r#"{"connectionId":5,"providerConfigKey":"k"}"#,
        ] {
            let e = decode(200, body).unwrap_err();
            assert_eq!(e.kind(), &ErrorKind::UnknownError, "{body}");
            assert_eq!(e.status(), Some(200));
        }
    }
}
