//! [`Nango`], the client: the typed Rust API of the SDK, which the npm
//! package's JavaScript API calls too (`js.rs` only converts values).

use std::cell::RefCell;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::Rc;

use crate::browser::cancel::CancelHandle;
use crate::browser::connect_ui::ConnectUi;
use crate::browser::popup::Popup;
use crate::browser::popup_flow::{self, PopupFlowConfig};
use crate::browser::progress::Progress;
use crate::browser::{self, http, log};
use crate::connect_ui::ConnectUiOptions;
use crate::error::{AuthError, ErrorKind};
use crate::options::{AuthOptions, NangoOptions, DEFAULT_POPUP_TIMEOUT, DEFAULT_REQUEST_TIMEOUT};
use crate::plan::{redact_url, AuthPlan, ClientConfig};
use crate::progress::AuthEventKind;
use crate::response::{self, AuthSuccess};

/// The future of an auth call. Dropping it cancels the flow and releases
/// everything it holds (request, popup, socket, listeners, timers); the
/// call then reports [`Settled`](AuthEventKind::Settled) with `aborted`.
///
/// ```
/// # use nango_frontend::{AuthFuture, AuthOptions, Nango};
/// # fn run(nango: &Nango) {
/// let flow: AuthFuture = nango.auth("github", AuthOptions::default()); // the popup opens right after
/// drop(flow); // ... or never: nothing is left behind
/// # }
/// ```
pub type AuthFuture = Pin<Box<dyn Future<Output = Result<AuthSuccess, AuthError>>>>;

/// A Nango client for one connect session (or public key).
///
/// ```no_run
/// use nango_frontend::{AuthOptions, Credentials, Nango, NangoOptions};
///
/// # async fn connect(token: String) -> Result<(), nango_frontend::AuthError> {
/// let nango = Nango::new(NangoOptions::default().connect_session_token(token))?;
/// let connection = nango
///     .auth("zendesk", AuthOptions::default().credentials(Credentials::api_key("sk-123")).param("subdomain", "acme"))
///     .await?;
/// println!("connected: {}", connection.connection_id);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[cfg_attr(feature = "js", wasm_bindgen::prelude::wasm_bindgen)]
pub struct Nango {
    inner: Rc<Inner>,
}

struct Inner {
    config: ClientConfig,
    width: u32,
    height: u32,
    debug: bool,
    /// The popup flow in progress, if any.
    current: RefCell<Option<CancelHandle>>,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Nango")
            .field("config", &self.config)
            .field("width", &self.width)
            .field("height", &self.height)
            .finish()
    }
}

/// The methods of the API that start a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Auth,
    Reconnect,
    Create,
}

impl Nango {
    /// A client for `options`: an unusable host is an `invalid_host_url`
    /// error, a popup size of 0 or over 100000 pixels `invalid_options`. A
    /// missing or malformed token is reported by the first auth call.
    /// Making a client uses no browser API (it can be made during
    /// server-side rendering; its calls cannot).
    ///
    /// ```
    /// use nango_frontend::{ErrorKind, Nango, NangoOptions};
    ///
    /// let nango = Nango::new(NangoOptions::default().connect_session_token("nango_connect_session_...").host("https://nango.example.com"));
    /// assert!(nango.is_ok());
    /// let bad = Nango::new(NangoOptions::default().host("ftp://nango.example.com")).unwrap_err();
    /// assert_eq!(bad.kind(), &ErrorKind::InvalidHostUrl);
    /// let flat = Nango::new(NangoOptions::default().popup_size(0, 600)).unwrap_err();
    /// assert_eq!(flat.kind(), &ErrorKind::InvalidOptions);
    /// ```
    pub fn new(options: NangoOptions) -> Result<Nango, AuthError> {
        options.check_popup_size()?;
        let config = ClientConfig::new(&options)?;
        log::debug_with(
            options.debug,
            "Debug mode is enabled. Using host:",
            config.urls.base.as_str(),
        );
        Ok(Nango {
            inner: Rc::new(Inner {
                config,
                width: options.width,
                height: options.height,
                debug: options.debug,
                current: RefCell::new(None),
            }),
        })
    }

