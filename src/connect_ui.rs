//! The Connect UI (Nango's managed UI in an iframe): its URL and its events.

use crate::prelude::*;
use crate::text::cat;

use crate::error::{AuthError, ErrorKind};
use crate::host::HostUrls;
use crate::json::JsonValue;
use crate::response::AuthSuccess;

/// Where the managed Connect UI is served when no `baseURL` is given.
pub const DEFAULT_CONNECT_UI_URL: &str = "https://connect.nango.dev";

/// Options of the Connect UI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConnectUiOptions {
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

impl ConnectUiOptions {
    /// Sets the session token.
    pub fn session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(token.into());
        self
    }

    /// Sets where the UI is served.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets the API URL the UI talks to.
    pub fn api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = Some(url.into());
        self
    }
}

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
    /// assets are relative), then `apiURL`, `detectClosedAuthWindow`,
    /// `lang` and `theme`, every value encoded.
    pub fn target(&self, default_api_url: &str) -> Result<ConnectUiTarget, AuthError> {
        let base = self
            .base_url
            .as_deref()
            .filter(|b| !b.is_empty())
            .unwrap_or(DEFAULT_CONNECT_UI_URL);
        let urls = HostUrls::new(base, "/").map_err(|e| {
            AuthError::new(
                ErrorKind::InvalidHostUrl,
                cat!("Invalid Connect UI baseURL: ", e.message()),
            )
        })?;
        let mut q = crate::encode::Query::new();
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
            url: cat!(urls.base, "/", q.as_str()),
            origin: urls.origin,
        })
    }
}

/// An event the Connect UI posted.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The UI's settings changed (the payload as sent).
    SettingsChanged(JsonValue),
    /// Any other event with a `type` (the whole event).
    Other(JsonValue),
}

impl ConnectUiEvent {
    /// Reads `event.data`; `None` when it is not an event (no string `type`).
    pub fn from_data(data: &JsonValue) -> Option<ConnectUiEvent> {
        let payload = data.get("payload");
        let field = |name: &str| {
            payload
                .and_then(|p| p.str_field(name))
                .unwrap_or("")
                .to_owned()
        };
        Some(match data.str_field("type")? {
            "ready" => ConnectUiEvent::Ready,
            "close" => ConnectUiEvent::Close,
            "connect" => ConnectUiEvent::Connect(AuthSuccess {
                provider_config_key: field("providerConfigKey"),
                connection_id: field("connectionId"),
                is_pending: payload
                    .and_then(|p| p.get("isPending"))
                    .and_then(JsonValue::as_bool),
            }),
            "error" => ConnectUiEvent::Error {
                error_type: field("errorType"),
                message: field("errorMessage"),
            },
            "settings_changed" => {
                ConnectUiEvent::SettingsChanged(payload.cloned().unwrap_or(JsonValue::Null))
            }
            _ => ConnectUiEvent::Other(data.clone()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

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
        let bad = ConnectUiOptions {
            base_url: Some("javascript:alert(1)".into()),
            ..Default::default()
        };
        assert_eq!(
            bad.target("x").unwrap_err().kind(),
            &ErrorKind::InvalidHostUrl
        );
    }

    #[test]
    fn events() {
        let e = |s: &str| ConnectUiEvent::from_data(&parse(s).unwrap());
        assert_eq!(e(r#"{"type":"ready"}"#), Some(ConnectUiEvent::Ready));
        assert_eq!(e(r#"{"type":"close"}"#), Some(ConnectUiEvent::Close));
        assert_eq!(
            e(r#"{"type":"connect","payload":{"providerConfigKey":"github","connectionId":"c"}}"#),
            Some(ConnectUiEvent::Connect(AuthSuccess {
                provider_config_key: "github".into(),
                connection_id: "c".into(),
                is_pending: None
            }))
        );
        assert_eq!(
            e(
                r#"{"type":"error","payload":{"errorType":"window_closed","errorMessage":"closed"}}"#
            ),
            Some(ConnectUiEvent::Error {
                error_type: "window_closed".into(),
                message: "closed".into()
            })
        );
        assert!(matches!(
            e(r#"{"type":"settings_changed","payload":{"theme":"dark"}}"#),
            Some(ConnectUiEvent::SettingsChanged(_))
        ));
        assert!(matches!(
            e(r#"{"type":"whatever"}"#),
            Some(ConnectUiEvent::Other(_))
        ));
        assert_eq!(e(r#"{"no":"type"}"#), None);
        assert_eq!(e(r#""ready""#), None);
    }
}
