//! Options of the client and of each auth call, as plain values.
//!
//! Rust apps build them with `Default` and the builder-style setters.
//! JavaScript apps pass the official SDK's option objects; those are read
//! with serde into [`NangoOptionsObject`] and [`AuthOptionsObject`] (their
//! shapes, member by member) and checked into the same typed values, once,
//! at the boundary: a member of the wrong type is a typed error naming it.

use std::time::Duration;

use serde::Deserialize;

use crate::credentials::{Credentials, FieldValue};
use crate::de::{Entries, Member};
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
#[derive(Debug, Clone, Default, PartialEq)]
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
    /// [`MAX_TIMEOUT_MS`] milliseconds, more than none); `None` is the
    /// default of the flow: [`DEFAULT_POPUP_TIMEOUT_MS`] for the OAuth
    /// popup, [`DEFAULT_REQUEST_TIMEOUT_MS`] for a request.
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
    /// Test builds only (feature `test-hooks`): the popup flow panics this
    /// many milliseconds after it started.
    #[cfg(feature = "test-hooks")]
    #[doc(hidden)]
    pub panic_after_ms: Option<u32>,
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
    /// one over [`MAX_TIMEOUT_MS`], is refused (`invalid_options`).
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

    /// The timeout of a call with these options, in milliseconds:
    /// `default_ms` when none is set; `invalid_options` when the one set is
    /// zero or over [`MAX_TIMEOUT_MS`].
    pub(crate) fn timeout_ms_or(&self, default_ms: u32) -> Result<u32, AuthError> {
        match self.timeout {
            None => Ok(default_ms),
            Some(t) => match u32::try_from(t.as_millis()) {
                Ok(ms) if (1..=MAX_TIMEOUT_MS).contains(&ms) => Ok(ms),
                _ => Err(AuthError::new(
                    ErrorKind::InvalidOptions,
                    format!("The timeout must be 1 to {MAX_TIMEOUT_MS} milliseconds."),
                )),
            },
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
/// assert_eq!(nango_frontend::DEFAULT_POPUP_TIMEOUT_MS, 300_000);
/// ```
#[cfg(not(feature = "test-hooks"))]
pub const DEFAULT_POPUP_TIMEOUT_MS: u32 = 5 * 60_000;
/// How long a request (the credentials' POST, `create()`) may last when the
/// call sets no `timeout`: 30 s. Auth0's SPA SDK waits 10 s for its token
/// endpoint; the Nango server answers a credentials POST only after it has
/// tested them against the provider's API, which takes seconds more.
///
/// ```
/// assert_eq!(nango_frontend::DEFAULT_REQUEST_TIMEOUT_MS, 30_000);
/// ```
#[cfg(not(feature = "test-hooks"))]
pub const DEFAULT_REQUEST_TIMEOUT_MS: u32 = 30_000;
/// The test build's popup default (feature `test-hooks`: short, for the tests).
#[cfg(feature = "test-hooks")]
pub const DEFAULT_POPUP_TIMEOUT_MS: u32 = 3_000;
/// The test build's request default (feature `test-hooks`).
#[cfg(feature = "test-hooks")]
pub const DEFAULT_REQUEST_TIMEOUT_MS: u32 = 2_000;
/// The longest `timeout`: what `setTimeout` can wait (about 24.8 days).
pub const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;

/// The official SDK's auth options object (`ConnectionConfig` and
/// `AuthOptions`), as JavaScript passes it: each member as given.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuthOptionsObject {
    credentials: Member<Entries<Member<FieldValue>>>,
    params: Member<Entries<Member<FieldValue>>>,
    hmac: Member<String>,
    user_scope: Member<Vec<String>>,
    authorization_params: Member<Entries<Member<FieldValue>>>,
    installation: Member<String>,
    #[serde(rename = "assertionOption")]
    assertion_option: Member<Entries<Member<FieldValue>>>,
    #[serde(rename = "detectClosedAuthWindow")]
    detect_closed_auth_window: Member<FieldValue>,
    timeout: Member<FieldValue>,
    #[cfg(feature = "test-hooks")]
    #[serde(rename = "__testPanicAfterMs")]
    test_panic_after_ms: Member<FieldValue>,
}

impl TryFrom<AuthOptionsObject> for AuthOptions {
    type Error = AuthError;

    /// Checks each member, with the code the server would answer for the
    /// same fault: `invalid_body` for credentials, `invalid_query_params`
    /// for what goes in the query string, `invalid_options` for the rest.
    fn try_from(o: AuthOptionsObject) -> Result<AuthOptions, AuthError> {
        use ErrorKind::{InvalidBody, InvalidOptions, InvalidQueryParams};
        let mut out = AuthOptions::default();
        match o
            .installation
            .read(wrong(InvalidOptions, "installation", "\"outbound\""))?
        {
            None => {}
            Some(s) if s == "outbound" => out.installation_outbound = true,
            Some(_) => {
                return Err(wrong(InvalidOptions, "installation", "\"outbound\"")(
                    String::new(),
                ))
            }
        }
        if let Some(entries) = o
            .credentials
            .read(wrong(InvalidBody, "credentials", "an object"))?
        {
            let mut fields = Vec::new();
            for (name, value) in entries.0 {
                let value =
                    value.read(|_| AuthError::not_a_string(InvalidBody, "credentials", &name))?;
                fields.push((name, value));
            }
            let string = |name: &str| match fields.iter().rev().find(|(k, _)| k == name) {
                None | Some((_, None)) => Ok(None),
                Some((_, Some(FieldValue::String(s)))) => Ok(Some(s.clone())),
                Some(_) => Err(AuthError::not_a_string(
                    InvalidQueryParams,
                    "credentials",
                    name,
                )),
            };
            out.oauth_overrides = OAuthOverrides {
                client_id: string("oauth_client_id_override")?,
                client_secret: string("oauth_client_secret_override")?,
                refresh_token: string("oauth_refresh_token_override")?,
            };
            // An outbound installation is its own flow, whatever credentials
            // come with it (Connect UI sends `{type: 'OAUTH2'}`).
            if !out.installation_outbound {
                out.credentials = Credentials::from_fields(&fields)?;
            }
        }
        let params = o
            .params
            .read(wrong(InvalidQueryParams, "params", "an object of strings"))?;
        for (name, value) in params.map_or_else(Vec::new, |e| e.0) {
            if let Some(text) = text_of(value, "params", &name)? {
                out.params.push((name, text));
            }
        }
        out.hmac = o
            .hmac
            .read(wrong(InvalidQueryParams, "hmac", "a string"))?
            .filter(|h| !h.is_empty());
        if let Some(scopes) = o.user_scope.read(wrong(
            InvalidQueryParams,
            "user_scope",
            "an array of strings",
        ))? {
            out.user_scope = scopes;
        }
        let authorization_params = o.authorization_params.read(wrong(
            InvalidQueryParams,
            "authorization_params",
            "an object of strings",
        ))?;
        for (name, value) in authorization_params.map_or_else(Vec::new, |e| e.0) {
            let text = text_of(value, "authorization_params", &name)?;
            out.authorization_params.push((name, text));
        }
        let assertion = o.assertion_option.read(wrong(
            InvalidBody,
            "assertionOption",
            "an object of strings",
        ))?;
        for (name, value) in assertion.map_or_else(Vec::new, |e| e.0) {
            if let Some(text) = text_of(value, "assertionOption", &name)? {
                out.assertion_option.push((name, text));
            }
        }
        out.detect_closed_auth_window = o
            .detect_closed_auth_window
            .boolean(wrong(InvalidOptions, "detectClosedAuthWindow", "a boolean"))?
            .unwrap_or(false);
        const TIMEOUT: &str = "a positive whole number of milliseconds (at most 2147483647)";
        if let Some(ms) = o
            .timeout
            .number(wrong(InvalidOptions, "timeout", TIMEOUT))?
        {
            if !(ms >= 1.0 && ms <= f64::from(MAX_TIMEOUT_MS) && ms.fract() == 0.0) {
                return Err(wrong(InvalidOptions, "timeout", TIMEOUT)(String::new()));
            }
            out.timeout = Some(Duration::from_millis(ms as u64));
        }
        #[cfg(feature = "test-hooks")]
        {
            out.panic_after_ms = o
                .test_panic_after_ms
                .number(wrong(InvalidOptions, "__testPanicAfterMs", TIMEOUT))?
                .map(|ms| ms as u32);
        }
        Ok(out)
    }
}

/// The official SDK's constructor options, as JavaScript passes them. Empty
/// strings mean "not set", as with the official SDK's `||` defaults.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NangoOptionsObject {
    host: Member<String>,
    websockets_path: Member<String>,
    connect_session_token: Member<String>,
    public_key: Member<String>,
    width: Member<FieldValue>,
    height: Member<FieldValue>,
    debug: Member<FieldValue>,
}

