//! The flows with no popup: one POST whose JSON body holds the credentials
//! (API key, basic, TBA, JWT, Bill, two-step, signature, AWS SigV4, OAuth2
//! client credentials), or no body (unauthenticated, outbound).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Map, Value};

use super::common::{authenticate, prepare};
use crate::error::{issue, ApiError};
use crate::query::Query;
use crate::state::SharedState;
use crate::store::{now, StoredConnection};

/// How a body field is checked.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// A string, possibly empty.
    String,
    /// A string of at least one character.
    NonEmpty,
    /// Absent, or a string.
    Optional,
    /// Exactly this string.
    Literal(&'static str),
}

/// One credential endpoint.
#[derive(Debug)]
pub struct Mode {
    /// Auth modes of the integrations this endpoint serves.
    pub auth_modes: &'static [&'static str],
    /// Body fields; `None`: the endpoint takes no body.
    pub fields: Option<&'static [(&'static str, Rule)]>,
    /// Whether fields beyond `fields` are accepted (JWT, two-step).
    pub open: bool,
    /// Whether the connection waits for the provider (outbound installs).
    pub pending: bool,
}

use Rule::*;

pub const API_KEY: Mode = Mode {
    auth_modes: &["API_KEY"],
    fields: Some(&[("apiKey", NonEmpty)]),
    open: false,
    pending: false,
};
pub const BASIC: Mode = Mode {
    auth_modes: &["BASIC"],
    fields: Some(&[("username", String), ("password", String)]),
    open: false,
    pending: false,
};
pub const TBA: Mode = Mode {
    auth_modes: &["TBA"],
    fields: Some(&[
        ("token_id", NonEmpty),
        ("token_secret", NonEmpty),
        ("oauth_client_id_override", Optional),
        ("oauth_client_secret_override", Optional),
    ]),
    open: false,
    pending: false,
};
pub const JWT: Mode = Mode {
    auth_modes: &["JWT"],
    fields: Some(&[]),
    open: true,
    pending: false,
};
pub const BILL: Mode = Mode {
    auth_modes: &["BILL"],
    fields: Some(&[
        ("username", NonEmpty),
        ("password", NonEmpty),
        ("organization_id", NonEmpty),
        ("dev_key", NonEmpty),
    ]),
    open: false,
    pending: false,
};
pub const TWO_STEP: Mode = Mode {
    auth_modes: &["TWO_STEP"],
    fields: Some(&[("type", Literal("TWO_STEP"))]),
    open: true,
    pending: false,
};
pub const SIGNATURE: Mode = Mode {
    auth_modes: &["SIGNATURE"],
    fields: Some(&[
        ("type", Literal("SIGNATURE")),
        ("username", NonEmpty),
        ("password", NonEmpty),
    ]),
    open: false,
    pending: false,
};
pub const AWS_SIGV4: Mode = Mode {
    auth_modes: &["AWS_SIGV4"],
    fields: Some(&[("role_arn", NonEmpty), ("region", Optional)]),
    open: false,
    pending: false,
};
pub const OAUTH2_CC: Mode = Mode {
    auth_modes: &["OAUTH2_CC"],
    fields: Some(&[
        ("client_id", NonEmpty),
        ("client_secret", Optional),
        ("client_certificate", Optional),
        ("client_private_key", Optional),
    ]),
    open: false,
    pending: false,
};
pub const UNAUTHENTICATED: Mode = Mode {
    auth_modes: &["NONE"],
    fields: None,
    open: false,
    pending: false,
};
pub const OAUTH_OUTBOUND: Mode = Mode {
    auth_modes: &["APP", "OAUTH2"],
    fields: None,
    open: false,
    pending: true,
};

