//! Options of the client and of each auth call, as plain values.
//!
//! Rust apps build them with `Default` and the builder-style setters.
//! JavaScript apps pass the official SDK's option objects, which
//! `js_options` reads into the same values.

use std::time::Duration;

use crate::credentials::Credentials;
use crate::error::{AuthError, ErrorKind};
use crate::host::{DEFAULT_HOST, DEFAULT_WEBSOCKETS_PATH};
use crate::progress::OnAuthEvent;

/// How the app authenticates its end user's auth calls to Nango.
///
/// ```
/// use nango_frontend::{AppCredential, NangoOptions};
///
/// let options = NangoOptions::default().connect_session_token("nango_connect_session_...");
/// assert!(matches!(options.credential, Some(AppCredential::ConnectSessionToken(_))));
/// // The token never shows in logs.
/// assert_eq!(format!("{:?}", options.credential), "Some(ConnectSessionToken(<redacted>))");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub enum AppCredential {
    /// A connect session token made by the app's backend
    /// (`nango_connect_session_` + 64 hex digits).
    ConnectSessionToken(String),
    /// The deprecated public key of the environment (a UUID).
    PublicKey(String),
}

/// Never prints the token or key itself.
impl std::fmt::Debug for AppCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AppCredential::ConnectSessionToken(_) => "ConnectSessionToken(<redacted>)",
            AppCredential::PublicKey(_) => "PublicKey(<redacted>)",
        })
    }
}

/// Options of [`Nango::new`](crate::Nango::new).
///
/// ```
/// use nango_frontend::NangoOptions;
///
/// let options = NangoOptions::default()
///     .connect_session_token("nango_connect_session_0123")
///     .host("http://127.0.0.1:3003")
///     .popup_size(600, 700);
/// assert_eq!(options.width, 600);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NangoOptions {
    /// Connect session token or public key; `None` is fine for an app that
    /// only opens the Connect UI, and an error on the first auth call otherwise.
    pub credential: Option<AppCredential>,
    /// API base URL (default `https://api.nango.dev`).
    pub host: String,
    /// WebSocket path, relative to `host` (default `/`).
    pub websockets_path: String,
    /// Popup width in CSS pixels (default 500; 1 to 100000).
    pub width: u32,
    /// Popup height in CSS pixels (default 600; 1 to 100000).
    pub height: u32,
    /// Log each step to the console (never a token or a credential).
    pub debug: bool,
}

impl Default for NangoOptions {
    fn default() -> Self {
        NangoOptions {
            credential: None,
            host: DEFAULT_HOST.to_owned(),
            websockets_path: DEFAULT_WEBSOCKETS_PATH.to_owned(),
            width: 500,
            height: 600,
            debug: false,
        }
    }
}

impl NangoOptions {
    /// Authenticates with a connect session token.
    ///
    /// ```
    /// # use nango_frontend::NangoOptions;
    /// // The token your backend made with POST /connect/sessions.
    /// let options = NangoOptions::default().connect_session_token("nango_connect_session_...");
    /// ```
    pub fn connect_session_token(mut self, token: impl Into<String>) -> Self {
        self.credential = Some(AppCredential::ConnectSessionToken(token.into()));
        self
    }

    /// Authenticates with the deprecated public key.
    ///
    /// ```
    /// # use nango_frontend::NangoOptions;
    /// let options = NangoOptions::default().public_key("00000000-0000-4000-8000-000000000000");
    /// ```
    pub fn public_key(mut self, key: impl Into<String>) -> Self {
        self.credential = Some(AppCredential::PublicKey(key.into()));
        self
    }

    /// Sets the API base URL.
    ///
    /// ```
    /// # use nango_frontend::NangoOptions;
    /// let options = NangoOptions::default().host("https://nango.example.com");
    /// assert_eq!(options.host, "https://nango.example.com");
    /// ```
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }

    /// Sets the WebSocket path (relative to the host, or absolute).
    ///
    /// ```
    /// # use nango_frontend::NangoOptions;
    /// let options = NangoOptions::default().host("https://nango.example.com").websockets_path("/ws");
    /// ```
    pub fn websockets_path(mut self, path: impl Into<String>) -> Self {
        self.websockets_path = path.into();
        self
    }

    /// Sets the popup size; [`Nango::new`](crate::Nango::new) refuses a
    /// side of 0 or over 100000 pixels (`invalid_options`).
    ///
    /// ```
    /// # use nango_frontend::NangoOptions;
    /// let options = NangoOptions::default().popup_size(640, 720);
    /// assert_eq!((options.width, options.height), (640, 720));
    /// ```
    pub fn popup_size(mut self, width: u32, height: u32) -> Self {
        self.width = width;
        self.height = height;
        self
    }

    /// Turns debug logging on or off.
    ///
    /// ```
    /// # use nango_frontend::NangoOptions;
    /// let options = NangoOptions::default().debug(true);
    /// ```
    pub fn debug(mut self, debug: bool) -> Self {
        self.debug = debug;
        self
    }
}

