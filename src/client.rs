//! [`Nango`], the client: the typed Rust API of the SDK.

use std::cell::RefCell;
use std::future::Future;
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
use crate::options::{
    AuthOptions, NangoOptions, DEFAULT_POPUP_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS,
};
use crate::plan::{redact_url, AuthPlan, ClientConfig};
use crate::progress::AuthEventKind;
use crate::response::{self, AuthSuccess};

/// The future of an auth call. Dropping it cancels the flow and releases
/// everything it holds (request, popup, socket, listeners, timers).
///
/// ```
/// # use nango_frontend::{AuthFuture, AuthOptions, Nango};
/// # fn run(nango: &Nango) {
/// let flow: AuthFuture = nango.auth("github", AuthOptions::default()); // the popup is open now
/// drop(flow); // ... and closed again: nothing is left behind
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

impl Nango {
    /// A client for `options`; an unusable host is an `invalid_host_url`
    /// error. A missing or malformed token is reported by the first auth call.
    ///
    /// ```
    /// use nango_frontend::{ErrorKind, Nango, NangoOptions};
    ///
    /// let nango = Nango::new(NangoOptions::default().connect_session_token("nango_connect_session_...").host("https://nango.example.com"));
    /// assert!(nango.is_ok());
    /// let bad = Nango::new(NangoOptions::default().host("ftp://nango.example.com")).unwrap_err();
    /// assert_eq!(bad.kind(), &ErrorKind::InvalidHostUrl);
    /// ```
    pub fn new(options: NangoOptions) -> Result<Nango, AuthError> {
        let config = ClientConfig::new(&options)?;
        log::debug_with(
            options.debug,
            "Debug mode is enabled. Using host:",
            config.urls.base.as_str(),
        );
        let inner = Inner {
            config,
            width: if options.width == 0 {
                500
            } else {
                options.width
            },
            height: if options.height == 0 {
                600
            } else {
                options.height
            },
            debug: options.debug,
            current: RefCell::new(None),
        };
        Ok(Nango {
            inner: Rc::new(inner),
        })
    }