/// Handles a POST to the endpoint of `mode`.
pub async fn handle(
    mode: &'static Mode,
    State(state): State<SharedState>,
    Path(key): Path<std::string::String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let q = Query::parse(raw.as_deref());
    let caller = authenticate(&state, &q)?;
    let credentials = match mode.fields {
        Some(fields) => {
            let body = read_json_body(&headers, &body)?;
            validate(fields, mode.open, &body)?
        }
        None => Map::new(),
    };
    let request = prepare(&state, &caller, &key, &q, mode.auth_modes)?;
    if credentials.values().any(|v| v == "invalid") {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "connection_test_failed",
            "The provider refused these credentials (the dev server refuses the value \"invalid\").",
        ));
    }
    let mut stored = Map::new();
    stored.insert(
        "type".into(),
        Value::String(request.integration.auth_mode.clone()),
    );
    stored.extend(credentials.into_iter().filter(|(k, _)| k != "type"));
    let t = now();
    state.store.upsert_connection(&StoredConnection {
        connection_id: request.connection_id.clone(),
        provider_config_key: key.clone(),
        provider: request.integration.provider.clone(),
        credentials: Value::Object(stored),
        connection_config: Value::Object(request.connection_config),
        end_user: request.end_user,
        created_at: t,
        updated_at: t,
    })?;
    let mut answer = json!({ "connectionId": request.connection_id, "providerConfigKey": key });
    if mode.pending {
        answer["isPending"] = Value::Bool(true);
    }
    Ok(Json(answer))
}

/// The body as a JSON object: 415 unless JSON, 400 `invalid_json` when unreadable.
pub fn read_json_body(headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    if body.is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/json")
        });
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_content_type",
            "Content-Type header must be application/json",
        ));
    }
    serde_json::from_slice(body)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", e.to_string()))
}

/// zod-like strict validation: every error listed, as the real server does.
pub fn validate(
    fields: &[(&str, Rule)],
    open: bool,
    body: &Value,
) -> Result<Map<std::string::String, Value>, ApiError> {
    let Value::Object(object) = body else {
        return Err(ApiError::validation(
            "invalid_body",
            vec![issue("invalid_type", "Expected object", &[])],
        ));
    };
    let mut issues = Vec::new();
    for (name, rule) in fields {
        let value = object.get(*name);
        let problem = match (rule, value) {
            (Optional, None | Some(Value::String(_))) => None,
            (_, None) => Some(("invalid_type", "Required".to_owned())),
            (String, Some(Value::String(_))) => None,
            (NonEmpty, Some(Value::String(s))) if s.is_empty() => Some((
                "too_small",
                "String must contain at least 1 character(s)".to_owned(),
            )),
            (NonEmpty, Some(Value::String(_))) => None,
            (Literal(expected), Some(Value::String(s))) if s == expected => None,
            (Literal(expected), Some(_)) => Some((
                "invalid_literal",
                format!("Invalid literal value, expected \"{expected}\""),
            )),
            (_, Some(other)) => Some((
                "invalid_type",
                format!("Expected string, received {}", type_name(other)),
            )),
        };
        if let Some((code, message)) = problem {
            issues.push(issue(code, message, &[name]));
        }
    }
    if !open {
        let extra: Vec<&str> = object
            .keys()
            .map(|k| k.as_str())
            .filter(|k| !fields.iter().any(|(n, _)| n == k))
            .collect();
        if !extra.is_empty() {
            let names: Vec<std::string::String> = extra.iter().map(|k| format!("'{k}'")).collect();
            issues.push(issue(
                "unrecognized_keys",
                format!("Unrecognized key(s) in object: {}", names.join(", ")),
                &[],
            ));
        }
    }
    if open && object.is_empty() {
        issues.push(issue("invalid_type", "Expected credentials", &[]));
    }
    if issues.is_empty() {
        Ok(object.clone())
    } else {
        Err(ApiError::validation("invalid_body", issues))
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_lists_every_issue() {
        let err = validate(
            API_KEY.fields.unwrap(),
            false,
            &json!({"apiKey": "", "x": 1}),
        )
        .unwrap_err();
        let errors = err.errors.unwrap();
        assert_eq!(errors[0]["code"], "too_small");
        assert_eq!(errors[0]["path"], json!(["apiKey"]));
        assert_eq!(errors[1]["code"], "unrecognized_keys");
        assert!(validate(
            BASIC.fields.unwrap(),
            false,
            &json!({"username": "u", "password": ""})
        )
        .is_ok());
        let err = validate(BASIC.fields.unwrap(), false, &json!({"username": 5})).unwrap_err();
        assert_eq!(err.errors.unwrap().as_array().unwrap().len(), 2);
        assert!(validate(
            TWO_STEP.fields.unwrap(),
            true,
            &json!({"type": "TWO_STEP", "a": 1})
        )
        .is_ok());
        assert!(validate(TWO_STEP.fields.unwrap(), true, &json!({"type": "JWT"})).is_err());
    }
}
