//! `nango-dev-server`: a local server that speaks the Nango protocol the
//! browser SDK uses, so that the SDK, its example page and its tests run on
//! one machine with no account anywhere.
//!
//! It keeps connect sessions and connections in SQLite, serves the
//! credential endpoints, the OAuth popup flow with a fake provider, the
//! WebSocket, and the repository's `pkg/` and `examples/` folders.

pub mod config;
pub mod error;
pub mod handlers;
pub mod html;
pub mod query;
pub mod routes;
pub mod state;
pub mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use config::IntegrationsFile;
use state::AppState;
use store::Store;

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Port on 127.0.0.1 (0: any free port).
    pub port: u16,
    /// SQLite file.
    pub db_path: PathBuf,
    /// Integrations file (JSON); `None`: the built-in set.
    pub integrations_path: Option<PathBuf>,
    /// Secret key of the local environment.
    pub secret_key: String,
    /// Public key of the local environment (legacy mode).
    pub public_key: String,
    /// Folder whose `pkg/` and `examples/` are served.
    pub static_root: PathBuf,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            port: 3003,
            db_path: PathBuf::from("target/dev-server/nango-dev.db"),
            integrations_path: None,
            secret_key: state::DEFAULT_SECRET_KEY.to_owned(),
            public_key: state::DEFAULT_PUBLIC_KEY.to_owned(),
            static_root: PathBuf::from("."),
        }
    }
}

/// Binds 127.0.0.1 and serves until the returned task is dropped or aborted.
pub async fn start(
    config: ServerConfig,
) -> Result<(SocketAddr, tokio::task::JoinHandle<()>), String> {
    let text = match &config.integrations_path {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        None => config::DEFAULT_INTEGRATIONS.to_owned(),
    };
    let integrations = IntegrationsFile::parse(&text)?.integrations;
    let store = Store::open(&config.db_path)
        .map_err(|e| format!("cannot open {}: {e}", config.db_path.display()))?;
    let state = Arc::new(AppState {
        store,
        integrations,
        secret_key: config.secret_key,
        public_key: config.public_key,
        static_root: config.static_root,
        ws_clients: Default::default(),
        oauth_flows: Default::default(),
        provider_codes: Default::default(),
        requests: Default::default(),
        local_addr: Default::default(),
    });
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", config.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let _ = state.local_addr.set(addr);
    let app = routes::router(state);
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("nango-dev-server stopped: {e}");
        }
    });
    Ok((addr, task))
}