    /// Connects an account of `integration_id`: with credentials in
    /// `options`, one POST to the server; without, the OAuth popup.
    ///
    /// The popup opens in the microtask right after the code that called
    /// this returns (never inside a poll of wasm-bindgen-futures' queue,
    /// where Firefox would stop the page's futures): call it from the click
    /// handler, directly or in the task it spawns, before any other
    /// `.await`, or browsers may block it (or give it a window the app
    /// opened itself, [`AuthOptions::popup`]). A popup flow still in
    /// progress settles with `cancelled`.
    ///
    /// ```
    /// use nango_frontend::{AuthEventKind, AuthOptions, Nango};
    ///
    /// // In the click handler (or the task it spawns), before any other `.await`.
    /// # fn on_click(nango: &Nango) {
    /// let flow = nango.auth(
    ///     "github",
    ///     AuthOptions::default()
    ///         .param("oauth_scopes_override", "read:user,repo")
    ///         .detect_closed_auth_window(true)
    ///         .on_event(|event| {
    ///             if event.kind == AuthEventKind::ServerConnected {
    ///                 // show "Waiting for GitHub…"
    ///             }
    ///         }),
    /// );
    /// wasm_bindgen_futures::spawn_local(async move {
    ///     match flow.await {
    ///         Ok(connection) => { /* connection.connection_id */ }
    ///         Err(e) => { /* e.kind(), e.message() */ }
    ///     }
    /// });
    /// # }
    /// ```
    pub fn auth(&self, integration_id: &str, options: AuthOptions) -> AuthFuture {
        self.call::<OpenSoon>(Method::Auth, integration_id, options)
    }

    /// Reconnects an existing connection: the connect session token must
    /// have been made for it. Without a token, `missing_connect_session_token`.
    ///
    /// ```
    /// # use nango_frontend::{AuthOptions, Nango, NangoOptions};
    /// # fn on_click(reconnect_token: String) -> Result<(), nango_frontend::AuthError> {
    /// // A token your backend made for this connection (POST /connect/sessions/reconnect).
    /// let nango = Nango::new(NangoOptions::default().connect_session_token(reconnect_token))?;
    /// let flow = nango.reconnect("github", AuthOptions::default());
    /// # Ok(()) }
    /// ```
    pub fn reconnect(&self, integration_id: &str, options: AuthOptions) -> AuthFuture {
        self.call::<OpenSoon>(Method::Reconnect, integration_id, options)
    }

    /// Creates a connection of an integration that needs no auth (one POST).
    ///
    /// ```no_run
    /// # use nango_frontend::{AuthOptions, Nango};
    /// # async fn run(nango: Nango) -> Result<(), nango_frontend::AuthError> {
    /// let connection = nango.create("public-api", AuthOptions::default().param("region", "eu")).await?;
    /// # Ok(()) }
    /// ```
    pub fn create(&self, integration_id: &str, options: AuthOptions) -> AuthFuture {
        self.call::<OpenSoon>(Method::Create, integration_id, options)
    }

    /// Whether debug logging is on.
    ///
    /// ```
    /// # use nango_frontend::{Nango, NangoOptions};
    /// # fn run() -> Result<(), nango_frontend::AuthError> {
    /// let nango = Nango::new(NangoOptions::default().debug(true))?; // logs to the console
    /// assert!(nango.is_debug());
    /// # Ok(()) }
    /// ```
    pub fn is_debug(&self) -> bool {
        self.inner.debug
    }