    /// Connects an account of `integration_id`: with credentials in
    /// `options`, one POST to the server; without, the OAuth popup.
    ///
    /// The popup is opened before this returns: call it directly in the
    /// click handler, not after an `.await`, or browsers block it. A popup
    /// flow still in progress settles with `cancelled`.
    ///
    /// ```
    /// use nango_frontend::{AuthEventKind, AuthOptions, Nango};
    ///
    /// // In the click handler, before any `.await`: the popup opens now.
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
        self.auth_with_popup(integration_id, None, options, None)
    }

    /// [`auth`](Self::auth) for a given connection id (legacy public-key
    /// mode: the server refuses connection ids with connect session tokens).
    ///
    /// ```
    /// # use nango_frontend::{AuthOptions, Credentials, Nango, NangoOptions};
    /// # async fn run() -> Result<(), nango_frontend::AuthError> {
    /// let nango = Nango::new(NangoOptions::default().public_key("00000000-0000-4000-8000-000000000000"))?;
    /// let options = AuthOptions::default().credentials(Credentials::api_key("sk-123"));
    /// let connection = nango.auth_connection("pagerduty", Some("crm-user-42"), options).await?;
    /// assert_eq!(connection.connection_id, "crm-user-42");
    /// # Ok(()) }
    /// ```
    pub fn auth_connection(
        &self,
        integration_id: &str,
        connection_id: Option<&str>,
        options: AuthOptions,
    ) -> AuthFuture {
        self.auth_with_popup(integration_id, connection_id, options, None)
    }

    /// [`auth_connection`](Self::auth_connection), with a popup window the
    /// app opened itself (for apps that must open it before an `await`).
    /// Ignored by flows that need no popup.
    ///
    /// ```
    /// # use nango_frontend::{AuthOptions, Nango};
    /// # async fn run(nango: Nango, fetch_reconnect_token: impl std::future::Future<Output = String>) {
    /// // The app has to await something first: it opens the window itself, in the click.
    /// let window = web_sys::window().unwrap();
    /// let popup = window.open_with_url_and_target_and_features("", "_blank", "width=500,height=600").ok().flatten();
    /// let _token = fetch_reconnect_token.await;
    /// let result = nango.auth_with_popup("github", None, AuthOptions::default(), popup).await;
    /// # }
    /// ```
    pub fn auth_with_popup(
        &self,
        integration_id: &str,
        connection_id: Option<&str>,
        options: AuthOptions,
        popup: Option<web_sys::Window>,
    ) -> AuthFuture {
        let (flow, progress) =
            self.start(Method::Auth, integration_id, connection_id, options, popup);
        settled(flow, progress)
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

    /// Opens the popup now (synchronously) and returns the flow that drives it.
    fn start_popup_flow(
        &self,
        url: String,
        options: &AuthOptions,
        popup: Option<web_sys::Window>,
        progress: Progress,
    ) -> AuthFuture {
        let inner = &self.inner;
        let popup = match popup {
            Some(window) => Popup::adopt(window),
            None => Popup::open(inner.width, inner.height),
        };
        // The flow this one replaces is cancelled after the new popup is
        // open, not before: Firefox runs pending promise jobs inside
        // `window.open()`, so a flow cancelled first would be rejected
        // there, before the app that made both calls in one click could
        // attach its handlers (an `unhandledrejection`).
        if let Some(previous) = inner.current.borrow_mut().take() {
            previous.cancel(AuthError::new(
                ErrorKind::Cancelled,
                "A newer auth() call replaced this authorization flow.",
            ));
        }
        let popup = match popup {
            Ok(p) => p,
            Err(e) => {
                progress.report(AuthEventKind::PopupBlocked);
                return ready_err(e);
            }
        };
        progress.report(AuthEventKind::PopupOpened);
        let cancel = CancelHandle::new();
        *inner.current.borrow_mut() = Some(cancel.clone());
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
            #[cfg(feature = "test-hooks")]
            panic_after_ms: options.panic_after_ms,
        };
        let me = Rc::clone(&self.inner);
        Box::pin(async move {
            let result = popup_flow::run(popup, config, cancel.clone()).await;
            let mut current = me.current.borrow_mut();
            if current.as_ref().is_some_and(|c| c.same_as(&cancel)) {
                *current = None;
            }
            result
        })
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
        self.reconnect_with_popup(integration_id, options, None)
    }

    /// [`reconnect`](Self::reconnect) with a popup window the app opened itself.
    ///
    /// ```
    /// # use nango_frontend::{AuthOptions, Nango};
    /// # fn run(nango: Nango, popup: web_sys::Window) {
    /// let flow = nango.reconnect_with_popup("github", AuthOptions::default(), Some(popup));
    /// # }
    /// ```
    pub fn reconnect_with_popup(
        &self,
        integration_id: &str,
        options: AuthOptions,
        popup: Option<web_sys::Window>,
    ) -> AuthFuture {
        let (flow, progress) = self.start(Method::Reconnect, integration_id, None, options, popup);
        settled(flow, progress)
    }

    /// Opens the managed Connect UI in a full-screen iframe. The session
    /// token defaults to the client's, the API URL to the client's host.
    /// `on_event` receives each event the UI posts.
    ///
    /// ```
    /// # use nango_frontend::{ConnectUiEvent, ConnectUiOptions, Nango};
    /// # fn run(nango: Nango) -> Result<(), nango_frontend::AuthError> {
    /// let ui = nango.open_connect_ui(
    ///     ConnectUiOptions::default().lang("fr"),
    ///     Some(Box::new(|message| {
    ///         if let ConnectUiEvent::Connect(connection) = message.event() {
    ///             // connection.connection_id
    ///         }
    ///     })),
    /// )?;
    /// # Ok(()) }
    /// ```
    pub fn open_connect_ui(
        &self,
        mut options: ConnectUiOptions,
        on_event: Option<crate::browser::connect_ui::EventHandler>,
    ) -> Result<ConnectUi, AuthError> {
        if options.session_token.is_none() {
            options.session_token = self.inner.config.session_token().map(str::to_owned);
        }
        let target = options.target(&self.inner.config.urls.base)?;
        let ui = ConnectUi::for_target(target, options.session_token.clone(), on_event);
        ui.open()?;
        Ok(ui)
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
        self.create_connection(integration_id, None, options)
    }

    /// [`create`](Self::create) for a given connection id (legacy public-key mode).
    ///
    /// ```no_run
    /// # use nango_frontend::{AuthOptions, Nango};
    /// # async fn run(nango: Nango) -> Result<(), nango_frontend::AuthError> {
    /// nango.create_connection("public-api", Some("crm-user-42"), AuthOptions::default()).await?;
    /// # Ok(()) }
    /// ```
    pub fn create_connection(
        &self,
        integration_id: &str,
        connection_id: Option<&str>,
        options: AuthOptions,
    ) -> AuthFuture {
        let (flow, progress) =
            self.start(Method::Create, integration_id, connection_id, options, None);
        settled(flow, progress)
    }

    /// Starts a call: checks its input, then makes its request or opens its
    /// popup (now, synchronously). Returns the flow, with the call's timeout,
    /// and where it reports; [`settled`] adds the last report.
    pub(crate) fn start(
        &self,
        method: Method,
        integration_id: &str,
        connection_id: Option<&str>,
        options: AuthOptions,
        popup: Option<web_sys::Window>,
    ) -> (AuthFuture, Progress) {
        let progress = Progress::new(self.inner.debug, options.on_event.clone());
        let config = &self.inner.config;
        let plan = match method {
            Method::Auth => config.plan_auth(integration_id, connection_id, &options),
            Method::Reconnect => config
                .check_reconnect()
                .and_then(|()| config.plan_auth(integration_id, None, &options)),
            Method::Create => config.plan_create(integration_id, connection_id, &options),
        };
        let flow = self.run(plan, &options, popup, &progress);
        (flow, progress)
    }

    /// Starts what `plan` says (a POST, or the popup, opened now), with the
    /// call's timeout.
    fn run(
        &self,
        plan: Result<AuthPlan, AuthError>,
        options: &AuthOptions,
        popup: Option<web_sys::Window>,
        progress: &Progress,
    ) -> AuthFuture {
        let default_timeout = match &plan {
            Ok(AuthPlan::Popup { .. }) => DEFAULT_POPUP_TIMEOUT_MS,
            _ => DEFAULT_REQUEST_TIMEOUT_MS,
        };
        let flow: AuthFuture = match plan {
            Err(e) => {
                log::debug_with(
                    self.inner.debug,
                    "Refused before any request:",
                    e.error_type(),
                );
                return ready_err(e);
            }
            Ok(AuthPlan::Post { url, body }) => {
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
            Ok(AuthPlan::Popup { url }) => {
                self.start_popup_flow(url, options, popup, progress.clone())
            }
        };
        match options.timeout_ms {
            Some(ms) => with_timeout(flow, ms, ""),
            None => with_timeout(
                flow,
                default_timeout,
                " (the default: set a timeout to wait longer)",
            ),
        }
    }
}

