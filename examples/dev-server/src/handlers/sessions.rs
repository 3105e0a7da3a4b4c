//! Connect sessions: made by the app's backend with the secret key, then used
//! by the end user's browser with the token.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use crate::error::{issue, ApiError};
use crate::state::{AppState, SharedState};
use crate::store::{now, Session, SESSION_TTL_SECS};

/// The `Bearer` token of the request.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Checks `Authorization: Bearer <secret key>`.
pub fn require_secret_key(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    match bearer(headers) {
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing_auth_header",
            "Authentication failed. The request is missing the Authorization header.",
        )),
        Some(key) if key == state.secret_key => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unknown_account",
            "Authentication failed. The provided secret key does not match any account.",
        )),
    }
}

/// The session of `Authorization: Bearer <connect session token>`.
fn require_session(state: &AppState, headers: &HeaderMap) -> Result<Session, ApiError> {
    let token = bearer(headers).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing_auth_header",
            "Authentication failed. The request is missing the Authorization header.",
        )
    })?;
    state.store.session(token)?.ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unknown_connect_session_token",
            "Authentication failed. The provided connect session token does not match any account.",
        )
    })
}

fn new_token() -> String {
    format!(
        "nango_connect_session_{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

fn created(state: &AppState, session: Session) -> Result<(StatusCode, Json<Value>), ApiError> {
    state.store.insert_session(&session)?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "data": {
            "token": session.token,
            "connect_link": format!("{}/connect?session_token={}", state.self_url(), session.token),
            "expires_at": rfc3339(session.expires_at),
        }})),
    ))
}

/// `POST /connect/sessions` (secret key): `{end_user: {id, email?, display_name?},
/// organization?, allowed_integrations?, integrations_config_defaults?}`.
pub async fn create(
    State(state): State<SharedState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<impl IntoResponse, ApiError> {
    require_secret_key(&state, &headers)?;
    let body = super::credentials::read_json_body(&headers, &body)?;
    let end_user = body.get("end_user").cloned().unwrap_or(Value::Null);
    let mut issues = Vec::new();
    match end_user.get("id") {
        Some(Value::String(id)) if !id.is_empty() => {}
        _ => issues.push(issue("invalid_type", "Required", &["end_user", "id"])),
    }
    let allowed = match body.get("allowed_integrations") {
        None | Some(Value::Null) => None,
        Some(v) => match serde_json::from_value::<Vec<String>>(v.clone()) {
            Ok(list) => {
                for key in &list {
                    if state.integration(key).is_none() {
                        return Err(ApiError::new(
                            StatusCode::BAD_REQUEST,
                            "invalid_body",
                            format!("Integration does not exist: {key}"),
                        ));
                    }
                }
                Some(list)
            }
            Err(_) => {
                issues.push(issue(
                    "invalid_type",
                    "Expected array of strings",
                    &["allowed_integrations"],
                ));
                None
            }
        },
    };
    if !issues.is_empty() {
        return Err(ApiError::validation("invalid_body", issues));
    }
    created(
        &state,
        Session {
            token: new_token(),
            end_user,
            organization: body.get("organization").cloned().filter(|v| !v.is_null()),
            allowed_integrations: allowed,
            integrations_config_defaults: body
                .get("integrations_config_defaults")
                .cloned()
                .filter(|v| !v.is_null()),
            reconnect_connection_id: None,
            expires_at: now() + SESSION_TTL_SECS,
        },
    )
}

/// `POST /connect/sessions/reconnect` (secret key): `{connection_id, integration_id, end_user?}`.
pub async fn reconnect(
    State(state): State<SharedState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<impl IntoResponse, ApiError> {
    require_secret_key(&state, &headers)?;
    let body = super::credentials::read_json_body(&headers, &body)?;
    let (Some(connection_id), Some(integration_id)) = (
        body.get("connection_id").and_then(Value::as_str),
        body.get("integration_id").and_then(Value::as_str),
    ) else {
        return Err(ApiError::validation(
            "invalid_body",
            vec![
                issue("invalid_type", "Required", &["connection_id"]),
                issue("invalid_type", "Required", &["integration_id"]),
            ],
        ));
    };
    let connection = state
        .store
        .connection(connection_id, Some(integration_id))?
        .ok_or_else(|| ApiError::code(StatusCode::BAD_REQUEST, "invalid_connection"))?;
    created(
        &state,
        Session {
            token: new_token(),
            end_user: connection
                .end_user
                .unwrap_or_else(|| body.get("end_user").cloned().unwrap_or(Value::Null)),
            organization: None,
            allowed_integrations: Some(vec![integration_id.to_owned()]),
            integrations_config_defaults: body
                .get("integrations_config_defaults")
                .cloned()
                .filter(|v| !v.is_null()),
            reconnect_connection_id: Some(connection_id.to_owned()),
            expires_at: now() + SESSION_TTL_SECS,
        },
    )
}

/// `GET /connect/session` (session token): what the session allows.
pub async fn show(
    State(state): State<SharedState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let session = require_session(&state, &headers)?;
    Ok(Json(json!({ "data": {
        "end_user": session.end_user,
        "organization": session.organization,
        "allowed_integrations": session.allowed_integrations,
        "integrations_config_defaults": session.integrations_config_defaults,
        "connection_id": session.reconnect_connection_id,
        "expires_at": rfc3339(session.expires_at),
        "websocketsPath": "/",
    }})))
}

/// `GET /connect/integrations` (session token): the integrations the session
/// may connect, with their auth mode and connection params (what a custom UI
/// needs to draw its forms).
pub async fn integrations(
    State(state): State<SharedState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let session = require_session(&state, &headers)?;
    let list: Vec<Value> = state
        .integrations
        .iter()
        .filter(|i| {
            session
                .allowed_integrations
                .as_ref()
                .is_none_or(|a| a.contains(&i.unique_key))
        })
        .map(|i| {
            json!({
                "unique_key": i.unique_key,
                "provider": i.provider,
                "display_name": i.display_name.clone().unwrap_or_else(|| i.unique_key.clone()),
                "auth_mode": i.auth_mode,
                "connection_config": i.connection_config,
                "scopes": i.oauth.as_ref().map(|o| o.scopes.clone()),
            })
        })
        .collect();
    Ok(Json(json!({ "data": list })))
}

/// Seconds since the epoch as an RFC 3339 UTC date.
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (proleptic Gregorian), after Howard Hinnant's algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::rfc3339;

    #[test]
    fn dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_795_000_000), "2026-11-18T11:06:40.000Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00.000Z");
    }
}