impl TryFrom<NangoOptionsObject> for NangoOptions {
    type Error = AuthError;

    fn try_from(o: NangoOptionsObject) -> Result<NangoOptions, AuthError> {
        let text = |member: Member<String>, name: &str| {
            member
                .read(wrong(ErrorKind::InvalidOptions, name, "a string"))
                .map(|s| s.filter(|s| !s.is_empty()))
        };
        let mut options = NangoOptions::default();
        if let Some(host) = text(o.host, "host")? {
            options.host = host;
        }
        if let Some(path) = text(o.websockets_path, "websocketsPath")? {
            options.websockets_path = path;
        }
        options.credential = match (
            text(o.connect_session_token, "connectSessionToken")?,
            text(o.public_key, "publicKey")?,
        ) {
            (Some(token), _) => Some(AppCredential::ConnectSessionToken(token)),
            (None, Some(key)) => Some(AppCredential::PublicKey(key)),
            (None, None) => None,
        };
        options.width = pixels(o.width, "width")?.unwrap_or(options.width);
        options.height = pixels(o.height, "height")?.unwrap_or(options.height);
        options.debug = o.debug.is_truthy();
        Ok(options)
    }
}

/// The largest popup side, in CSS pixels.
pub const MAX_POPUP_SIDE: u32 = 100_000;

