//! The OAuth popup flow: `/oauth/connect/{id}` sends the popup to the
//! provider, `/oauth/callback` finishes the exchange, tells the SDK over its
//! WebSocket and serves the callback page.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde_json::{json, Map, Value};

use super::common::{authenticate, prepare};
use super::provider::{exchange, TokenRequest};
use crate::error::ApiError;
use crate::html::callback_page;
use crate::query::Query;
use crate::state::{lock, SharedState};
use crate::store::{now, StoredConnection};

/// Flows not finished within this many seconds are forgotten.
const FLOW_TTL_SECS: i64 = 15 * 60;

/// An OAuth flow between `/oauth/connect` and `/oauth/callback`.
#[derive(Debug, Clone)]
pub struct OAuthFlow {
    pub provider_config_key: String,
    pub provider: String,
    pub connection_id: String,
    pub connection_config: Map<String, Value>,
    pub end_user: Option<Value>,
    pub ws_client_id: Option<String>,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    pub started_at: i64,
}

/// The error types of the real server's WebSocket errors.
fn ws_error_type(e: &ApiError) -> &'static str {
    match e.code {
        "unknown_provider_config" => "provider_config_err",
        "invalid_auth_mode" => "auth_mode_err",
        "missing_connection_config_param" | "invalid_connection_config" => "url_param_err",
        other => other,
    }
}

fn ws_error_message(e: &ApiError, key: &str) -> String {
    match e.code {
        "unknown_provider_config" => {
            format!("Could not find a Provider Config matching the \"{key}\" key.")
        }
        "invalid_auth_mode" => {
            "Auth mode not supported by this route: this integration does not use OAuth.".to_owned()
        }
        _ => e.message.clone().unwrap_or_else(|| e.code.to_owned()),
    }
}

/// Tells the SDK (if it gave a `ws_client_id`) and serves the error page.
fn fail(
    state: &crate::state::AppState,
    ws_client_id: Option<&str>,
    key: &str,
    connection_id: Option<&str>,
    error_type: &str,
    message: &str,
) -> Response {
    if let Some(id) = ws_client_id {
        state.publish_result(
            id,
            &json!({
                "message_type": "error",
                "provider_config_key": key,
                "connection_id": connection_id,
                "error_type": error_type,
                "error_desc": message,
            }),
        );
    }
    (
        StatusCode::BAD_REQUEST,
        Html(callback_page(Some((error_type, message)))),
    )
        .into_response()
}

