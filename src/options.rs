//! Options of the client and of each auth call, as plain values.
//!
//! Rust apps build them with `Default` and the builder-style setters; the
//! npm package reads the official SDK's option objects (as JSON) into the
//! same types once, at the boundary ([`NangoOptions::from_json`],
//! [`AuthOptions::from_json`], [`read_call`]).

use crate::prelude::*;
use crate::text::{self, cat};

use crate::credentials::Credentials;
use crate::error::{AuthError, ErrorKind};
use crate::host::{DEFAULT_HOST, DEFAULT_WEBSOCKETS_PATH};
use crate::json::JsonValue;

/// How the app authenticates its end user's auth calls to Nango.
#[derive(Clone, PartialEq, Eq)]
pub enum AppCredential {
    /// A connect session token made by the app's backend
    /// (`nango_connect_session_` + 64 hex digits).
    ConnectSessionToken(String),
    /// The deprecated public key of the environment (a UUID).
    PublicKey(String),
}

/// Never prints the token or key itself.
impl core::fmt::Debug for AppCredential {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
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
    /// Popup width in CSS pixels (default 500).
    pub width: u32,
    /// Popup height in CSS pixels (default 600).
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
    pub fn connect_session_token(mut self, token: impl Into<String>) -> Self {
        self.credential = Some(AppCredential::ConnectSessionToken(token.into()));
        self
    }

    /// Authenticates with the deprecated public key.
    pub fn public_key(mut self, key: impl Into<String>) -> Self {
        self.credential = Some(AppCredential::PublicKey(key.into()));
        self
    }

    /// Sets the API base URL.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }

    /// Sets the WebSocket path (relative to the host, or absolute).
    pub fn websockets_path(mut self, path: impl Into<String>) -> Self {
        self.websockets_path = path.into();
        self
    }

    /// Sets the popup size.
    pub fn popup_size(mut self, width: u32, height: u32) -> Self {
        self.width = width;
        self.height = height;
        self
    }

    /// Turns debug logging on or off.
    pub fn debug(mut self, debug: bool) -> Self {
        self.debug = debug;
        self
    }
}

/// OAuth client overrides for the popup flow, sent in the query string.
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

impl core::fmt::Debug for OAuthOverrides {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// `assertionOption` for `TWO_STEP` integrations.
    pub assertion_option: Option<JsonValue>,
    /// Fail with `window_closed` when the user closes the popup.
    pub detect_closed_auth_window: bool,
    /// Give up after this many milliseconds with a `timeout` error.
    pub timeout_ms: Option<u32>,
}

impl AuthOptions {
    /// Sets the credentials (a flow with no popup).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Adds a connection config param.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Sets the HMAC digest.
    pub fn hmac(mut self, hmac: impl Into<String>) -> Self {
        self.hmac = Some(hmac.into());
        self
    }

    /// Adds a user scope.
    pub fn user_scope(mut self, scope: impl Into<String>) -> Self {
        self.user_scope.push(scope.into());
        self
    }

    /// Adds an authorization param (`None` removes a default one).
    pub fn authorization_param(mut self, name: impl Into<String>, value: Option<String>) -> Self {
        self.authorization_params.push((name.into(), value));
        self
    }

    /// Sets the OAuth client overrides for the popup flow.
    pub fn oauth_overrides(mut self, overrides: OAuthOverrides) -> Self {
        self.oauth_overrides = overrides;
        self
    }

    /// Marks the installation as outbound.
    pub fn installation_outbound(mut self) -> Self {
        self.installation_outbound = true;
        self
    }

    /// Fails with `window_closed` when the user closes the popup.
    pub fn detect_closed_auth_window(mut self, detect: bool) -> Self {
        self.detect_closed_auth_window = detect;
        self
    }

    /// Gives up after `ms` milliseconds.
    pub fn timeout_ms(mut self, ms: u32) -> Self {
        self.timeout_ms = Some(ms);
        self
    }

