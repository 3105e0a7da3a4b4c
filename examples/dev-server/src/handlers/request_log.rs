//! What the server received, for the browser tests: every request's method,
//! target (path and query exactly as sent), headers and body, kept in memory
//! (the last [`KEPT`]) and read back with the secret key at
//! `GET /dev/requests?after=N`. This is how the tests see the requests on
//! the wire in every browser engine.

use std::collections::VecDeque;

use axum::body::{to_bytes, Body};
use axum::extract::{Query, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::sessions::require_secret_key;
use crate::error::ApiError;
use crate::state::{lock, SharedState};

/// How many requests are kept.
pub const KEPT: usize = 1000;
/// Largest body recorded (and passed on).
const BODY_LIMIT: usize = 1 << 20;

/// One request, as received.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub seq: u64,
    /// When it arrived, in milliseconds since the Unix epoch (the clock of
    /// the machine, which the browser's `performance.timeOrigin` shares).
    pub at: f64,
    pub method: String,
    /// Path and query, as sent.
    pub path: String,
    /// Header names in lower case.
    pub headers: Map<String, Value>,
    /// The body as text; `None` when there was none.
    pub body: Option<String>,
}

/// The last requests, numbered from 1.
#[derive(Debug, Default)]
pub struct RequestLog {
    last: u64,
    entries: VecDeque<Recorded>,
}

impl RequestLog {
    fn push(&mut self, mut entry: Recorded) {
        self.last += 1;
        entry.seq = self.last;
        if self.entries.len() == KEPT {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }
}

/// Middleware: records the request, then passes it on unchanged.
pub async fn record(
    State(state): State<SharedState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, BODY_LIMIT).await.unwrap_or_default();
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                Value::String(String::from_utf8_lossy(value.as_bytes()).into_owned()),
            )
        })
        .collect();
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());
    lock(&state.requests).push(Recorded {
        seq: 0,
        at,
        method: parts.method.as_str().to_owned(),
        path,
        headers,
        body: (!bytes.is_empty()).then(|| String::from_utf8_lossy(&bytes).into_owned()),
    });
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[derive(Debug, Deserialize)]
pub struct LogQuery {
    after: Option<u64>,
}

/// `GET /dev/requests?after=N` (secret key): `{last, requests}`, the requests
/// numbered above N.
pub async fn list(
    State(state): State<SharedState>,
    Query(q): Query<LogQuery>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    require_secret_key(&state, &headers)?;
    let log = lock(&state.requests);
    let after = q.after.unwrap_or(log.last);
    let requests: Vec<&Recorded> = log.entries.iter().filter(|r| r.seq > after).collect();
    Ok(Json(json!({ "last": log.last, "requests": requests })))
}

/// `GET /dev/pid`: the server's process id, so that a test script can
/// check that the server answering on its port is the one it started.
pub async fn pid() -> Json<Value> {
    Json(json!({ "pid": std::process::id() }))
}
