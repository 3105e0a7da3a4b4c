//! Checks every public auth route makes, in the real server's order: who is
//! calling (session token or public key), the query, the integration id, the
//! integration and its auth mode, the session's allowed integrations, the
//! connection params.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use crate::config::{matches_pattern, Integration};
use crate::error::{issue, ApiError};
use crate::query::Query;
use crate::state::AppState;
use crate::store::Session;

/// Prefix of connect session tokens.
pub const TOKEN_PREFIX: &str = "nango_connect_session_";

/// Who makes an auth request.
#[derive(Debug, Clone)]
pub enum Caller {
    /// An end user holding a connect session token.
    Session(Session),
    /// The deprecated public-key mode.
    PublicKey,
}

/// `nango_connect_session_` + 64 lower-case hex digits.
pub fn is_token_format(token: &str) -> bool {
    token.strip_prefix(TOKEN_PREFIX).is_some_and(|hex| {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// Authenticates the caller from the query string.
pub fn authenticate(state: &AppState, q: &Query) -> Result<Caller, ApiError> {
    if let Some(token) = q.get("connect_session_token") {
        if !is_token_format(token) {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_connect_session_token_format",
                "Invalid connect session token format",
            ));
        }
        return match state.store.session(token)? {
            Some(session) => Ok(Caller::Session(session)),
            None => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unknown_connect_session_token",
                "Authentication failed. The provided connect session token does not match any account.",
            )),
        };
    }
    if let Some(key) = q.get("public_key") {
        if key != state.public_key {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_public_key",
                "The public key does not match any environment of this server.",
            ));
        }
        return Ok(Caller::PublicKey);
    }
    Err(ApiError::new(
        StatusCode::UNAUTHORIZED,
        "missing_public_key",
        "Missing public key or connect session token.",
    ))
}

/// A checked auth request, ready to make a connection.
#[derive(Debug, Clone)]
pub struct AuthRequest {
    pub integration: Integration,
    pub connection_id: String,
    pub connection_config: Map<String, Value>,
    pub end_user: Option<Value>,
}

fn is_integration_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 255
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"~:.@ _-".contains(&b))
}

fn is_connection_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 255
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b",.;:=+~[]|@${}\"'\\/_ -".contains(&b))
}

/// Runs the checks after authentication, for an integration that must use
/// one of `modes`.
pub fn prepare(
    state: &AppState,
    caller: &Caller,
    key: &str,
    q: &Query,
    modes: &[&str],
) -> Result<AuthRequest, ApiError> {
    let requested_connection_id = q.get("connection_id");
    if let Some(id) = requested_connection_id {
        if !is_connection_id(id) {
            return Err(ApiError::validation(
                "invalid_query_params",
                vec![issue("invalid_string", "Invalid", &["connection_id"])],
            ));
        }
        if matches!(caller, Caller::Session(_)) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_query_params",
                "connection_id is forbidden when using session token",
            ));
        }
    }
    if !is_integration_id(key) {
        return Err(ApiError::validation(
            "invalid_uri_params",
            vec![issue("invalid_string", "Invalid", &["providerConfigKey"])],
        ));
    }
    let integration = state
        .integration(key)
        .ok_or_else(|| ApiError::code(StatusCode::NOT_FOUND, "unknown_provider_config"))?;
    if !modes.contains(&integration.auth_mode.as_str()) {
        return Err(ApiError::code(StatusCode::BAD_REQUEST, "invalid_auth_mode"));
    }
    let mut connection_id =
        requested_connection_id.map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    let mut end_user = None;
    let mut connection_config = Map::new();
    if let Caller::Session(session) = caller {
        if let Some(allowed) = &session.allowed_integrations {
            if !allowed.iter().any(|a| a == key) {
                return Err(ApiError::code(
                    StatusCode::BAD_REQUEST,
                    "integration_not_allowed",
                ));
            }
        }
        if let Some(reconnect) = &session.reconnect_connection_id {
            if state.store.connection(reconnect, Some(key))?.is_none() {
                return Err(ApiError::code(
                    StatusCode::BAD_REQUEST,
                    "invalid_connection",
                ));
            }
            connection_id = reconnect.clone();
        }
        end_user = Some(session.end_user.clone());
        // Defaults set by the app's backend for this integration come first.
        if let Some(Value::Object(defaults)) = session
            .integrations_config_defaults
            .as_ref()
            .and_then(|d| d.get(key))
            .and_then(|d| d.get("connection_config"))
        {
            connection_config.extend(defaults.clone());
        }
    }
    connection_config.extend(q.group_object("params"));
    check_connection_config(integration, &connection_config)?;
    Ok(AuthRequest {
        integration: integration.clone(),
        connection_id,
        connection_config,
        end_user,
    })
}

/// Required params present, values matching their pattern.
fn check_connection_config(
    integration: &Integration,
    config: &Map<String, Value>,
) -> Result<(), ApiError> {
    for param in &integration.connection_config {
        match config.get(&param.name).and_then(Value::as_str) {
            None | Some("") if param.required => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "missing_connection_config_param",
                    format!(
                        "Missing connection config param '{}' for integration '{}'.",
                        param.name, integration.unique_key
                    ),
                ))
            }
            Some(value) if !value.is_empty() => {
                if let Some(pattern) = &param.pattern {
                    if !matches_pattern(pattern, value) {
                        return Err(ApiError::new(
                            StatusCode::BAD_REQUEST,
                            "invalid_connection_config",
                            format!(
                                "Connection config param '{}' does not match {pattern}.",
                                param.name
                            ),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}
