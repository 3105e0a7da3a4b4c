//! A Nango-compatible browser SDK: let the users of a web app connect their
//! third-party accounts (Zendesk, Salesforce, GitHub, ...) from the app's own
//! UI, through [Nango](https://nango.dev) (Nango Cloud or self-hosted).
//!
//! With credentials the app collected (an API key, a username and password,
//! ...), an auth call is one POST to the Nango server; without, it is the
//! OAuth popup. Either way it ends with the connection the server made
//! ([`AuthSuccess`]) or with a typed [`AuthError`]. It works in any Rust web
//! app compiled to `wasm32-unknown-unknown` (Leptos, Yew, plain
//! web-sys); it is also what the npm package `nango-frontend-wasm` runs.
//!
//! # A custom UI, step by step
//!
//! **1. Your backend makes a connect session** for the signed-in user, with
//! your Nango secret key (never in the browser):
//!
//! ```text
//! POST https://api.nango.dev/connect/sessions
//! Authorization: Bearer <secret key>
//! {"end_user": {"id": "user-42", "email": "ada@acme.io"}, "allowed_integrations": ["zendesk", "github"]}
//!
//! 201 {"data": {"token": "nango_connect_session_…", "expires_at": "…"}}
//! ```
//!
//! **2. The page makes a client** with that token (valid 30 minutes):
//!
//! ```
//! use nango_frontend::{Nango, NangoOptions};
//!
//! # fn run(token: String) -> Result<(), nango_frontend::AuthError> {
//! let nango = Nango::new(
//!     NangoOptions::default()
//!         .connect_session_token(token)
//!         .host("https://api.nango.dev"), // or your self-hosted Nango
//! )?;
//! # Ok(()) }
//! ```
//!
//! **3. Credentials from your own form** (API key, username and password,
//! and every other mode of [`Credentials`]): one POST. Connection params
//! travel with it and are stored in the connection's `connection_config`.
//!
//! ```no_run
//! use nango_frontend::{AuthOptions, Credentials, Nango};
//!
//! # async fn save(nango: &Nango, api_key: String) -> Result<(), nango_frontend::AuthError> {
//! let connection = nango
//!     .auth(
//!         "zendesk",
//!         AuthOptions::default()
//!             .credentials(Credentials::api_key(api_key))
//!             .param("subdomain", "acme"),
//!     )
//!     .await?;
//! println!("connected: {}", connection.connection_id);
//! # Ok(()) }
//! ```
//!
//! **4. OAuth, in the click handler.** Browsers only open a popup during a
//! click: call [`Nango::auth`] from the handler, directly or inside the
//! task it spawns (before any other `.await`), and the SDK opens the popup
//! right after the code running now returns, still within the click.
//! Progress events ([`AuthOptions::on_event`]) let the page say where the
//! flow stands.
//!
//! ```no_run
//! use nango_frontend::{AuthEventKind, AuthOptions, Nango};
//!
//! fn on_connect_github_click(nango: Nango) {
//!     wasm_bindgen_futures::spawn_local(async move {
//!         // e.g. set a "Connecting…" signal here
//!         let result = nango
//!             .auth(
//!                 "github",
//!                 AuthOptions::default()
//!                     .param("oauth_scopes_override", "read:user,gist")
//!                     .detect_closed_auth_window(true)
//!                     .on_event(|event| match event.kind {
//!                         AuthEventKind::ServerConnected => { /* "Waiting for GitHub…" */ }
//!                         AuthEventKind::PopupClosed => { /* "Popup closed" */ }
//!                         _ => {}
//!                     }),
//!             )
//!             .await;
//!         match result {
//!             Ok(connection) => { /* show "Connected", keep connection.connection_id */ }
//!             Err(e) => { /* show e.error_type() and e.message() */ }
//!         }
//!     });
//! }
//! ```
//!
//! In Leptos this is the body of an `on:click` closure; in Yew of a
//! `Callback`. Calling `auth()` in the handler and awaiting its future in
//! a task works the same. After an `.await` of something else (a fetch),
//! Chromium and Firefox still open the popup (for 5 s after the click);
//! WebKit refuses it and the call fails with `blocked_by_browser`: open a
//! window in the handler and pass it ([`AuthOptions::popup`]). Progress
//! callbacks run outside the SDK's own poll, and a call's future ends once
//! its events were delivered.
//!
//! **5. Errors** are [`AuthError`]s: a matchable [`ErrorKind`], the `type`
//! string of the official JavaScript SDK or the server's code, a message
//! that is never empty, and the HTTP status when the server answered. Bad
//! input is refused before any request, with the code the server would have
//! answered.
//!
//! ```
//! use nango_frontend::{AuthError, ErrorKind};
//!
//! fn explain(e: &AuthError) -> String {
//!     match e.kind() {
//!         ErrorKind::WindowClosed => "You closed the window before finishing.".into(),
//!         ErrorKind::BlockedByBrowser => "Allow popups for this site.".into(),
//!         ErrorKind::Server(code) if code == "connection_test_failed" => "The key was refused.".into(),
//!         _ => e.message().to_owned(),
//!     }
//! }
//! # assert_eq!(explain(&AuthError::new(ErrorKind::WindowClosed, "")), "You closed the window before finishing.");
//! ```
//!
//! # Ending a flow
//!
//! Every flow settles, also with no option set: a popup flow gives up after
//! [`DEFAULT_POPUP_TIMEOUT`] (5 minutes), a request after
//! [`DEFAULT_REQUEST_TIMEOUT`] (30 s), with [`ErrorKind::Timeout`];
//! [`AuthOptions::timeout`] sets another limit. Dropping an [`AuthFuture`]
//! ends its flow and releases everything it holds (request, popup,
//! WebSocket, listeners, timers); [`AuthOptions::signal`] ties a flow to an
//! `AbortSignal`; [`Nango::clear`] and a newer popup flow end the one in
//! progress ([`ErrorKind::Cancelled`]). Every call reports
//! [`Settled`](AuthEventKind::Settled) once, however it ends.
//!
//! # Server-side rendering
//!
//! In a framework that renders on the server too (Leptos, Yew SSR),
//! make the client and its calls on the client: in an effect,
//! or in the event handler. On the server (any target other than wasm32),
//! [`Nango::new`] only checks its options, and every call returns
//! [`ErrorKind::UnsupportedEnvironment`] without touching a browser API:
//!
//! ```
//! use nango_frontend::{AuthOptions, ErrorKind, Nango, NangoOptions};
//! use std::future::Future;
//! use std::task::{Context, Poll, Waker};
//!
//! let nango = Nango::new(NangoOptions::default().connect_session_token("nango_connect_session_..."))?;
//! let mut flow = nango.auth("github", AuthOptions::default());
//! # #[cfg(not(target_arch = "wasm32"))]
//! match flow.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
//!     // Off the browser the call ends at once, typed.
//!     Poll::Ready(Err(e)) => assert_eq!(e.kind(), &ErrorKind::UnsupportedEnvironment),
//!     _ => unreachable!(),
//! }
//! # Ok::<(), nango_frontend::AuthError>(())
//! ```
//!
//! # Panics
//!
//! A panic in a Rust app is the app's: the SDK installs no panic hook and
//! keeps no list of what it has open. With `panic = "abort"` (the usual
//! release profile for wasm) the app's instance stops, the SDK's flows with
//! it; install `console_error_panic_hook` to see the message. The npm
//! package (feature `js`) is its own instance: there a panic rejects every
//! pending call with `unknown_error` and its message, releases the popups,
//! sockets, listeners, timers and requests, and the next call runs on a
//! fresh instance.
//!
//! # The managed Connect UI
//!
//! [`Nango::open_connect_ui`] (or [`ConnectUi::new`]) shows Nango's own UI in
//! a full-screen iframe; its events come typed ([`ConnectUiEvent`]).
//!
//! # Features
//!
//! - `js`: the JavaScript exports of the npm package (`Nango` and
//!   `ConnectUI`, with `#[wasm_bindgen]`); a Rust app does not need it. It
//!   needs wasm-bindgen 0.2.118 or newer (js-sys 0.3.95); the crate
//!   without it, 0.2.100. The
//!   package itself is built from a crate of its own (`npm/` in the
//!   repository), which also brings its allocator: no feature of this crate
//!   replaces an app's allocator.
//!
//! # How it is built
//!
//! Every decision (option checks, URLs and their encoding, request bodies,
//! the server's answers, the OAuth popup flow's state machine) is made by
//! pure modules on typed values, tested natively with `cargo test`; thin
//! browser modules (web-sys, gloo) do the effects, each an owned value that
//! releases its resource when dropped.