/// OAuth client overrides for the popup flow, sent in the query string.
///
/// ```
/// use nango_frontend::{AuthOptions, OAuthOverrides};
///
/// let mut overrides = OAuthOverrides::default();
/// overrides.client_id = Some("my-oauth-app".into());
/// overrides.client_secret = Some("...".into());
/// let options = AuthOptions::default().oauth_overrides(overrides);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuthOverrides {
    /// `credentials[oauth_client_id_override]`
    pub client_id: Option<String>,
    /// `credentials[oauth_client_secret_override]`
    pub client_secret: Option<String>,
    /// `credentials[oauth_refresh_token_override]`
    pub refresh_token: Option<String>,
}

impl std::fmt::Debug for OAuthOverrides {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthOverrides")
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// Options of one auth call.
///
/// ```
/// use nango_frontend::{AuthOptions, Credentials};
///
/// let options = AuthOptions::default()
///     .credentials(Credentials::api_key("sk-123"))
///     .param("subdomain", "acme");
/// assert_eq!(options.params, vec![("subdomain".to_string(), "acme".to_string())]);
/// ```
#[derive(Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct AuthOptions {
    /// Credentials collected by the app: the call is then one POST, no popup.
    pub credentials: Option<Credentials>,
    /// OAuth client overrides for the popup flow.
    pub oauth_overrides: OAuthOverrides,
    /// Connection config params (`subdomain`, `oauth_scopes_override`, ...),
    /// stored by the server in the connection's `connection_config`.
    pub params: Vec<(String, String)>,
    /// HMAC digest (legacy public-key mode).
    pub hmac: Option<String>,
    /// User scopes (Slack-style), joined with commas.
    pub user_scope: Vec<String>,
    /// Extra parameters for the provider's authorize URL; `None` removes a
    /// default parameter (sent as the literal `undefined`, as the official SDK does).
    pub authorization_params: Vec<(String, Option<String>)>,
    /// `installation: 'outbound'`: the integration is installed from the provider's side.
    pub installation_outbound: bool,
    /// `assertionOption` for `TWO_STEP` integrations (sent when not empty).
    pub assertion_option: Vec<(String, String)>,
    /// Fail with `window_closed` when the user closes the popup.
    pub detect_closed_auth_window: bool,
    /// Give up after this long with a `timeout` error (at most
    /// [`MAX_TIMEOUT`], more than none); `None` is the
    /// default of the flow: [`DEFAULT_POPUP_TIMEOUT`] for the OAuth
    /// popup, [`DEFAULT_REQUEST_TIMEOUT`] for a request.
    pub timeout: Option<Duration>,
    /// The connection id (the legacy public-key mode: the server refuses
    /// one with a connect session token).
    pub connection_id: Option<String>,
    /// A popup window the app opened itself, for an app that must await
    /// something in its click handler before it calls `auth()` (WebKit
    /// refuses a popup opened after a fetch). Flows without a popup leave
    /// it alone.
    pub popup: Option<web_sys::Window>,
    /// Ends the call with `aborted` when this signal aborts; an already
    /// aborted signal ends it before anything is sent or opened.
    pub signal: Option<web_sys::AbortSignal>,
    /// Where the call reports its progress ([`AuthEvent`](crate::AuthEvent)s).
    pub on_event: Option<OnAuthEvent>,
    /// Test builds only (`--cfg nango_test_hooks`): the popup flow panics this
    /// many milliseconds after it started.
    #[cfg(nango_test_hooks)]
    #[doc(hidden)]
    pub panic_after_ms: Option<u32>,
}

/// Never prints the credentials' secrets (their own `Debug` redacts them),
/// the OAuth overrides' secrets, or the `hmac`.
impl std::fmt::Debug for AuthOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct("AuthOptions");
        s.field("credentials", &self.credentials)
            .field("oauth_overrides", &self.oauth_overrides)
            .field("params", &self.params)
            .field("hmac", &self.hmac.as_ref().map(|_| "<redacted>"))
            .field("user_scope", &self.user_scope)
            .field("authorization_params", &self.authorization_params)
            .field("installation_outbound", &self.installation_outbound)
            .field("assertion_option", &self.assertion_option)
            .field("detect_closed_auth_window", &self.detect_closed_auth_window)
            .field("timeout", &self.timeout)
            .field("connection_id", &self.connection_id)
            .field("popup", &self.popup.is_some())
            .field("signal", &self.signal.is_some())
            .field("on_event", &self.on_event)
            .finish()
    }
}

