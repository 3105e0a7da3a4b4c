//! The Connect UI (Nango's managed UI in an iframe): its options, its URL
//! and the events it posts.

use serde::{Deserialize, Deserializer, Serialize};

use wasm_bindgen::JsValue;

use crate::de::{FieldValue, Member};
use crate::error::{AuthError, ErrorKind};
use crate::host::{HostUrls, DEFAULT_HOST};
use crate::query::Query;
use crate::response::AuthSuccess;

/// Where the managed Connect UI is served when no `baseURL` is given.
pub const DEFAULT_CONNECT_UI_URL: &str = "https://connect.nango.dev";

/// Options of the Connect UI.
///
/// ```
/// use nango_frontend::ConnectUiOptions;
///
/// let options = ConnectUiOptions::default()
///     .session_token("nango_connect_session_...")
///     .base_url("http://localhost:5173/connect")
///     .api_url("http://127.0.0.1:3003")
///     .lang("fr")
///     .theme_override("dark")
///     .detect_closed_auth_window(true);
/// assert_eq!(options.lang.as_deref(), Some("fr"));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConnectUiOptions {
    /// Called with each event the UI posts.
    pub on_event: Option<OnConnectUiEvent>,
    /// The connect session token (can also be set later).
    pub session_token: Option<String>,
    /// Where the UI is served (default `https://connect.nango.dev`).
    pub base_url: Option<String>,
    /// The Nango API the UI talks to (default: the client's host).
    pub api_url: Option<String>,
    /// Let the UI fail an OAuth flow when its popup is closed.
    pub detect_closed_auth_window: bool,
    /// UI language (`en`, `fr`, ...).
    pub lang: Option<String>,
    /// `light`, `dark` or `system`.
    pub theme_override: Option<String>,
}

/// Never prints the session token.
impl std::fmt::Debug for ConnectUiOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectUiOptions")
            .field("on_event", &self.on_event)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .field("base_url", &self.base_url)
            .field("api_url", &self.api_url)
            .field("detect_closed_auth_window", &self.detect_closed_auth_window)
            .field("lang", &self.lang)
            .field("theme_override", &self.theme_override)
            .finish()
    }
}

impl ConnectUiOptions {
    /// Calls `callback` with each event the UI posts (`ready`, `connect`,
    /// `close`, ...; [`ConnectUiMessage::event`] gives it typed).
    ///
    /// ```
    /// use nango_frontend::{ConnectUiEvent, ConnectUiOptions};
    ///
    /// let options = ConnectUiOptions::default().on_event(|message| match message.event() {
    ///     ConnectUiEvent::Connect(connection) => { /* connection.connection_id */ }
    ///     ConnectUiEvent::Close => { /* the user closed the UI */ }
    ///     _ => {}
    /// });
    /// ```
    pub fn on_event(mut self, callback: impl Fn(&ConnectUiMessage) + 'static) -> Self {
        self.on_event = Some(OnConnectUiEvent::new(callback));
        self
    }

    /// Sets the session token.
    ///
    /// ```
    /// # use nango_frontend::ConnectUiOptions;
    /// let options = ConnectUiOptions::default().session_token("nango_connect_session_...");
    /// ```
    pub fn session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(token.into());
        self
    }

    /// Sets where the UI is served.
    ///
    /// ```
    /// # use nango_frontend::ConnectUiOptions;
    /// let options = ConnectUiOptions::default().base_url("https://connect.example.com");
    /// ```
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets the API URL the UI talks to.
    ///
    /// ```
    /// # use nango_frontend::ConnectUiOptions;
    /// let options = ConnectUiOptions::default().api_url("https://nango.example.com");
    /// ```
    pub fn api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = Some(url.into());
        self
    }

    /// Sets the UI language.
    ///
    /// ```
    /// # use nango_frontend::ConnectUiOptions;
    /// let options = ConnectUiOptions::default().lang("fr");
    /// ```
    pub fn lang(mut self, lang: impl Into<String>) -> Self {
        self.lang = Some(lang.into());
        self
    }

    /// Sets the theme (`light`, `dark` or `system`).
    ///
    /// ```
    /// # use nango_frontend::ConnectUiOptions;
    /// let options = ConnectUiOptions::default().theme_override("dark");
    /// ```
    pub fn theme_override(mut self, theme: impl Into<String>) -> Self {
        self.theme_override = Some(theme.into());
        self
    }

    /// Lets the UI fail an OAuth flow when its popup is closed.
    ///
    /// ```
    /// # use nango_frontend::ConnectUiOptions;
    /// let options = ConnectUiOptions::default().detect_closed_auth_window(true);
    /// ```
    pub fn detect_closed_auth_window(mut self, detect: bool) -> Self {
        self.detect_closed_auth_window = detect;
        self
    }
}