    /// Ends the popup flow in progress, if any: it settles with `cancelled`
    /// and its popup closes.
    ///
    /// ```
    /// # use nango_frontend::{AuthOptions, ErrorKind, Nango};
    /// # async fn run(nango: Nango) {
    /// let flow = nango.auth("github", AuthOptions::default());
    /// nango.clear(); // e.g. the user navigated away
    /// assert_eq!(flow.await.unwrap_err().kind(), &ErrorKind::Cancelled);
    /// # }
    /// ```
    pub fn clear(&self) {
        if let Some(flow) = self.inner.current.borrow_mut().take() {
            log::debug(self.inner.debug, "clear(): ending the flow in progress");
            flow.cancel(AuthError::new(
                ErrorKind::Cancelled,
                "clear() ended this authorization flow.",
            ));
        }
    }

    /// Opens the managed Connect UI in a full-screen iframe. The session
    /// token defaults to the client's, the API URL to the client's host.
    ///
    /// ```
    /// # use nango_frontend::{ConnectUiEvent, ConnectUiOptions, Nango};
    /// # fn run(nango: Nango) -> Result<(), nango_frontend::AuthError> {
    /// let ui = nango.open_connect_ui(ConnectUiOptions::default().lang("fr").on_event(|message| {
    ///     if let ConnectUiEvent::Connect(connection) = message.event() {
    ///         // connection.connection_id
    ///     }
    /// }))?;
    /// # Ok(()) }
    /// ```
    pub fn open_connect_ui(&self, mut options: ConnectUiOptions) -> Result<ConnectUi, AuthError> {
        if options.session_token.is_none() {
            options.session_token = self.inner.config.session_token().map(str::to_owned);
        }
        let target = options.target(&self.inner.config.urls.base)?;
        let ui = ConnectUi::for_target(target, options.session_token, options.on_event);
        ui.open()?;
        Ok(ui)
    }

    /// One call, whatever its method: its checks, its request or popup
    /// (opened as `T` says), its timeout and `AbortSignal`, and its last
    /// report. The JavaScript API calls this too.
    pub(crate) fn call<T: PopupTiming>(
        &self,
        method: Method,
        integration_id: &str,
        mut options: AuthOptions,
    ) -> AuthFuture {
        let progress = Progress::new(self.inner.debug, options.on_event.clone());
        let signal = options.signal.take();
        let flow = match self.start::<T>(
            method,
            integration_id,
            &mut options,
            signal.as_ref(),
            &progress,
        ) {
            Ok(flow) => flow,
            Err(e) => {
                log::debug_with(
                    self.inner.debug,
                    "Refused before any request:",
                    e.error_type(),
                );
                ready_err(e)
            }
        };
        let flow = match signal {
            Some(signal) if browser::IN_BROWSER => with_signal(flow, signal),
            _ => flow,
        };
        settled(flow, progress)
    }

    /// Checks the call, then makes its request or opens its popup, with its
    /// timeout. Nothing is sent or opened when a check fails, off the
    /// browser, or when `signal` has already aborted.
    fn start<T: PopupTiming>(
        &self,
        method: Method,
        integration_id: &str,
        options: &mut AuthOptions,
        signal: Option<&web_sys::AbortSignal>,
        progress: &Progress,
    ) -> Result<AuthFuture, AuthError> {
        if !browser::IN_BROWSER {
            return Err(browser::unsupported());
        }
        if signal.is_some_and(web_sys::AbortSignal::aborted) {
            return Err(aborted());
        }
        let config = &self.inner.config;
        let connection_id = options.connection_id.as_deref();
        let plan = match method {
            Method::Auth => config.plan_auth(integration_id, connection_id, options)?,
            Method::Reconnect => {
                config.check_reconnect()?;
                config.plan_auth(integration_id, None, options)?
            }
            Method::Create => config.plan_create(integration_id, connection_id, options)?,
        };
        let (timeout_ms, flow) = match plan {
            AuthPlan::Post { url, body } => {
                let timeout = options.timeout_ms_or(DEFAULT_REQUEST_TIMEOUT)?;
                (timeout, self.post(url, body))
            }
            AuthPlan::Popup { url } => {
                let timeout = options.timeout_ms_or(DEFAULT_POPUP_TIMEOUT)?;
                let popup = options.popup.take();
                (
                    timeout,
                    self.start_popup_flow::<T>(url, options, popup, progress.clone()),
                )
            }
        };
        let note = if options.timeout.is_none() {
            " (the default: set a timeout to wait longer)"
        } else {
            ""
        };
        Ok(with_timeout(flow, timeout_ms, note))
    }