impl AuthOptions {
    /// Sets the credentials (a flow with no popup).
    ///
    /// ```
    /// # use nango_frontend::{AuthOptions, Credentials};
    /// let options = AuthOptions::default().credentials(Credentials::basic("me@acme.io", "token"));
    /// ```
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Adds a connection config param.
    ///
    /// ```
    /// # use nango_frontend::AuthOptions;
    /// let options = AuthOptions::default().param("subdomain", "acme").param("oauth_scopes_override", "read,write");
    /// assert_eq!(options.params.len(), 2);
    /// ```
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Sets the HMAC digest.
    ///
    /// ```
    /// # use nango_frontend::AuthOptions;
    /// let options = AuthOptions::default().hmac("6f1e...");
    /// ```
    pub fn hmac(mut self, hmac: impl Into<String>) -> Self {
        self.hmac = Some(hmac.into());
        self
    }

    /// Adds a user scope.
    ///
    /// ```
    /// # use nango_frontend::AuthOptions;
    /// let options = AuthOptions::default().user_scope("chat:write").user_scope("channels:read");
    /// ```
    pub fn user_scope(mut self, scope: impl Into<String>) -> Self {
        self.user_scope.push(scope.into());
        self
    }

    /// Adds an authorization param (`None` removes a default one).
    ///
    /// ```
    /// # use nango_frontend::AuthOptions;
    /// let options = AuthOptions::default()
    ///     .authorization_param("prompt", Some("consent".into()))
    ///     .authorization_param("access_type", None); // removes a default param
    /// ```
    pub fn authorization_param(mut self, name: impl Into<String>, value: Option<String>) -> Self {
        self.authorization_params.push((name.into(), value));
        self
    }

    /// Sets the OAuth client overrides for the popup flow.
    ///
    /// ```
    /// # use nango_frontend::{AuthOptions, OAuthOverrides};
    /// let options = AuthOptions::default().oauth_overrides(OAuthOverrides::default());
    /// ```
    pub fn oauth_overrides(mut self, overrides: OAuthOverrides) -> Self {
        self.oauth_overrides = overrides;
        self
    }

    /// Marks the installation as outbound.
    ///
    /// ```
    /// # use nango_frontend::AuthOptions;
    /// let options = AuthOptions::default().installation_outbound();
    /// assert!(options.installation_outbound);
    /// ```
    pub fn installation_outbound(mut self) -> Self {
        self.installation_outbound = true;
        self
    }

    /// Fails with `window_closed` when the user closes the popup.
    ///
    /// ```
    /// # use nango_frontend::AuthOptions;
    /// let options = AuthOptions::default().detect_closed_auth_window(true);
    /// ```
    pub fn detect_closed_auth_window(mut self, detect: bool) -> Self {
        self.detect_closed_auth_window = detect;
        self
    }

    /// Gives up after `timeout` (a `timeout` error); a zero timeout, or
    /// one over [`MAX_TIMEOUT`], is refused (`invalid_options`).
    ///
    /// ```
    /// # use nango_frontend::AuthOptions;
    /// use std::time::Duration;
    ///
    /// let options = AuthOptions::default().timeout(Duration::from_secs(10 * 60));
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets the connection id (legacy public-key mode).
    ///
    /// ```
    /// # use nango_frontend::{AuthOptions, Credentials};
    /// let options = AuthOptions::default().connection_id("crm-user-42").credentials(Credentials::api_key("sk-123"));
    /// ```
    pub fn connection_id(mut self, id: impl Into<String>) -> Self {
        self.connection_id = Some(id.into());
        self
    }

    /// Uses a popup window the app opened itself (in its click handler,
    /// before awaiting something).
    ///
    /// ```no_run
    /// # use nango_frontend::AuthOptions;
    /// let window = web_sys::window().unwrap();
    /// let popup = window.open_with_url_and_target_and_features("", "_blank", "width=500,height=600").unwrap().unwrap();
    /// let options = AuthOptions::default().popup(popup);
    /// ```
    pub fn popup(mut self, window: web_sys::Window) -> Self {
        self.popup = Some(window);
        self
    }

    /// Ends the call with `aborted` when `signal` aborts.
    ///
    /// ```no_run
    /// # use nango_frontend::AuthOptions;
    /// let controller = web_sys::AbortController::new().unwrap();
    /// let options = AuthOptions::default().signal(controller.signal());
    /// // ... later, from a "Cancel" button:
    /// controller.abort();
    /// ```
    pub fn signal(mut self, signal: web_sys::AbortSignal) -> Self {
        self.signal = Some(signal);
        self
    }