/// An event the Connect UI posted: its type, its data as posted, and the
/// typed event (read when asked for).
///
/// ```
/// # use nango_frontend::{ConnectUiEvent, ConnectUiOptions};
/// let options = ConnectUiOptions::default().on_event(|message| match message.event() {
///     ConnectUiEvent::Close => { /* the user closed the UI */ }
///     _ => {}
/// });
/// ```
#[derive(Debug, Clone)]
pub struct ConnectUiMessage {
    pub(crate) event_type: String,
    pub(crate) data: JsValue,
}

impl ConnectUiMessage {
    /// `event.data.type`: `ready`, `close`, `connect`, `error`, `settings_changed`, ...
    ///
    /// ```
    /// # fn run(message: &nango_frontend::ConnectUiMessage) {
    /// if message.event_type() == "connect" { /* ... */ }
    /// # }
    /// ```
    pub fn event_type(&self) -> &str {
        &self.event_type
    }

    /// `event.data` as the UI posted it.
    ///
    /// ```
    /// # fn run(message: &nango_frontend::ConnectUiMessage) {
    /// let raw: &wasm_bindgen::JsValue = message.data(); // e.g. to hand to JavaScript as it came
    /// # }
    /// ```
    pub fn data(&self) -> &JsValue {
        &self.data
    }
}

/// The callback of a Connect UI's events.
///
/// ```
/// use nango_frontend::OnConnectUiEvent;
///
/// let callback = OnConnectUiEvent::new(|message| web_sys::console::log_1(&message.event_type().into()));
/// assert_eq!(callback.clone(), callback);
/// ```
pub type OnConnectUiEvent = crate::callback::Callback<ConnectUiMessage>;

/// The iframe's URL and the origin its messages must come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectUiTarget {
    /// `src` of the iframe.
    pub url: String,
    /// Origin of the UI.
    pub origin: String,
}

impl ConnectUiOptions {
    /// The iframe's URL: the base URL with a path ending in `/` (the UI's
    /// assets are relative), then `apiURL` (`default_api_url` unless set),
    /// `detectClosedAuthWindow`, `lang` and `theme`, every value encoded.
    pub(crate) fn target(&self, default_api_url: &str) -> Result<ConnectUiTarget, AuthError> {
        let base = self
            .base_url
            .as_deref()
            .filter(|b| !b.is_empty())
            .unwrap_or(DEFAULT_CONNECT_UI_URL);
        let urls = HostUrls::new(base, "/").map_err(|e| {
            AuthError::new(
                ErrorKind::InvalidHostUrl,
                format!("Invalid Connect UI baseURL: {}", e.message()),
            )
        })?;
        let mut q = Query::new();
        q.push(
            "apiURL",
            self.api_url
                .as_deref()
                .filter(|a| !a.is_empty())
                .unwrap_or(default_api_url),
        );
        if self.detect_closed_auth_window {
            q.push("detectClosedAuthWindow", "true");
        }
        if let Some(lang) = self.lang.as_deref().filter(|l| !l.is_empty()) {
            q.push("lang", lang);
        }
        if let Some(theme) = self.theme_override.as_deref().filter(|t| !t.is_empty()) {
            q.push("theme", theme);
        }
        Ok(ConnectUiTarget {
            url: format!("{}/{}", urls.base, q.as_str()),
            origin: urls.origin,
        })
    }
}

/// The official SDK's `ConnectUIProps`, as JavaScript passes them (`onEvent`,
/// a function, is the caller's to read).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConnectUiProps {
    #[serde(rename = "sessionToken")]
    session_token: Member<String>,
    #[serde(rename = "baseURL")]
    base_url: Member<String>,
    #[serde(rename = "apiURL")]
    api_url: Member<String>,
    #[serde(rename = "detectClosedAuthWindow")]
    detect_closed_auth_window: Member<FieldValue>,
    lang: Member<String>,
    #[serde(rename = "themeOverride")]
    theme_override: Member<String>,
}

