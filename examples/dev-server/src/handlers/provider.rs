//! A fake OAuth 2 authorization server, standing in for GitHub, Salesforce,
//! ...: an authorize page with Approve / Deny, and a token endpoint. Nothing
//! leaves the machine.

use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::html::escape;
use crate::state::{lock, AppState, SharedState};
use crate::store::now;

/// Lifetime of an authorization code, in seconds.
const CODE_TTL_SECS: i64 = 120;

/// A code the user's approval produced, waiting to be exchanged.
#[derive(Debug, Clone)]
pub struct IssuedCode {
    pub provider: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub issued_at: i64,
}

/// The authorize request, as the provider receives it.
#[derive(Debug, Deserialize)]
pub struct AuthorizeQuery {
    #[serde(default)]
    response_type: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    state: String,
    #[serde(flatten)]
    extra: std::collections::BTreeMap<String, String>,
}

/// `GET /provider/{provider}/authorize`: the consent page (or, for
/// integrations configured with `auto_decision`, the decision at once).
pub async fn authorize(
    state: State<SharedState>,
    Path(provider): Path<String>,
    Query(q): Query<AuthorizeQuery>,
) -> Response {
    if q.response_type != "code" || q.client_id.is_empty() || q.redirect_uri.is_empty() {
        return (StatusCode::BAD_REQUEST, Html(format!(
            "<!doctype html><title>Invalid request</title><p>Invalid authorization request (response_type=code, client_id and redirect_uri are required).</p><p>{}</p>",
            escape(&provider)
        )))
            .into_response();
    }
    if let Some(decision) = q.extra.get("auto_decision") {
        let d = Decision {
            decision: decision.clone(),
            client_id: q.client_id,
            redirect_uri: q.redirect_uri,
            scope: q.scope,
            state: q.state,
        };
        return decide(state, Path(provider), Form(d)).await;
    }
    let hidden = |name: &str, value: &str| {
        format!(
            r#"<input type="hidden" name="{}" value="{}">"#,
            escape(name),
            escape(value)
        )
    };
    let fields = [
        hidden("client_id", &q.client_id),
        hidden("redirect_uri", &q.redirect_uri),
        hidden("scope", &q.scope),
        hidden("state", &q.state),
    ]
    .concat();
    let extra: String = q
        .extra
        .iter()
        .map(|(k, v)| {
            format!(
                "<li><code>{}</code> = <code>{}</code></li>",
                escape(k),
                escape(v)
            )
        })
        .collect();
    let scopes: String = q
        .scope
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| format!("<li><code>{}</code></li>", escape(s)))
        .collect();
    Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize {provider} (fake provider)</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1f2328}}
button{{font:inherit;padding:.5rem 1.2rem;margin-right:.5rem;border-radius:6px;border:1px solid #888;cursor:pointer}}
#approve{{background:#1f883d;color:#fff;border-color:#1f883d}}code{{background:#f3f3f3;padding:0 .2rem}}</style></head>
<body>
<h1>{provider}</h1>
<p>The app <code>{client}</code> asks to access your {provider} account.</p>
<p>Scopes:</p><ul id="scopes">{scopes}</ul>
<details><summary>Extra authorization params</summary><ul id="extra">{extra}</ul></details>
<form method="post" action="decision">{fields}
<button id="approve" name="decision" value="approve" type="submit">Approve</button>
<button id="deny" name="decision" value="deny" type="submit">Deny</button>
</form>
<p><small>This page is the dev server's fake OAuth provider. Nothing leaves this machine.</small></p>
</body></html>"#,
        provider = escape(&provider),
        client = escape(&q.client_id),
    ))
    .into_response()
}

/// The consent form's answer.
#[derive(Debug, Deserialize)]
pub struct Decision {
    decision: String,
    client_id: String,
    redirect_uri: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    state: String,
}

