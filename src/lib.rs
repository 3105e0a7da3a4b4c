//! A Nango-compatible browser SDK: let the users of a web app connect their
//! third-party accounts (Zendesk, Salesforce, ...) from the app's own UI.
//!
//! With credentials the app collected (an API key, a username and password,
//! ...), an auth call is one POST to the Nango server; without, it is the
//! OAuth popup. Either way it ends with the connection the server made, or
//! with a typed [`AuthError`].
//!
//! ```no_run
//! use nango_frontend::{AuthOptions, Credentials, Nango, NangoOptions};
//!
//! # async fn run(token: String) -> Result<(), nango_frontend::AuthError> {
//! let nango = Nango::new(NangoOptions::default().connect_session_token(token).host("http://127.0.0.1:3003"))?;
//! let connection = nango
//!     .auth("zendesk", AuthOptions::default().credentials(Credentials::api_key("sk-123")).param("subdomain", "acme"))
//!     .await?;
//! assert_eq!(connection.provider_config_key, "zendesk");
//! # Ok(()) }
//! ```
//!
//! Layout: the pure modules ([`options`], [`credentials`], [`host`],
//! [`query`], [`plan`], [`response`], [`oauth_flow`], [`popup_layout`],
//! [`connect_ui`], [`error`]) hold every decision, on typed values, and are
//! tested natively; [`json`] reads and writes JSON through serde. [`browser`]
//! holds the thin browser effects (web-sys, gloo) and [`Nango`] puts both
//! together; with the feature `js`, the same `Nango` and `ConnectUi` are
//! exported to JavaScript (the npm package), converting JS values at the edge.

#![deny(missing_docs)]

mod browser;
mod client;
mod connect_ui;
mod credentials;
mod de;
mod error;
mod host;
#[cfg(feature = "js")]
mod js;
mod json;
mod oauth_flow;
mod options;
mod plan;
mod popup_layout;
mod progress;
mod query;
mod response;

/// The npm package's allocator: a small free-list allocator instead of the
/// default one (a few KB of the `.wasm`). The module is single-threaded.
#[cfg(all(feature = "npm-package", target_arch = "wasm32"))]
#[global_allocator]
// SAFETY: the package's wasm module runs on one thread (no shared memory).
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

pub use browser::connect_ui::{ConnectUi, ConnectUiMessage, EventHandler};
pub use client::{abortable, AuthFuture, Nango};
pub use connect_ui::{ConnectUiEvent, ConnectUiOptions, ConnectUiPalette, ConnectUiSettings, ConnectUiTheme};
pub use credentials::{Credentials, FieldValue, Fields};
pub use error::{AuthError, ErrorKind};
pub use options::{AppCredential, AuthOptions, NangoOptions, OAuthOverrides};
pub use progress::{AuthEvent, AuthEventKind, OnAuthEvent, ResultSource};
pub use response::AuthSuccess;