impl TryFrom<ConnectUiProps> for ConnectUiOptions {
    type Error = AuthError;

    fn try_from(p: ConnectUiProps) -> Result<ConnectUiOptions, AuthError> {
        let text = |member: Member<String>, name: &str| {
            member.read(crate::js_options::wrong(
                ErrorKind::InvalidOptions,
                name,
                "a string",
            ))
        };
        Ok(ConnectUiOptions {
            session_token: text(p.session_token, "sessionToken")?,
            base_url: text(p.base_url, "baseURL")?,
            api_url: text(p.api_url, "apiURL")?,
            detect_closed_auth_window: p.detect_closed_auth_window.is_truthy(),
            lang: text(p.lang, "lang")?,
            theme_override: text(p.theme_override, "themeOverride")?,
            on_event: None,
        })
    }
}

/// Where a Connect UI made without a client sends its API calls.
pub const DEFAULT_CONNECT_UI_API_URL: &str = DEFAULT_HOST;

/// The UI's look, sent with `settings_changed` (the official SDK's
/// `ConnectUISettings`).
///
/// ```
/// use nango_frontend::{ConnectUiEvent, ConnectUiSettings};
///
/// let payload = serde_json::json!({
///     "theme": { "light": { "primary": "#00b2ff" }, "dark": { "primary": "#0f7fbf" } },
///     "defaultTheme": "system",
///     "showWatermark": false
/// });
/// let ConnectUiEvent::SettingsChanged(settings) = ConnectUiEvent::from_parts("settings_changed", payload) else {
///     unreachable!()
/// };
/// assert_eq!(settings.theme.light.primary, "#00b2ff");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConnectUiSettings {
    /// The primary colours of each theme.
    pub theme: ConnectUiTheme,
    /// `light`, `dark` or `system`.
    pub default_theme: String,
    /// Whether the UI shows Nango's watermark.
    pub show_watermark: bool,
}

/// The primary colour of the light and dark themes (see [`ConnectUiSettings`]).
///
/// ```
/// let theme = nango_frontend::ConnectUiTheme::default();
/// assert_eq!(theme.dark.primary, "");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ConnectUiTheme {
    /// The light theme.
    pub light: ConnectUiPalette,
    /// The dark theme.
    pub dark: ConnectUiPalette,
}

/// The colours of one theme (see [`ConnectUiSettings`]).
///
/// ```
/// let palette = nango_frontend::ConnectUiPalette::default();
/// assert!(palette.primary.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ConnectUiPalette {
    /// Primary colour (CSS).
    pub primary: String,
}