/// `POST /provider/{provider}/decision`: back to the app with a code or an error.
pub async fn decide(
    State(state): State<SharedState>,
    Path(provider): Path<String>,
    Form(d): Form<Decision>,
) -> Response {
    let mut target = d.redirect_uri.clone();
    target.push(if target.contains('?') { '&' } else { '?' });
    let pairs: Vec<(&str, String)> = if d.decision == "approve" {
        let code = uuid::Uuid::new_v4().simple().to_string();
        lock(&state.provider_codes).insert(
            code.clone(),
            IssuedCode {
                provider,
                client_id: d.client_id,
                redirect_uri: d.redirect_uri.clone(),
                scope: d.scope,
                issued_at: now(),
            },
        );
        vec![("code", code), ("state", d.state)]
    } else {
        vec![
            ("error", "access_denied".into()),
            ("error_description", "The user denied the request".into()),
            ("state", d.state),
        ]
    };
    target.push_str(
        &form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish(),
    );
    Redirect::to(&target).into_response()
}

/// A token request (`application/x-www-form-urlencoded`).
#[derive(Debug, Deserialize)]
pub struct TokenRequest {
    pub grant_type: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub redirect_uri: String,
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub client_secret: String,
    #[serde(default)]
    pub refresh_token: String,
}

/// Exchanges a code (or a refresh token) for tokens, checking the client's
/// secret against the one configured for that client id.
pub fn exchange(
    state: &AppState,
    provider: &str,
    req: &TokenRequest,
) -> Result<Value, (StatusCode, Value)> {
    let invalid = |error: &str, description: &str| {
        (
            StatusCode::BAD_REQUEST,
            json!({ "error": error, "error_description": description }),
        )
    };
    let known_secret = state
        .integrations
        .iter()
        .filter(|i| i.provider == provider)
        .filter_map(|i| i.oauth.as_ref())
        .find(|o| o.client_id == req.client_id)
        .map(|o| o.client_secret.clone());
    // Client ids the config does not know are overrides: any secret but "invalid" goes.
    let secret_ok = match known_secret {
        Some(secret) => secret == req.client_secret,
        None => !req.client_secret.is_empty() && req.client_secret != "invalid",
    };
    if !secret_ok {
        return Err((
            StatusCode::UNAUTHORIZED,
            json!({ "error": "invalid_client", "error_description": "Client authentication failed" }),
        ));
    }
    let scope = match req.grant_type.as_str() {
        "authorization_code" => {
            let issued = lock(&state.provider_codes)
                .remove(&req.code)
                .ok_or_else(|| invalid("invalid_grant", "Unknown or used code"))?;
            if issued.provider != provider
                || issued.client_id != req.client_id
                || issued.redirect_uri != req.redirect_uri
            {
                return Err(invalid(
                    "invalid_grant",
                    "The code was issued to another client or redirect URI",
                ));
            }
            if now() - issued.issued_at > CODE_TTL_SECS {
                return Err(invalid("invalid_grant", "The code has expired"));
            }
            issued.scope
        }
        "refresh_token" if !req.refresh_token.is_empty() => String::new(),
        _ => {
            return Err(invalid(
                "unsupported_grant_type",
                "Use authorization_code or refresh_token",
            ))
        }
    };
    Ok(json!({
        "access_token": format!("{provider}-access-{}", uuid::Uuid::new_v4().simple()),
        "refresh_token": format!("{provider}-refresh-{}", uuid::Uuid::new_v4().simple()),
        "token_type": "bearer",
        "expires_in": 3600,
        "scope": scope,
    }))
}

/// `POST /provider/{provider}/token`
pub async fn token(
    State(state): State<SharedState>,
    Path(provider): Path<String>,
    Form(req): Form<TokenRequest>,
) -> Response {
    match exchange(&state, &provider, &req) {
        Ok(tokens) => Json(tokens).into_response(),
        Err((status, body)) => (status, Json(body)).into_response(),
    }
}