/// The origin the browser used to reach this server.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// `GET /oauth/connect/{providerConfigKey}`
pub async fn connect(
    State(state): State<SharedState>,
    Path(key): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let q = Query::parse(raw.as_deref());
    // As on the real server, a caller that cannot be authenticated gets a
    // JSON error in the popup, and nothing on the WebSocket.
    let caller = match authenticate(&state, &q) {
        Ok(caller) => caller,
        Err(e) => return e.into_response(),
    };
    let ws_client_id = q.get("ws_client_id");
    let request = match prepare(&state, &caller, &key, &q, &["OAUTH2"]) {
        Ok(r) => r,
        Err(e) => {
            return fail(
                &state,
                ws_client_id,
                &key,
                None,
                ws_error_type(&e),
                &ws_error_message(&e, &key),
            )
        }
    };
    let Some(oauth) = request.integration.oauth.clone() else {
        return fail(
            &state,
            ws_client_id,
            &key,
            None,
            "provider_config_err",
            "The integration has no OAuth client.",
        );
    };
    let overrides = q.group_object("credentials");
    let override_of = |name: &str| {
        overrides
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let client_id = override_of("oauth_client_id_override").unwrap_or(oauth.client_id);
    let client_secret = override_of("oauth_client_secret_override").unwrap_or(oauth.client_secret);
    let scopes: Vec<String> = match request
        .connection_config
        .get("oauth_scopes_override")
        .and_then(Value::as_str)
    {
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        None => oauth.scopes,
    };
    let redirect_uri = format!("{}/oauth/callback", origin(&headers));
    let flow_state = uuid::Uuid::new_v4().to_string();

    let mut authorize = form_urlencoded::Serializer::new(String::new());
    authorize
        .append_pair("response_type", "code")
        .append_pair("client_id", &client_id)
        .append_pair("redirect_uri", &redirect_uri)
        .append_pair("scope", &scopes.join(" "))
        .append_pair("state", &flow_state);
    if let Some(decision) = &oauth.auto_decision {
        authorize.append_pair("auto_decision", decision);
    }
    if let Some(user_scope) = q.get("user_scope").filter(|s| !s.is_empty()) {
        authorize.append_pair("user_scope", user_scope);
    }
    for (name, value) in q.group("authorization_params") {
        // "undefined" removes a default param; the fake provider has none.
        if value != "undefined" {
            authorize.append_pair(name, value);
        }
    }
    let url = format!(
        "/provider/{}/authorize?{}",
        request.integration.provider,
        authorize.finish()
    );

    let mut flows = lock(&state.oauth_flows);
    flows.retain(|_, f| now() - f.started_at < FLOW_TTL_SECS);
    flows.insert(
        flow_state,
        OAuthFlow {
            provider_config_key: key,
            provider: request.integration.provider.clone(),
            connection_id: request.connection_id,
            connection_config: request.connection_config,
            end_user: request.end_user,
            ws_client_id: ws_client_id.map(str::to_owned),
            client_id,
            client_secret,
            redirect_uri,
            scopes,
            started_at: now(),
        },
    );
    Redirect::to(&url).into_response()
}

/// `GET /oauth/callback?code=...&state=...` (or `?error=...`)
pub async fn callback(State(state): State<SharedState>, RawQuery(raw): RawQuery) -> Response {
    let q = Query::parse(raw.as_deref());
    let flow_state = q.get("state").unwrap_or("");
    let Some(flow) = lock(&state.oauth_flows).remove(flow_state) else {
        let message = format!("Invalid state parameter passed in the callback: {flow_state}");
        return fail(&state, None, "", None, "state_err", &message);
    };
    let ws = flow.ws_client_id.as_deref();
    let key = flow.provider_config_key.as_str();
    let code = match q.get("code").filter(|c| !c.is_empty()) {
        Some(code) => code.to_owned(),
        None => {
            let context: Vec<String> = ["error", "error_description", "error_reason", "error_uri"]
                .iter()
                .filter_map(|k| {
                    q.get(k)
                        .filter(|v| !v.is_empty())
                        .map(|v| format!("{k}: {v}"))
                })
                .collect();
            let mut message = "Did not get authorization code in the callback.".to_owned();
            if !context.is_empty() {
                message.push_str(&format!(" Provider error: {}", context.join("; ")));
            }
            return fail(
                &state,
                ws,
                key,
                Some(&flow.connection_id),
                "callback_err",
                &message,
            );
        }
    };
    // The server's answer when getting or storing the token fails.
    let token_failed = |detail: &str| {
        fail(
            &state,
            ws,
            key,
            Some(&flow.connection_id),
            "token_err",
            &format!("Error storing/retrieving the token: {detail}."),
        )
    };
    let request = TokenRequest {
        grant_type: "authorization_code".into(),
        code,
        redirect_uri: flow.redirect_uri.clone(),
        client_id: flow.client_id.clone(),
        client_secret: flow.client_secret.clone(),
        refresh_token: String::new(),
    };
    let tokens = match exchange(&state, &flow.provider, &request) {
        Ok(tokens) => tokens,
        Err((_, body)) => {
            let detail = body
                .get("error_description")
                .and_then(Value::as_str)
                .unwrap_or("token request failed");
            return token_failed(detail);
        }
    };
    let t = now();
    let credentials = json!({
        "type": "OAUTH2",
        "access_token": tokens["access_token"],
        "refresh_token": tokens["refresh_token"],
        "expires_at": super::sessions::rfc3339(t + tokens["expires_in"].as_i64().unwrap_or(3600)),
        "raw": tokens,
    });
    let mut connection_config = flow.connection_config.clone();
    connection_config
        .entry("oauth_scopes")
        .or_insert_with(|| Value::String(flow.scopes.join(",")));
    let stored = state.store.upsert_connection(&StoredConnection {
        connection_id: flow.connection_id.clone(),
        provider_config_key: key.to_owned(),
        provider: flow.provider.clone(),
        credentials,
        connection_config: Value::Object(connection_config),
        end_user: flow.end_user.clone(),
        created_at: t,
        updated_at: t,
    });
    if let Err(e) = stored {
        return token_failed(&e.to_string());
    }
    if let Some(id) = ws {
        state.publish_result(
            id,
            &json!({
                "message_type": "success",
                "provider_config_key": key,
                "connection_id": flow.connection_id,
                "is_pending": false,
            }),
        );
    }
    Html(callback_page(None)).into_response()
}