    /// The credentials' (or `create()`'s) POST.
    fn post(&self, url: String, body: Option<crate::credentials::Credentials>) -> AuthFuture {
        let debug = self.inner.debug;
        if debug {
            log::debug_with(true, "POST", redact_url(&url));
        }
        let body = body.and_then(|credentials| crate::json::to_string(&credentials));
        Box::pin(async move {
            let (status, text) = http::post_json(&url, body.as_deref()).await?;
            log::debug_with(debug, "HTTP", status);
            response::decode(status, &text)
        })
    }

    /// Opens the popup (now, or in the microtask right after: `T`) and
    /// returns the flow that drives it.
    fn start_popup_flow<T: PopupTiming>(
        &self,
        url: String,
        options: &AuthOptions,
        popup: Option<web_sys::Window>,
        progress: Progress,
    ) -> AuthFuture {
        let inner = &self.inner;
        let popup = match popup {
            Some(window) => Popup::adopt(window),
            None if T::SOON => {
                let opening = Popup::open_soon(inner.width, inner.height);
                let (cancel, current, config) = self.replace_current(url, options, progress);
                return Box::pin(async move {
                    let _current = current;
                    let opened = browser::race(async { Ok(opening.await) }, async {
                        Err(poll_fn(|cx| cancel.poll_cancelled(cx)).await)
                    })
                    .await?;
                    let popup = config.progress.opened(opened)?;
                    popup_flow::run(popup, config, cancel).await
                });
            }
            None => Popup::open(inner.width, inner.height),
        };
        let (cancel, current, config) = self.replace_current(url, options, progress);
        match config.progress.opened(popup) {
            Ok(popup) => Box::pin(async move {
                let _current = current;
                popup_flow::run(popup, config, cancel).await
            }),
            Err(e) => ready_err(e),
        }
    }

    /// Cancels the client's flow in progress, if any, and makes the new
    /// flow the one in progress: its cancel handle, the registration that
    /// forgets it when it ends, and its configuration.
    fn replace_current(
        &self,
        url: String,
        options: &AuthOptions,
        progress: Progress,
    ) -> (CancelHandle, Current, PopupFlowConfig) {
        let inner = &self.inner;
        // A popup opened at once (`OpenNow`) is open by now: the flow this
        // one replaces is cancelled after it, not before, since Firefox runs
        // pending promise jobs inside `window.open()`, and a flow cancelled
        // first would be rejected there, before the app that made both
        // calls in one click could attach its handlers (an
        // `unhandledrejection`). A popup opened soon (`OpenSoon`) opens
        // after this, outside the caller's code.
        if let Some(previous) = inner.current.borrow_mut().take() {
            previous.cancel(AuthError::new(
                ErrorKind::Cancelled,
                "A newer auth() call replaced this authorization flow.",
            ));
        }
        let cancel = CancelHandle::new();
        *inner.current.borrow_mut() = Some(cancel.clone());
        let current = Current {
            inner: Rc::clone(inner),
            cancel: cancel.clone(),
        };
        let token_check = inner.config.session_token().map(|token| {
            (
                format!("{}/connect/session", inner.config.urls.base),
                token.to_owned(),
            )
        });
        let config = PopupFlowConfig {
            url,
            websocket_url: inner.config.urls.websocket.clone(),
            origin: inner.config.urls.origin.clone(),
            detect_closed: options.detect_closed_auth_window,
            debug: inner.debug,
            token_check,
            progress,
            #[cfg(nango_test_hooks)]
            panic_after_ms: options.panic_after_ms,
        };
        (cancel, current, config)
    }
}