    /// Reads the official SDK's `AuthOptions` object (as JSON) into typed
    /// options. Unknown members are ignored, as the official SDK ignores
    /// them; members of the wrong type are typed errors.
    pub fn from_json(options: &JsonValue) -> Result<AuthOptions, AuthError> {
        let mut out = AuthOptions::default();
        let members = match options {
            JsonValue::Null => return Ok(out),
            JsonValue::Object(members) => members,
            _ => {
                return Err(AuthError::new(
                    ErrorKind::InvalidOptions,
                    "The auth options must be an object.",
                ))
            }
        };
        for (name, value) in members {
            match (name.as_str(), value) {
                (_, JsonValue::Null) => {}
                ("credentials", JsonValue::Object(fields)) => {
                    out.credentials = Credentials::from_fields(fields)?;
                    out.oauth_overrides = OAuthOverrides {
                        client_id: string_member(value, "oauth_client_id_override", "credentials")?,
                        client_secret: string_member(
                            value,
                            "oauth_client_secret_override",
                            "credentials",
                        )?,
                        refresh_token: string_member(
                            value,
                            "oauth_refresh_token_override",
                            "credentials",
                        )?,
                    };
                }
                ("params", JsonValue::Object(params)) => {
                    for (key, v) in params {
                        if let Some(text) = scalar_text(v, "params", key)? {
                            out.params.push((key.clone(), text));
                        }
                    }
                }
                ("hmac", JsonValue::String(h)) => {
                    out.hmac = Some(h.clone()).filter(|h| !h.is_empty())
                }
                ("user_scope", JsonValue::Array(items)) => {
                    for item in items {
                        match item {
                            JsonValue::String(s) => out.user_scope.push(s.clone()),
                            _ => {
                                return Err(wrong_type(
                                    ErrorKind::InvalidQueryParams,
                                    "user_scope",
                                    "an array of strings",
                                ))
                            }
                        }
                    }
                }
                ("user_scope", JsonValue::String(s)) => out.user_scope.push(s.clone()),
                ("authorization_params", JsonValue::Object(params)) => {
                    for (key, v) in params {
                        let text = scalar_text(v, "authorization_params", key)?;
                        out.authorization_params.push((key.clone(), text));
                    }
                }
                ("installation", JsonValue::String(s)) if s == "outbound" => {
                    out.installation_outbound = true
                }
                ("assertionOption", v @ JsonValue::Object(_)) => {
                    out.assertion_option = Some(v.clone())
                }
                ("detectClosedAuthWindow", JsonValue::Bool(b)) => {
                    out.detect_closed_auth_window = *b
                }
                ("timeout", JsonValue::Number(n)) => out.timeout_ms = Some(parse_timeout(n)?),
                ("credentials" | "assertionOption", _) => {
                    return Err(wrong_type(ErrorKind::InvalidBody, name, "an object"))
                }
                ("params" | "authorization_params", _) => {
                    return Err(wrong_type(ErrorKind::InvalidQueryParams, name, "an object"))
                }
                ("hmac", _) => {
                    return Err(wrong_type(ErrorKind::InvalidQueryParams, name, "a string"))
                }
                ("user_scope", _) => {
                    return Err(wrong_type(
                        ErrorKind::InvalidQueryParams,
                        name,
                        "an array of strings",
                    ))
                }
                ("installation", _) => {
                    return Err(wrong_type(ErrorKind::InvalidOptions, name, "\"outbound\""))
                }
                ("detectClosedAuthWindow", _) => {
                    return Err(wrong_type(ErrorKind::InvalidOptions, name, "a boolean"))
                }
                ("timeout", _) => {
                    return Err(wrong_type(
                        ErrorKind::InvalidOptions,
                        name,
                        "a number of milliseconds",
                    ))
                }
                _ => {}
            }
        }
        Ok(out)
    }
}