/// The methods of the API that start a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Auth,
    Reconnect,
    Create,
}

/// `flow`, reporting `settled` when it ends.
pub(crate) fn settled(flow: AuthFuture, progress: Progress) -> AuthFuture {
    Box::pin(async move {
        let result = flow.await;
        let error_type = result.as_ref().err().map(|e| e.error_type().to_owned());
        progress.report(AuthEventKind::Settled { error_type });
        result
    })
}

/// `flow`, settled with `aborted` when `signal` aborts (at once if it
/// already has), and then dropped: its request, popup and socket are
/// released. Dropping the flow is the Rust way to end it; this is for apps
/// that already hold an `AbortSignal`.
///
/// ```no_run
/// use nango_frontend::{abortable, AuthOptions, Nango};
///
/// # fn run(nango: &Nango) {
/// let controller = web_sys::AbortController::new().unwrap();
/// let flow = abortable(nango.auth("github", AuthOptions::default()), controller.signal());
/// // ... later, from a "Cancel" button:
/// controller.abort();
/// # drop(flow); }
/// ```
pub fn abortable(flow: AuthFuture, signal: web_sys::AbortSignal) -> AuthFuture {
    Box::pin(browser::race(flow, async move {
        crate::browser::cancel::aborted(&signal).await;
        Err(aborted())
    }))
}

/// The error of an aborted flow.
pub(crate) fn aborted() -> AuthError {
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