    /// The timeout of a call with these options, in milliseconds (what
    /// `setTimeout` takes): `default` when none is set; `invalid_options`
    /// when the one set is under a millisecond or over [`MAX_TIMEOUT`].
    pub(crate) fn timeout_ms_or(&self, default: Duration) -> Result<u32, AuthError> {
        let timeout = self.timeout.unwrap_or(default);
        match u32::try_from(timeout.as_millis()) {
            Ok(ms) if ms >= 1 && timeout <= MAX_TIMEOUT => Ok(ms),
            _ => Err(AuthError::new(
                ErrorKind::InvalidOptions,
                format!("The timeout must be 1 to {MAX_TIMEOUT_MILLIS} milliseconds."),
            )),
        }
    }

    /// Reports the call's progress to `callback`: popup opened or blocked,
    /// server connected, popup closed, result received, settled.
    ///
    /// ```
    /// # use nango_frontend::{AuthEventKind, AuthOptions};
    /// let options = AuthOptions::default().on_event(|event| match event.kind {
    ///     AuthEventKind::ServerConnected => { /* "Waiting for GitHub…" */ }
    ///     AuthEventKind::PopupClosed => { /* "Popup closed" */ }
    ///     _ => {}
    /// });
    /// ```
    pub fn on_event(mut self, callback: impl Fn(&crate::AuthEvent) + 'static) -> Self {
        self.on_event = Some(OnAuthEvent::new(callback));
        self
    }
}

/// How long an OAuth popup flow may last when the call sets no `timeout`:
/// 5 minutes. Auth0's SPA SDK gives its own hosted login page 60 s; a
/// Nango popup goes through a third party's login (SSO, two-factor, a
/// consent screen), which can take minutes. It stays well inside the
/// connect session's 30 minutes, and it is what ends a flow whose popup was
/// closed after it left its blank page without `detectClosedAuthWindow`
/// (providers' `Cross-Origin-Opener-Policy` makes that unobservable).
///
/// ```
/// # use std::time::Duration;
/// assert_eq!(nango_frontend::DEFAULT_POPUP_TIMEOUT, Duration::from_secs(300));
/// ```
#[cfg(not(nango_test_hooks))]
pub const DEFAULT_POPUP_TIMEOUT: Duration = Duration::from_secs(5 * 60);
/// How long a request (the credentials' POST, `create()`) may last when the
/// call sets no `timeout`: 30 s. Auth0's SPA SDK waits 10 s for its token
/// endpoint; the Nango server answers a credentials POST only after it has
/// tested them against the provider's API, which takes seconds more.
///
/// ```
/// # use std::time::Duration;
/// assert_eq!(nango_frontend::DEFAULT_REQUEST_TIMEOUT, Duration::from_secs(30));
/// ```
#[cfg(not(nango_test_hooks))]
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The test build's popup default (`--cfg nango_test_hooks`: short, for the tests).
#[cfg(nango_test_hooks)]
pub const DEFAULT_POPUP_TIMEOUT: Duration = Duration::from_secs(3);
/// The test build's request default (`--cfg nango_test_hooks`).
#[cfg(nango_test_hooks)]
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(2);
/// The longest `timeout`: what `setTimeout` can wait (about 24.8 days).
pub const MAX_TIMEOUT: Duration = Duration::from_millis(MAX_TIMEOUT_MILLIS as u64);
/// [`MAX_TIMEOUT`] in milliseconds.
pub(crate) const MAX_TIMEOUT_MILLIS: u32 = i32::MAX as u32;

/// The largest popup side, in CSS pixels.
pub const MAX_POPUP_SIDE: u32 = 100_000;

impl NangoOptions {
    /// Refuses a popup side of 0 or over [`MAX_POPUP_SIDE`].
    pub(crate) fn check_popup_size(&self) -> Result<(), AuthError> {
        let side = 1..=MAX_POPUP_SIDE;
        if side.contains(&self.width) && side.contains(&self.height) {
            Ok(())
        } else {
            Err(AuthError::new(
                ErrorKind::InvalidOptions,
                format!("The popup size must be 1 to {MAX_POPUP_SIDE} pixels a side."),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // In the browser (wasm-pack test --lib) the same tests run on wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn debug_output_never_shows_secrets() {
        let o = AuthOptions::default()
            .credentials(Credentials::api_key("sk-secret"))
            .oauth_overrides(OAuthOverrides {
                client_id: Some("cid".into()),
                client_secret: Some("csecret".into()),
                refresh_token: Some("rtoken".into()),
            });
        let shown = format!("{o:?}");
        for secret in ["sk-secret", "csecret", "rtoken"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        let n = NangoOptions::default().connect_session_token("nango_connect_session_abc");
        assert!(!format!("{n:?}").contains("nango_connect_session_abc"));
    }
}