impl NangoOptions {
    /// Reads the official SDK's constructor options (`host`, `websocketsPath`,
    /// `connectSessionToken`, `publicKey`, `width`, `height`) from JSON;
    /// `debug` is the caller's (JavaScript truthiness). Empty strings mean
    /// "not set", as with the official SDK's `||` defaults.
    pub fn from_json(config: &JsonValue) -> Result<NangoOptions, AuthError> {
        let mut options = NangoOptions::default();
        let members = match config {
            JsonValue::Null => return Ok(options),
            JsonValue::Object(members) => members,
            _ => return Err(invalid("The Nango options must be an object.")),
        };
        let text = |name: &str| string_option(config, name).map(|s| s.filter(|s| !s.is_empty()));
        if let Some(host) = text("host")? {
            options.host = host;
        }
        if let Some(path) = text("websocketsPath")? {
            options.websockets_path = path;
        }
        options.credential = match (text("connectSessionToken")?, text("publicKey")?) {
            (Some(token), _) => Some(AppCredential::ConnectSessionToken(token)),
            (None, Some(key)) => Some(AppCredential::PublicKey(key)),
            (None, None) => None,
        };
        for (name, value) in members {
            let slot = match name.as_str() {
                "width" => &mut options.width,
                "height" => &mut options.height,
                _ => continue,
            };
            match value {
                JsonValue::Null => {}
                JsonValue::Number(n) => match pixels(n) {
                    Some(px) => *slot = px,
                    None => {
                        return Err(wrong_type(
                            ErrorKind::InvalidOptions,
                            name,
                            "a positive number of pixels",
                        ))
                    }
                },
                _ => {
                    return Err(wrong_type(
                        ErrorKind::InvalidOptions,
                        name,
                        "a positive number of pixels",
                    ))
                }
            }
        }
        Ok(options)
    }
}

/// A JSON number from 1 to 100000, its fraction dropped. (Read without
/// float parsing, whose tables would weigh more than the rest of this
/// module.)
fn pixels(number: &str) -> Option<u32> {
    let (whole, fraction) = text::split_once(number, b'.').unwrap_or((number, ""));
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let px = text::digits(whole)?;
    let over = px > 100_000 || (px == 100_000 && fraction.bytes().any(|b| b != b'0'));
    (px >= 1 && !over).then_some(px)
}

/// One call of the JavaScript API, from its arguments as a JSON array
/// `[integrationId, second, third]`: the official overloads `(id, options?)`
/// and `(id, connectionId, options?)`; with an object second, a third object
/// is merged under it (`{...third, ...second}`).
pub fn read_call(args: &JsonValue) -> Result<(String, Option<String>, AuthOptions), AuthError> {
    let arg = |i: usize| match args {
        JsonValue::Array(items) => items.get(i).unwrap_or(&JsonValue::Null),
        _ => &JsonValue::Null,
    };
    let id = arg(0).as_str().ok_or_else(|| {
        AuthError::new(
            ErrorKind::InvalidUriParams,
            "The integration id must be a string.",
        )
    })?;
    let (connection_id, options) = match arg(1) {
        JsonValue::String(connection_id) => {
            (Some(connection_id.clone()), check_object(arg(2))?.clone())
        }
        second => {
            let mut options = check_object(second)?.clone();
            if let JsonValue::Object(base) = check_object(arg(2))? {
                match &mut options {
                    JsonValue::Object(top) => {
                        let mut merged: Vec<(String, JsonValue)> = base
                            .iter()
                            .filter(|(k, _)| !top.iter().any(|(t, _)| t == k))
                            .cloned()
                            .collect();
                        merged.append(top);
                        *top = merged;
                    }
                    _ => options = JsonValue::Object(base.clone()),
                }
            }
            (None, options)
        }
    };
    Ok((
        id.to_owned(),
        connection_id,
        AuthOptions::from_json(&options)?,
    ))
}

fn check_object(options: &JsonValue) -> Result<&JsonValue, AuthError> {
    match options {
        JsonValue::Null | JsonValue::Object(_) => Ok(options),
        _ => Err(invalid("The auth options must be an object.")),
    }
}

fn invalid(message: &str) -> AuthError {
    AuthError::new(ErrorKind::InvalidOptions, message)
}

