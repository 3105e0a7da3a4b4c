//! Reading stored connections back (secret key), as the app's backend does.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::sessions::{require_secret_key, rfc3339};
use crate::error::ApiError;
use crate::state::SharedState;

#[derive(Debug, Deserialize)]
pub struct ConnectionQuery {
    provider_config_key: Option<String>,
}

/// `GET /connection/{connectionId}?provider_config_key=...`
pub async fn show(
    State(state): State<SharedState>,
    Path(connection_id): Path<String>,
    Query(q): Query<ConnectionQuery>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    require_secret_key(&state, &headers)?;
    let c = state
        .store
        .connection(&connection_id, q.provider_config_key.as_deref())?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_connection",
                format!("No connection {connection_id:?} for this integration."),
            )
        })?;
    Ok(Json(json!({
        "connection_id": c.connection_id,
        "provider_config_key": c.provider_config_key,
        "provider": c.provider,
        "credentials": c.credentials,
        "connection_config": c.connection_config,
        "end_user": c.end_user,
        "created_at": rfc3339(c.created_at),
        "updated_at": rfc3339(c.updated_at),
    })))
}

/// `GET /connections`: every connection, newest first.
pub async fn list(
    State(state): State<SharedState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    require_secret_key(&state, &headers)?;
    let list: Vec<Value> = state
        .store
        .connections()?
        .into_iter()
        .map(|(id, key, provider, updated)| json!({ "connection_id": id, "provider_config_key": key, "provider": provider, "updated_at": rfc3339(updated) }))
        .collect();
    Ok(Json(json!({ "connections": list })))
}
