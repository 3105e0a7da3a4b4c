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
//! Layout: the pure modules ([`json`], [`encode`], [`host`], [`credentials`],
//! [`options`], [`plan`], [`response`], [`popup_layout`], [`oauth_flow`],
//! [`error`]) hold every decision and are tested natively; `browser` holds the thin browser
//! effects, [`client`] puts both together. `js` (feature `js`) is the npm
//! package's WebAssembly side: the pure modules' decisions as plain-data
//! calls, for the package's JavaScript entry, which does the browser effects.

#![deny(missing_docs)]
// The npm package's module is `no_std`: its panics end in a trap (see
// `panic` below) instead of std's formatting panic machinery, and nothing in
// it formats with `core::fmt` (`text::cat!` instead of `format!`), so that
// code is not in the `.wasm`, but for the standard out-of-memory report.
#![cfg_attr(all(feature = "npm-package", target_arch = "wasm32"), no_std)]

extern crate alloc;

pub mod credentials;
pub mod encode;
pub mod error;
pub mod host;
pub mod json;
pub mod oauth_flow;
pub mod options;
pub mod plan;
pub mod popup_layout;
pub mod response;
mod prelude;
mod text;

#[cfg(feature = "browser")]
pub mod browser;
#[cfg(feature = "browser")]
pub mod client;
pub mod connect_ui;

#[cfg(feature = "js")]
mod js;

/// The npm package's allocator: a small free-list allocator instead of the
/// default one (several KB of the `.wasm`). The module is single-threaded.
#[cfg(all(feature = "npm-package", target_arch = "wasm32"))]
#[global_allocator]
// SAFETY: the package's wasm module runs on one thread (no shared memory).
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

/// A panic in the npm package's module (none is expected: it has no
/// `unwrap`, and its indexes are checked) ends the call in a trap, which the
/// package's entry reports as an `unknown_error`.
#[cfg(all(feature = "npm-package", target_arch = "wasm32"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(feature = "browser")]
pub use browser::connect_ui::ConnectUi;
#[cfg(feature = "browser")]
pub use client::{AuthFuture, Nango};
pub use connect_ui::{ConnectUiEvent, ConnectUiOptions};
pub use credentials::Credentials;
pub use error::{AuthError, ErrorKind};
pub use options::{AppCredential, AuthOptions, NangoOptions, OAuthOverrides};
pub use response::AuthSuccess;