/// A popup dimension: 1 to 100000 pixels, its fraction dropped.
fn pixels(member: Member<FieldValue>, name: &str) -> Result<Option<u32>, AuthError> {
    const EXPECTED: &str = "a positive number of pixels";
    match member.number(wrong(ErrorKind::InvalidOptions, name, EXPECTED))? {
        None => Ok(None),
        Some(px) if (1.0..=f64::from(MAX_POPUP_SIDE)).contains(&px) => Ok(Some(px as u32)),
        Some(_) => Err(wrong(ErrorKind::InvalidOptions, name, EXPECTED)(
            String::new(),
        )),
    }
}

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

/// The error for an option of the wrong type: `why` is serde's description.
pub(crate) fn wrong<'a>(
    kind: ErrorKind,
    name: &'a str,
    expected: &'a str,
) -> impl FnOnce(String) -> AuthError + 'a {
    move |why| {
        let detail = if why.is_empty() {
            String::new()
        } else {
            format!(" ({why})")
        };
        AuthError::new(
            kind,
            format!("The option {name} must be {expected}{detail}."),
        )
    }
}

/// A member of `params`, `authorization_params` or `assertionOption` as
/// text (numbers and booleans as JavaScript prints them); an object or an
/// array is refused.
fn text_of(value: Member<FieldValue>, group: &str, key: &str) -> Result<Option<String>, AuthError> {
    let kind = if group == "assertionOption" {
        ErrorKind::InvalidBody
    } else {
        ErrorKind::InvalidQueryParams
    };
    let refused = || AuthError::not_a_string(kind.clone(), group, key);
    match value.read(|_| refused())? {
        None => Ok(None),
        Some(v) => v.to_text().map(Some).ok_or_else(refused),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    // In the browser (wasm-pack test --lib) the same tests run on wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use serde_json::Value;

    fn read(v: Value) -> Result<AuthOptions, AuthError> {
        AuthOptions::try_from(crate::test_support::from_json::<AuthOptionsObject>(v))
    }

    fn nango(v: Value) -> Result<NangoOptions, AuthError> {
        NangoOptions::try_from(crate::test_support::from_json::<NangoOptionsObject>(v))
    }

    #[test]
    fn reads_the_official_option_object() {
        let o = read(json!({
            "credentials": { "apiKey": "k" },
            "params": { "subdomain": "acme", "n": 3, "b": false, "skip": null },
            "hmac": "h", "user_scope": ["a", "b"],
            "authorization_params": { "prompt": "consent", "scope": null },
            "detectClosedAuthWindow": true, "timeout": 60000, "unknown": { "x": 1 }
        }))
        .unwrap();
        assert_eq!(o.credentials, Some(Credentials::api_key("k")));
        let mut params = o.params.clone();
        params.sort();
        assert_eq!(
            params,
            vec![
                ("b".into(), "false".into()),
                ("n".into(), "3".into()),
                ("subdomain".into(), "acme".into()),
            ]
        );
        assert_eq!(o.hmac.as_deref(), Some("h"));
        assert_eq!(o.user_scope, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(
            o.authorization_params,
            vec![
                ("prompt".into(), Some("consent".into())),
                ("scope".into(), None)
            ]
        );
        assert!(o.detect_closed_auth_window);
        assert_eq!(o.timeout, Some(Duration::from_millis(60000)));
    }

    #[test]
    fn overrides_alone_stay_a_popup_flow() {
        let o = read(json!({ "credentials": { "oauth_client_id_override": "id", "oauth_client_secret_override": "s" } })).unwrap();
        assert_eq!(o.credentials, None);
        assert_eq!(o.oauth_overrides.client_id.as_deref(), Some("id"));
        assert_eq!(o.oauth_overrides.client_secret.as_deref(), Some("s"));
    }

    #[test]
    fn outbound_installation_is_read_whatever_the_credentials() {
        let o = read(json!({ "installation": "outbound", "credentials": { "type": "OAUTH2" }, "params": {} })).unwrap();
        assert!(o.installation_outbound);
        assert_eq!(o.credentials, None);
    }

    #[test]
    fn wrong_types_are_refused_before_any_request() {
        for (bad, kind) in [
            (
                json!({ "params": "subdomain=acme" }),
                ErrorKind::InvalidQueryParams,
            ),
            (
                json!({ "params": { "a": { "b": "c" } } }),
                ErrorKind::InvalidQueryParams,
            ),
            (
                json!({ "authorization_params": { "a": [1] } }),
                ErrorKind::InvalidQueryParams,
            ),
            (json!({ "user_scope": [1] }), ErrorKind::InvalidQueryParams),
            (
                json!({ "user_scope": "a,b" }),
                ErrorKind::InvalidQueryParams,
            ),
            (json!({ "hmac": 5 }), ErrorKind::InvalidQueryParams),
            (json!({ "credentials": "k" }), ErrorKind::InvalidBody),
            (
                json!({ "credentials": { "apiKey": 5 } }),
                ErrorKind::InvalidBody,
            ),
            (
                json!({ "credentials": { "oauth_client_id_override": 5 } }),
                ErrorKind::InvalidQueryParams,
            ),
            (json!({ "assertionOption": "x" }), ErrorKind::InvalidBody),
            (
                json!({ "assertionOption": { "a": {} } }),
                ErrorKind::InvalidBody,
            ),
            (
                json!({ "credentials": { "type": "TWO_STEP", "a": [1] } }),
                ErrorKind::InvalidBody,
            ),
            (json!({ "timeout": -1 }), ErrorKind::InvalidOptions),
            (json!({ "timeout": 1.5 }), ErrorKind::InvalidOptions),
            (json!({ "timeout": 0 }), ErrorKind::InvalidOptions),
            (json!({ "timeout": "60000" }), ErrorKind::InvalidOptions),
            (json!({ "timeout": 1e10 }), ErrorKind::InvalidOptions),
            (
                json!({ "timeout": 2147483648u32 }),
                ErrorKind::InvalidOptions,
            ),
            (
                json!({ "installation": "inbound" }),
                ErrorKind::InvalidOptions,
            ),
            (
                json!({ "detectClosedAuthWindow": "yes" }),
                ErrorKind::InvalidOptions,
            ),
        ] {
            let err = read(bad.clone()).unwrap_err();
            assert_eq!(err.kind(), &kind, "{bad}");
            assert!(err.message().len() > 10, "{bad}");
        }
        let err = read(json!({ "params": { "region": { "x": 1 } } })).unwrap_err();
        assert!(
            err.message().starts_with("params.region must be a string"),
            "{}",
            err.message()
        );
        assert_eq!(
            read(json!({ "credentials": { "apiKey": "" } }))
                .unwrap_err()
                .kind(),
            &ErrorKind::MissingCredentials
        );
        assert_eq!(read(json!({})).unwrap(), AuthOptions::default());
    }

    #[test]
    fn reads_the_constructor_options() {
        let o = nango(json!({
            "host": "http://127.0.0.1:3003", "websocketsPath": "", "publicKey": "pk",
            "connectSessionToken": "t", "width": 640.5, "height": null, "x": 1
        }))
        .unwrap();
        assert_eq!(o.host, "http://127.0.0.1:3003");
        assert_eq!(o.websockets_path, DEFAULT_WEBSOCKETS_PATH);
        assert_eq!(
            o.credential,
            Some(AppCredential::ConnectSessionToken("t".into()))
        );
        assert_eq!((o.width, o.height), (640, 600));
        assert!(!o.debug);
        let key =
            nango(json!({ "connectSessionToken": "", "publicKey": "pk", "debug": "yes" })).unwrap();
        assert_eq!(key.credential, Some(AppCredential::PublicKey("pk".into())));
        assert!(key.debug);
        assert_eq!(nango(json!({})).unwrap(), NangoOptions::default());
        for (px, ok) in [
            (1.0, Some(1)),
            (640.9, Some(640)),
            (100000.0, Some(100_000)),
            (100000.5, None),
            (0.5, None),
            (-5.0, None),
        ] {
            assert_eq!(
                nango(json!({ "width": px })).ok().map(|o| o.width),
                ok,
                "{px}"
            );
        }
        for bad in [
            json!({ "host": 3 }),
            json!({ "width": 0 }),
            json!({ "height": "600" }),
            json!({ "width": 1e9 }),
        ] {
            let err = nango(bad.clone()).unwrap_err();
            assert_eq!(err.kind(), &ErrorKind::InvalidOptions, "{bad}");
        }
    }

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