/// An optional string member of an options object: absent or null is
/// `None`; any other type is an `invalid_options` error.
pub(crate) fn string_option(object: &JsonValue, name: &str) -> Result<Option<String>, AuthError> {
    match object.get(name) {
        None | Some(JsonValue::Null) => Ok(None),
        Some(JsonValue::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(wrong_type(ErrorKind::InvalidOptions, name, "a string")),
    }
}

fn wrong_type(kind: ErrorKind, name: &str, expected: &str) -> AuthError {
    AuthError::new(kind, cat!("The option ", name, " must be ", expected, "."))
}

/// A param value as text: strings as they are, numbers and booleans as
/// JavaScript prints them; `None` for null (skipped, or "remove" for
/// authorization params); objects and arrays are refused.
fn scalar_text(value: &JsonValue, group: &str, key: &str) -> Result<Option<String>, AuthError> {
    match value {
        JsonValue::String(s) => Ok(Some(s.clone())),
        JsonValue::Number(n) => Ok(Some(n.clone())),
        JsonValue::Bool(b) => Ok(Some(if *b { "true" } else { "false" }.to_owned())),
        JsonValue::Null => Ok(None),
        _ => Err(AuthError::new(
            ErrorKind::InvalidQueryParams,
            cat!(group, ".", key, " must be a string."),
        )),
    }
}

fn string_member(object: &JsonValue, key: &str, group: &str) -> Result<Option<String>, AuthError> {
    match object.get(key) {
        None | Some(JsonValue::Null) => Ok(None),
        Some(JsonValue::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(AuthError::new(
            ErrorKind::InvalidQueryParams,
            cat!(group, ".", key, " must be a string."),
        )),
    }
}

fn parse_timeout(text: &str) -> Result<u32, AuthError> {
    let end = text
        .bytes()
        .position(|b| matches!(b, b'.' | b'e' | b'E'))
        .unwrap_or(text.len());
    let whole = text.get(..end).unwrap_or("");
    let exact = whole.len() == text.len();
    match text::digits(whole) {
        Some(ms) if exact && ms > 0 => Ok(ms),
        _ => Err(wrong_type(
            ErrorKind::InvalidOptions,
            "timeout",
            "a positive whole number of milliseconds (at most 4294967295)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn read(json: &str) -> Result<AuthOptions, AuthError> {
        AuthOptions::from_json(&parse(json).unwrap())
    }

    #[test]
    fn reads_the_official_option_object() {
        let o = read(
            r#"{"credentials":{"apiKey":"k"},"params":{"subdomain":"acme","n":3,"b":false,"skip":null},
                "hmac":"h","user_scope":["a","b"],"authorization_params":{"prompt":"consent","scope":null},
                "detectClosedAuthWindow":true,"timeout":60000,"unknown":{"x":1}}"#,
        )
        .unwrap();
        assert_eq!(o.credentials, Some(Credentials::api_key("k")));
        assert_eq!(
            o.params,
            vec![
                ("subdomain".into(), "acme".into()),
                ("n".into(), "3".into()),
                ("b".into(), "false".into())
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
        assert_eq!(o.timeout_ms, Some(60000));
    }

    #[test]
    fn overrides_alone_stay_a_popup_flow() {
        let o = read(r#"{"credentials":{"oauth_client_id_override":"id","oauth_client_secret_override":"s"}}"#).unwrap();
        assert_eq!(o.credentials, None);
        assert_eq!(o.oauth_overrides.client_id.as_deref(), Some("id"));
        assert_eq!(o.oauth_overrides.client_secret.as_deref(), Some("s"));
    }

    #[test]
    fn wrong_types_are_refused_before_any_request() {
        for (bad, kind) in [
            (
                r#"{"params":"subdomain=acme"}"#,
                ErrorKind::InvalidQueryParams,
            ),
            (
                r#"{"params":{"a":{"b":"c"}}}"#,
                ErrorKind::InvalidQueryParams,
            ),
            (r#"{"user_scope":[1]}"#, ErrorKind::InvalidQueryParams),
            (r#"{"hmac":5}"#, ErrorKind::InvalidQueryParams),
            (r#"{"credentials":"k"}"#, ErrorKind::InvalidBody),
            (r#"{"timeout":-1}"#, ErrorKind::InvalidOptions),
            (r#"{"timeout":1.5}"#, ErrorKind::InvalidOptions),
            (r#"{"timeout":0}"#, ErrorKind::InvalidOptions),
            (r#"{"installation":"inbound"}"#, ErrorKind::InvalidOptions),
            (
                r#"{"detectClosedAuthWindow":"yes"}"#,
                ErrorKind::InvalidOptions,
            ),
            (r#""x""#, ErrorKind::InvalidOptions),
        ] {
            let err = read(bad).unwrap_err();
            assert_eq!(err.kind(), &kind, "{bad}");
        }
        assert_eq!(
            read(r#"{"credentials":{"apiKey":""}}"#).unwrap_err().kind(),
            &ErrorKind::MissingCredentials
        );
        assert_eq!(read("null").unwrap(), AuthOptions::default());
    }

    #[test]
    fn reads_the_constructor_options() {
        let o = NangoOptions::from_json(
            &parse(r#"{"host":"http://127.0.0.1:3003","websocketsPath":"","publicKey":"pk","connectSessionToken":"t","width":640.5,"height":null,"x":1}"#).unwrap(),
        )
        .unwrap();
        assert_eq!(o.host, "http://127.0.0.1:3003");
        assert_eq!(o.websockets_path, DEFAULT_WEBSOCKETS_PATH);
        assert_eq!(
            o.credential,
            Some(AppCredential::ConnectSessionToken("t".into()))
        );
        assert_eq!((o.width, o.height), (640, 600));
        let key = NangoOptions::from_json(
            &parse(r#"{"connectSessionToken":"","publicKey":"pk"}"#).unwrap(),
        )
        .unwrap();
        assert_eq!(key.credential, Some(AppCredential::PublicKey("pk".into())));
        assert_eq!(
            NangoOptions::from_json(&JsonValue::Null).unwrap(),
            NangoOptions::default()
        );
        for (text, px) in [
            ("1", Some(1)),
            ("640.9", Some(640)),
            ("100000", Some(100_000)),
            ("100000.5", None),
            ("0.5", None),
            ("-5", None),
            ("1e3", None),
        ] {
            assert_eq!(pixels(text), px, "{text}");
        }
        for bad in [
            r#""x""#,
            r#"{"host":3}"#,
            r#"{"width":0}"#,
            r#"{"height":"600"}"#,
            r#"{"width":1e9}"#,
        ] {
            let err = NangoOptions::from_json(&parse(bad).unwrap()).unwrap_err();
            assert_eq!(err.kind(), &ErrorKind::InvalidOptions, "{bad}");
        }
    }

    #[test]
    fn reads_the_official_overloads() {
        let call = |json: &str| read_call(&parse(json).unwrap());
        let (id, connection_id, o) =
            call(r#"["zendesk",{"params":{"subdomain":"acme"}}]"#).unwrap();
        assert_eq!((id.as_str(), connection_id), ("zendesk", None));
        assert_eq!(o.params, vec![("subdomain".into(), "acme".into())]);
        let (_, connection_id, o) = call(r#"["github","conn-1",{"hmac":"h"}]"#).unwrap();
        assert_eq!(connection_id.as_deref(), Some("conn-1"));
        assert_eq!(o.hmac.as_deref(), Some("h"));
        // `{...third, ...second}`
        let (_, _, o) = call(r#"["x",{"hmac":"top"},{"hmac":"base","user_scope":"s"}]"#).unwrap();
        assert_eq!(
            (o.hmac.as_deref(), o.user_scope),
            (Some("top"), vec!["s".to_string()])
        );
        let (_, _, o) = call(r#"["x",null,{"hmac":"base"}]"#).unwrap();
        assert_eq!(o.hmac.as_deref(), Some("base"));
        assert_eq!(
            call(r#"[3]"#).unwrap_err().kind(),
            &ErrorKind::InvalidUriParams
        );
        assert_eq!(
            call(r#"["x",false]"#).unwrap_err().kind(),
            &ErrorKind::InvalidOptions
        );
        assert_eq!(
            call(r#"["x","c",[1]]"#).unwrap_err().kind(),
            &ErrorKind::InvalidOptions
        );
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