/// When a call opens its popup: a type, so that a build that never opens
/// one of the two ways (the npm package only opens at once) carries no
/// code for the other.
pub(crate) trait PopupTiming {
    /// In the microtask right after the call, rather than before it returns.
    const SOON: bool;
}

/// Before the call returns: JavaScript apps' calls, which never run inside
/// a poll of the module's own task queue (the SDK calls no app code from
/// there: progress events are delivered from microtasks of their own,
/// `browser::progress`).
#[cfg_attr(not(feature = "js"), allow(dead_code))]
pub(crate) struct OpenNow;

impl PopupTiming for OpenNow {
    const SOON: bool = false;
}

/// In the microtask right after the call (`Popup::open_soon`): Rust apps'
/// calls, which may run inside a poll of wasm-bindgen-futures' queue (the
/// `spawn_local(async move { ... auth().await })` of Leptos and Yew
/// handlers), where `window.open()` must not be called.
pub(crate) struct OpenSoon;

impl PopupTiming for OpenSoon {
    const SOON: bool = true;
}

/// The flow in progress of a client, forgotten when the flow ends or is
/// dropped (unless a newer one replaced it).
struct Current {
    inner: Rc<Inner>,
    cancel: CancelHandle,
}

impl Drop for Current {
    fn drop(&mut self) {
        if let Ok(mut current) = self.inner.current.try_borrow_mut() {
            if current.as_ref().is_some_and(|c| c.same_as(&self.cancel)) {
                *current = None;
            }
        }
    }
}

/// Reports [`Settled`](AuthEventKind::Settled) when the call ends, and
/// also when its future is dropped before (as `aborted`).
struct SettleReport(Option<Progress>);

impl Drop for SettleReport {
    fn drop(&mut self) {
        if let Some(progress) = self.0.take() {
            progress.report(AuthEventKind::Settled {
                error_type: Some(ErrorKind::Aborted.as_str().to_owned()),
            });
        }
    }
}

/// `flow`, reporting `settled` when it ends (or is dropped), and ending once
/// its events have reached the app.
fn settled(flow: AuthFuture, progress: Progress) -> AuthFuture {
    Box::pin(async move {
        let mut report = SettleReport(Some(progress));
        let result = flow.await;
        if let Some(progress) = report.0.take() {
            let error_type = result.as_ref().err().map(|e| e.error_type().to_owned());
            progress.report(AuthEventKind::Settled { error_type });
            // The app's callback runs in a microtask (browser::progress):
            // the result waits for it, so that every event comes first.
            progress.delivered().await;
        }
        result
    })
}

/// `flow`, settled with `aborted` when `signal` aborts, and then dropped:
/// its request, popup and socket are released.
fn with_signal(flow: AuthFuture, signal: web_sys::AbortSignal) -> AuthFuture {
    Box::pin(browser::race(flow, async move {
        crate::browser::cancel::aborted(&signal).await;
        Err(aborted())
    }))
}

/// The error of an aborted flow.
fn aborted() -> AuthError {
    AuthError::new(
        ErrorKind::Aborted,
        "The app aborted the authorization flow (AbortSignal).",
    )
}

/// `flow`, failing with `timeout` after `ms` (and then dropped, which
/// releases its request, popup and socket); `note` ends the message.
fn with_timeout(flow: AuthFuture, ms: u32, note: &'static str) -> AuthFuture {
    Box::pin(browser::race(flow, async move {
        browser::timer::Sleep::new(ms).await;
        Err(AuthError::new(
            ErrorKind::Timeout,
            format!("The authorization flow did not finish within {ms} ms{note}."),
        ))
    }))
}

fn ready_err(e: AuthError) -> AuthFuture {
    Box::pin(std::future::ready(Err(e)))
}