#![deny(missing_docs)]

mod browser;
mod callback;
mod client;
mod connect_ui;
mod credentials;
mod de;
mod error;
mod host;
#[cfg(feature = "js")]
mod js;
mod js_options;
mod json;
mod oauth_flow;
mod options;
mod plan;
mod popup_layout;
mod progress;
// Native only: proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties;
#[cfg(test)]
mod test_support;

// The unit tests also run in the browser (wasm-pack test --lib), on the
// browser's JSON and URL.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
mod query;
mod response;

pub use browser::connect_ui::ConnectUi;
pub use callback::Callback;
pub use client::{AuthFuture, Nango};
pub use connect_ui::{
    ConnectUiEvent, ConnectUiMessage, ConnectUiOptions, ConnectUiPalette, ConnectUiSettings,
    ConnectUiTheme, OnConnectUiEvent,
};
pub use credentials::{Credentials, FieldValue, Fields};
pub use error::{AuthError, ErrorKind};
pub use options::{
    AppCredential, AuthOptions, NangoOptions, OAuthOverrides, DEFAULT_POPUP_TIMEOUT,
    DEFAULT_REQUEST_TIMEOUT, MAX_TIMEOUT,
};
pub use progress::{AuthEvent, AuthEventKind, OnAuthEvent, ResultSource};
pub use response::AuthSuccess;