/// An event the Connect UI posted, typed (see [`ConnectUiMessage::event`](crate::ConnectUiMessage::event)).
///
/// ```
/// use nango_frontend::ConnectUiEvent;
///
/// let payload = serde_json::json!({ "errorType": "window_closed", "errorMessage": "closed" });
/// match ConnectUiEvent::from_parts("error", payload) {
///     ConnectUiEvent::Error { error_type, .. } => assert_eq!(error_type, "window_closed"),
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectUiEvent {
    /// The UI is loaded and waits for the session token.
    Ready,
    /// The user closed the UI.
    Close,
    /// A connection was made.
    Connect(AuthSuccess),
    /// A flow failed.
    Error {
        /// The error's type.
        error_type: String,
        /// Its message.
        message: String,
    },
    /// The UI's settings changed.
    SettingsChanged(ConnectUiSettings),
    /// An event of another type, or one whose payload is not the one its
    /// type carries: its type.
    Other(String),
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct ErrorPayload {
    error_type: String,
    error_message: String,
}

impl ConnectUiEvent {
    /// The event of type `event_type` (`event.data.type`) with its `payload`
    /// (a deserializer of `event.data.payload`).
    ///
    /// ```
    /// use nango_frontend::ConnectUiEvent;
    ///
    /// let payload = serde_json::json!({ "providerConfigKey": "github", "connectionId": "c" });
    /// let event = ConnectUiEvent::from_parts("connect", payload);
    /// assert!(matches!(event, ConnectUiEvent::Connect(ref c) if c.connection_id == "c"));
    /// ```
    pub fn from_parts<'de, D: Deserializer<'de>>(event_type: &str, payload: D) -> ConnectUiEvent {
        let event = match event_type {
            "ready" => Some(ConnectUiEvent::Ready),
            "close" => Some(ConnectUiEvent::Close),
            "connect" => AuthSuccess::deserialize(payload)
                .ok()
                .map(ConnectUiEvent::Connect),
            "error" => ErrorPayload::deserialize(payload)
                .ok()
                .map(|p| ConnectUiEvent::Error {
                    error_type: p.error_type,
                    message: p.error_message,
                }),
            "settings_changed" => ConnectUiSettings::deserialize(payload)
                .ok()
                .map(ConnectUiEvent::SettingsChanged),
            _ => None,
        };
        event.unwrap_or_else(|| ConnectUiEvent::Other(event_type.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    // In the browser (wasm-pack test --lib) the same tests run on wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_iframe_url_ends_its_path_with_a_slash_and_encodes_its_query() {
        let o = ConnectUiOptions {
            base_url: Some("http://localhost:5173/connect".into()),
            lang: Some("fr".into()),
            theme_override: Some("dark".into()),
            detect_closed_auth_window: true,
            ..Default::default()
        };
        let t = o.target("http://127.0.0.1:3003").unwrap();
        assert_eq!(t.url, "http://localhost:5173/connect/?apiURL=http%3A%2F%2F127.0.0.1%3A3003&detectClosedAuthWindow=true&lang=fr&theme=dark");
        assert_eq!(t.origin, "http://localhost:5173");
        let d = ConnectUiOptions::default()
            .target("https://api.nango.dev")
            .unwrap();
        assert_eq!(
            d.url,
            "https://connect.nango.dev/?apiURL=https%3A%2F%2Fapi.nango.dev"
        );
        let bad = ConnectUiOptions::default().base_url("javascript:alert(1)");
        assert_eq!(
            bad.target("x").unwrap_err().kind(),
            &ErrorKind::InvalidHostUrl
        );
    }

    #[test]
    fn props_as_javascript_passes_them() {
        let props: ConnectUiProps = crate::test_support::from_json(json!({
            "sessionToken": "t", "baseURL": "http://localhost:5173", "detectClosedAuthWindow": 1,
            "lang": "fr", "themeOverride": "dark", "onEvent": null
        }));
        let o = ConnectUiOptions::try_from(props).unwrap();
        assert_eq!(o.session_token.as_deref(), Some("t"));
        assert!(o.detect_closed_auth_window);
        assert_eq!(o.theme_override.as_deref(), Some("dark"));
        let bad: ConnectUiProps = crate::test_support::from_json(json!({ "lang": 5 }));
        assert_eq!(
            ConnectUiOptions::try_from(bad).unwrap_err().kind(),
            &ErrorKind::InvalidOptions
        );
    }

    #[test]
    fn events() {
        let e = |t: &str, payload: serde_json::Value| ConnectUiEvent::from_parts(t, payload);
        assert_eq!(e("ready", json!(null)), ConnectUiEvent::Ready);
        assert_eq!(e("close", json!(null)), ConnectUiEvent::Close);
        assert_eq!(
            e(
                "connect",
                json!({"providerConfigKey":"github","connectionId":"c"})
            ),
            ConnectUiEvent::Connect(AuthSuccess {
                provider_config_key: "github".into(),
                connection_id: "c".into(),
                is_pending: None
            })
        );
        assert_eq!(
            e("connect", json!({"providerConfigKey":"github"})),
            ConnectUiEvent::Other("connect".into())
        );
        assert_eq!(
            e(
                "error",
                json!({"errorType":"window_closed","errorMessage":"closed"})
            ),
            ConnectUiEvent::Error {
                error_type: "window_closed".into(),
                message: "closed".into()
            }
        );
        let ConnectUiEvent::SettingsChanged(settings) = e(
            "settings_changed",
            json!({"theme":{"light":{"primary":"#fff"},"dark":{"primary":"#000"}},"defaultTheme":"dark","showWatermark":false}),
        ) else {
            panic!()
        };
        assert_eq!(settings.theme.dark.primary, "#000");
        assert_eq!(settings.default_theme, "dark");
        assert_eq!(
            e("settings_changed", json!({"theme":"dark"})),
            ConnectUiEvent::Other("settings_changed".into())
        );
        assert_eq!(
            e("whatever", json!(null)),
            ConnectUiEvent::Other("whatever".into())
        );
    }
}
