//! The example app's own backend, hosted here for the demo.
//!
//! A real app keeps its Nango secret key on its server and hands the browser
//! only a short-lived connect session token. These routes are that server
//! side: they call the Nango API (this same dev server, over HTTP on
//! loopback, exactly as they would call Nango Cloud) with the secret key.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::state::SharedState;

/// What the example page asks its backend for.
#[derive(Debug, Default, Deserialize)]
pub struct SessionRequest {
    /// The signed-in user of the app (the demo has a fixed one).
    #[serde(default)]
    end_user_id: Option<String>,
    /// Restrict the session to these integrations.
    #[serde(default)]
    allowed_integrations: Option<Vec<String>>,
    /// Make a reconnect session for this connection.
    #[serde(default)]
    reconnect: Option<ReconnectTarget>,
}

#[derive(Debug, Deserialize)]
pub struct ReconnectTarget {
    connection_id: String,
    integration_id: String,
}

async fn call_nango(
    state: &SharedState,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Response {
    let url = format!("{}{path}", state.self_url());
    let mut request = reqwest::Client::new()
        .request(method, url)
        .bearer_auth(&state.secret_key);
    if let Some(body) = body {
        request = request.json(&body);
    }
    match request.send().await {
        Ok(answer) => {
            let status =
                StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
            let body: Value = answer.json().await.unwrap_or(Value::Null);
            (status, Json(body)).into_response()
        }
        Err(e) => (
            StatusCode::BAD_GATEWAY,
            Json(json!({ "error": { "code": "nango_unreachable", "message": e.to_string() } })),
        )
            .into_response(),
    }
}

/// `POST /app/session`: a connect session token for the signed-in user.
pub async fn session(
    State(state): State<SharedState>,
    body: Option<Json<SessionRequest>>,
) -> Response {
    let request = body.map(|Json(b)| b).unwrap_or_default();
    let end_user_id = request
        .end_user_id
        .unwrap_or_else(|| "demo-user-1".to_owned());
    match request.reconnect {
        Some(target) => {
            let body = json!({ "connection_id": target.connection_id, "integration_id": target.integration_id });
            call_nango(
                &state,
                reqwest::Method::POST,
                "/connect/sessions/reconnect",
                Some(body),
            )
            .await
        }
        None => {
            let mut body = json!({
                "end_user": { "id": end_user_id, "email": "demo@example.com", "display_name": "Demo User" },
                "organization": { "id": "demo-org", "display_name": "Demo Org" },
            });
            // The demo offers every integration but the test-only ones.
            let allowed = request.allowed_integrations.unwrap_or_else(|| {
                state
                    .integrations
                    .iter()
                    .filter(|i| i.oauth.as_ref().is_none_or(|o| o.auto_decision.is_none()))
                    .map(|i| i.unique_key.clone())
                    .collect()
            });
            body["allowed_integrations"] = json!(allowed);
            call_nango(
                &state,
                reqwest::Method::POST,
                "/connect/sessions",
                Some(body),
            )
            .await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ConnectionQuery {
    provider_config_key: String,
}

/// `GET /app/connection/{id}?provider_config_key=`: what Nango stored.
pub async fn connection(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    Query(q): Query<ConnectionQuery>,
) -> Response {
    let path = format!(
        "/connection/{}?provider_config_key={}",
        form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>(),
        form_urlencoded::byte_serialize(q.provider_config_key.as_bytes()).collect::<String>()
    );
    call_nango(&state, reqwest::Method::GET, &path, None).await
}
