//! The server's shared state, in one struct behind an `Arc`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::mpsc::UnboundedSender;

use crate::config::Integration;
use crate::store::Store;

/// The local secret key of the dev server's one environment, used by the
/// app's backend for `POST /connect/sessions` (`--secret-key` changes it).
pub const DEFAULT_SECRET_KEY: &str = "dev-secret-key-0000-0000-0000-000000000000";

/// The local public key, for the deprecated public-key mode (`--public-key` changes it).
pub const DEFAULT_PUBLIC_KEY: &str = "00000000-0000-4000-8000-000000000000";

/// Everything the handlers share.
pub struct AppState {
    pub store: Store,
    pub integrations: Vec<Integration>,
    pub secret_key: String,
    pub public_key: String,
    /// Directory served under `/pkg/` and `/examples/` (the repository root).
    pub static_root: PathBuf,
    /// WebSocket clients waiting for an OAuth result, by `ws_client_id`.
    pub ws_clients: Mutex<HashMap<String, UnboundedSender<String>>>,
    /// OAuth flows in progress, by their `state` parameter.
    pub oauth_flows: Mutex<HashMap<String, crate::handlers::oauth::OAuthFlow>>,
    /// Authorization codes issued by the fake provider, by code.
    pub provider_codes: Mutex<HashMap<String, crate::handlers::provider::IssuedCode>>,
    /// What the server received (for the tests: `GET /dev/requests`).
    pub requests: Mutex<crate::handlers::request_log::RequestLog>,
    /// The address the server listens on, once bound.
    pub local_addr: std::sync::OnceLock<std::net::SocketAddr>,
}

pub type SharedState = Arc<AppState>;

/// Locks a mutex, ignoring poisoning (a panicking handler must not take the
/// whole dev server down).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl AppState {
    /// The integration `key`, if configured.
    pub fn integration(&self, key: &str) -> Option<&Integration> {
        self.integrations.iter().find(|i| i.unique_key == key)
    }

    /// The server's own base URL on loopback.
    pub fn self_url(&self) -> String {
        match self.local_addr.get() {
            Some(addr) => format!("http://{addr}"),
            None => "http://127.0.0.1:3003".to_owned(),
        }
    }

    /// Sends a flow's result to its WebSocket client and forgets the client
    /// (as the real server unsubscribes it); false if it was gone.
    pub fn publish_result(&self, ws_client_id: &str, frame: &serde_json::Value) -> bool {
        match lock(&self.ws_clients).remove(ws_client_id) {
            Some(tx) => tx.send(frame.to_string()).is_ok(),
            None => false,
        }
    }
}
