//! The WebAssembly side of the npm package: every decision of a call, as
//! plain-data functions for the package's JavaScript (`pkg-template/index.js`),
//! which does the browser effects (fetch, the popup, the WebSocket, messages,
//! timers, the Connect UI iframe) and nothing else.
//!
//! Only text and numbers cross ([`abi`]): JSON both ways (the JavaScript
//! side converts the official SDK's option objects with the rules of
//! `browser::convert`), so the module needs no JavaScript object access and
//! no binding glue. A result that is an error is `!` followed by JSON
//! `[type, message, status]`; the entry turns it into an `AuthError`.

use crate::prelude::*;
use crate::text::{cat, decimal};

mod abi;

use crate::connect_ui::ConnectUiOptions;
use crate::error::{AuthError, ErrorKind};
use crate::json::{self, JsonValue};
use crate::oauth_flow::{Action, Event, Frame, OAuthFlow, PopupMessage};
use crate::options::{read_call, string_option, NangoOptions};
use crate::plan::{redact_url, AuthPlan, ClientConfig};
use crate::popup_layout::PopupLayout;
use crate::response::{self, AuthSuccess};

/// A result for the entry: JSON, or `!` and the error as JSON.
fn answer(result: Result<String, AuthError>) -> String {
    result.unwrap_or_else(|e| {
        let status = e.status().map_or(JsonValue::Null, |s| number(s.into()));
        let error = JsonValue::Array(vec![e.error_type().into(), e.message().into(), status]);
        cat!("!", error.to_json())
    })
}

/// Where the Connect UI sends its API calls when no `apiURL` is given and
/// there is no client (`new ConnectUI(props)`).
const DEFAULT_CONNECT_UI_API_URL: &str = crate::host::DEFAULT_HOST;

fn parse(text: &str) -> JsonValue {
    json::parse(text).unwrap_or(JsonValue::Null)
}

/// A JSON object of these members, written directly (no owned keys).
fn object(members: Vec<(&str, JsonValue)>) -> String {
    let mut out = String::from("{");
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json::quote(key));
        out.push(':');
        out.push_str(&value.to_json());
    }
    out.push('}');
    out
}

fn number(n: u32) -> JsonValue {
    JsonValue::Number(decimal(n.into()))
}

fn optional(value: Option<String>) -> JsonValue {
    value.map_or(JsonValue::Null, JsonValue::String)
}

fn success_json(s: AuthSuccess) -> JsonValue {
    let mut members = vec![
        (
            "providerConfigKey".to_owned(),
            JsonValue::String(s.provider_config_key),
        ),
        (
            "connectionId".to_owned(),
            JsonValue::String(s.connection_id),
        ),
    ];
    if let Some(pending) = s.is_pending {
        members.push(("isPending".to_owned(), JsonValue::Bool(pending)));
    }
    JsonValue::Object(members)
}

/// A client: its validated configuration, or what is wrong with it (as the
/// error result every call of the client answers).
pub struct Client {
    config: Result<ClientConfig, String>,
    width: u32,
    height: u32,
}

impl Client {
    /// `config`: JSON of the official constructor options.
    pub fn new(config: &str) -> Client {
        let options = NangoOptions::from_json(&parse(config));
        let (width, height) = options.as_ref().map_or((0, 0), |o| (o.width, o.height));
        Client {
            config: options
                .and_then(|o| ClientConfig::new(&o))
                .map_err(|e| answer(Err(e))),
            width,
            height,
        }
    }

    /// What is wrong with the configuration (an error result), or nothing.
    pub fn error(&self) -> String {
        self.config.as_ref().err().cloned().unwrap_or_default()
    }

    /// The API base URL.
    pub fn base(&self) -> String {
        self.config
            .as_ref()
            .map(|c| c.urls.base.clone())
            .unwrap_or_default()
    }

    /// What a call does, as JSON, or the error that refuses it.
    /// `method`: `auth`, `reconnect` or `create`; `args`: JSON of the call's
    /// arguments. A POST: `{post, body, timeout}` (its URL for logs comes
    /// from [`redact`], asked only in debug mode); the popup: `{popup, detectClosed,
    /// timeout, ws, origin, check, token}` (`check`: the URL that tells
    /// whether the server knows the session `token`).
    pub fn plan(&self, method: &str, args: &str) -> String {
        self.answer(|config| make_plan(config, method, args))
    }

    /// The popup's `window.open` features: centred on the screen.
    pub fn features(&self, screen_width: f64, screen_height: f64) -> String {
        PopupLayout::centred(
            f64::from(self.width),
            f64::from(self.height),
            screen_width,
            screen_height,
        )
        .features()
    }

    /// The Connect UI of this client: `props` as for [`connect_ui`], the
    /// token defaulting to the client's and `apiURL` to its host.
    pub fn connect_ui(&self, props: &str) -> String {
        self.answer(|config| connect_ui_target(props, &config.urls.base, config.session_token()))
    }

    /// `call`'s answer with this client's configuration, or the
    /// configuration's error.
    fn answer(&self, call: impl FnOnce(&ClientConfig) -> Result<String, AuthError>) -> String {
        match &self.config {
            Ok(config) => answer(call(config)),
            Err(error) => error.clone(),
        }
    }
}

fn make_plan(config: &ClientConfig, method: &str, args: &str) -> Result<String, AuthError> {
    let (id, connection_id, options) = read_call(&parse(args))?;
    let plan = match method {
        "create" => config.plan_create(&id, connection_id.as_deref(), &options)?,
        "reconnect" => {
            config.check_reconnect()?;
            config.plan_auth(&id, None, &options)?
        }
        _ => config.plan_auth(&id, connection_id.as_deref(), &options)?,
    };
    let timeout = options.timeout_ms.map_or(JsonValue::Null, number);
    Ok(match plan {
        AuthPlan::Post { url, body } => object(vec![
            ("post", url.into()),
            ("body", optional(body)),
            ("timeout", timeout),
        ]),
        AuthPlan::Popup { url } => {
            let urls = &config.urls;
            let token = config.session_token();
            object(vec![
                ("popup", url.into()),
                (
                    "detectClosed",
                    JsonValue::Bool(options.detect_closed_auth_window),
                ),
                ("timeout", timeout),
                ("ws", urls.websocket.as_str().into()),
                ("origin", urls.origin.as_str().into()),
                (
                    "check",
                    optional(token.map(|_| cat!(urls.base, "/connect/session"))),
                ),
                ("token", optional(token.map(str::to_owned))),
            ])
        }
    })
}

/// The Connect UI's iframe URL, origin and token, as JSON `{url, origin,
/// token}`, from JSON of its props (`sessionToken`, `baseURL`, `apiURL`,
/// `lang`, `themeOverride`, `detectClosedAuthWindow` as a boolean).
pub fn connect_ui(props: &str) -> String {
    answer(connect_ui_target(props, DEFAULT_CONNECT_UI_API_URL, None))
}

fn connect_ui_target(
    props: &str,
    default_api_url: &str,
    default_token: Option<&str>,
) -> Result<String, AuthError> {
    let props = parse(props);
    if !matches!(props, JsonValue::Null | JsonValue::Object(_)) {
        return Err(invalid_options("The Connect UI options must be an object."));
    }
    let text = |name: &str| string_option(&props, name);
    let options = ConnectUiOptions {
        session_token: text("sessionToken")?.or(default_token.map(str::to_owned)),
        base_url: text("baseURL")?,
        api_url: text("apiURL")?,
        lang: text("lang")?,
        theme_override: text("themeOverride")?,
        detect_closed_auth_window: props
            .get("detectClosedAuthWindow")
            .and_then(JsonValue::as_bool)
            == Some(true),
    };
    let target = options.target(default_api_url)?;
    Ok(object(vec![
        ("url", target.url.into()),
        ("origin", target.origin.into()),
        ("token", optional(options.session_token)),
    ]))
}

fn invalid_options(message: &str) -> AuthError {
    AuthError::new(ErrorKind::InvalidOptions, message)
}

/// `url` with its secret query values replaced, for debug logs.
pub fn redact(url: &str) -> String {
    redact_url(url)
}

/// The server's answer to an auth POST: JSON of the connection
/// (`{providerConfigKey, connectionId, isPending?}`), or its error.
pub fn decode(status: u16, body: &str) -> String {
    answer(response::decode(status, body).map(|s| success_json(s).to_json()))
}

/// One OAuth popup flow's state machine ([`OAuthFlow`]).
pub struct Flow(OAuthFlow);

/// What happened, for [`Flow::on`].
const SOCKET_TEXT: u8 = 0;
const SOCKET_LOST: u8 = 1;
const POPUP_MESSAGE: u8 = 2;
const POPUP_CLOSED: u8 = 3;

impl Flow {
    /// A flow that sends the popup to `url` once the socket says hello.
    pub fn new(url: String, detect_closed: bool) -> Flow {
        Flow(OAuthFlow::new(url, detect_closed))
    }

    /// Feeds one event: `kind` 0 a socket frame (`data`: its text), 1 the
    /// socket lost, 2 a message from the popup (`data`: JSON of
    /// `event.data`), 3 the popup closed, 4 the timer fired. Returns JSON
    /// `{log, actions}`: `log` describes the event for debug logs; each
    /// action is `["navigate", url, shown]`, `["reconnect", ms]`, `["ack"]`,
    /// `["timer", ms]`, `["ok", connection]` or `["err", type, message]`.
    pub fn on(&mut self, kind: u8, data: &str) -> String {
        let event = match kind {
            SOCKET_TEXT => Event::Socket(Frame::parse(data)),
            SOCKET_LOST => Event::SocketLost,
            POPUP_MESSAGE => match PopupMessage::from_data(&parse(data)) {
                Some(message) => Event::Popup(message),
                None => return object(vec![("actions", JsonValue::Array(Vec::new()))]),
            },
            POPUP_CLOSED => Event::PopupClosed,
            _ => Event::TimerFired,
        };
        let log = event.describe();
        let actions = self
            .0
            .on(event)
            .into_iter()
            .map(|action| {
                let s = |text: &str| JsonValue::String(text.to_owned());
                JsonValue::Array(match action {
                    Action::Navigate(url) => {
                        let shown = redact_url(&url);
                        vec![s("navigate"), url.into(), shown.into()]
                    }
                    Action::Reconnect(ms) => vec![s("reconnect"), number(ms)],
                    Action::AckPopup => vec![s("ack")],
                    Action::StartTimer(ms) => vec![s("timer"), number(ms)],
                    Action::Settle(Ok(success)) => vec![s("ok"), success_json(success)],
                    Action::Settle(Err(e)) => vec![s("err"), s(e.error_type()), s(e.message())],
                })
            })
            .collect();
        object(vec![
            ("log", optional(log)),
            ("actions", JsonValue::Array(actions)),
        ])
    }
}

// The JSON contract with pkg-template/index.js, natively (`cargo test
// --features js`). Only success paths: errors are JavaScript objects.
#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str =
        "nango_connect_session_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn client() -> Client {
        let config = format!(
            r#"{{"host":"http://127.0.0.1:3003/","connectSessionToken":"{TOKEN}","width":400}}"#
        );
        Client::new(&config)
    }

    fn plan(method: &str, args: &str) -> JsonValue {
        json::parse(&client().plan(method, args)).unwrap()
    }

    #[test]
    fn a_post_plan_carries_url_body_and_a_redacted_url_for_logs() {
        let p = plan(
            "auth",
            r#"["zendesk",{"credentials":{"apiKey":"k"},"params":{"subdomain":"acme"},"timeout":5000}]"#,
        );
        let url = p.str_field("post").unwrap();
        assert!(
            url.starts_with("http://127.0.0.1:3003/api-auth/api-key/zendesk?"),
            "{url}"
        );
        assert!(url.contains(TOKEN));
        assert!(!redact(url).contains(TOKEN));
        assert_eq!(p.str_field("body"), Some(r#"{"apiKey":"k"}"#));
        assert_eq!(p.get("timeout"), Some(&JsonValue::Number("5000".into())));
        let create = plan("create", r#"["public-api","my-id",null]"#);
        assert_eq!(create.get("body"), Some(&JsonValue::Null));
        assert!(create
            .str_field("post")
            .unwrap()
            .contains("/auth/unauthenticated/public-api?"));
    }

    #[test]
    fn a_popup_plan_carries_the_socket_origin_and_token_check() {
        let p = plan("reconnect", r#"["github",{"detectClosedAuthWindow":true}]"#);
        assert!(p
            .str_field("popup")
            .unwrap()
            .starts_with("http://127.0.0.1:3003/oauth/connect/github?"));
        assert_eq!(p.get("detectClosed"), Some(&JsonValue::Bool(true)));
        assert_eq!(p.get("timeout"), Some(&JsonValue::Null));
        assert_eq!(p.str_field("ws"), Some("ws://127.0.0.1:3003/"));
        assert_eq!(p.str_field("origin"), Some("http://127.0.0.1:3003"));
        assert_eq!(
            p.str_field("check"),
            Some("http://127.0.0.1:3003/connect/session")
        );
        assert_eq!(p.str_field("token"), Some(TOKEN));
        assert!(client()
            .features(1000.0, 800.0)
            .starts_with("left=300,top=100,width=400,height=600,"));
    }

    #[test]
    fn connect_ui_targets() {
        let t = json::parse(&client().connect_ui(r#"{"lang":"fr","detectClosedAuthWindow":true}"#))
            .unwrap();
        assert_eq!(t.str_field("origin"), Some("https://connect.nango.dev"));
        assert_eq!(
            t.str_field("url"),
            Some("https://connect.nango.dev/?apiURL=http%3A%2F%2F127.0.0.1%3A3003&detectClosedAuthWindow=true&lang=fr")
        );
        assert_eq!(t.str_field("token"), Some(TOKEN));
        let standalone =
            json::parse(&connect_ui(r#"{"baseURL":"http://localhost:5173"}"#)).unwrap();
        assert_eq!(standalone.get("token"), Some(&JsonValue::Null));
        assert_eq!(
            standalone.str_field("url"),
            Some("http://localhost:5173/?apiURL=https%3A%2F%2Fapi.nango.dev")
        );
    }

    #[test]
    fn the_flow_says_what_to_do_and_what_to_log() {
        let mut flow = Flow::new(
            format!("http://127.0.0.1:3003/oauth/connect/github?connect_session_token={TOKEN}"),
            false,
        );
        let out = json::parse(&flow.on(
            SOCKET_TEXT,
            r#"{"message_type":"connection_ack","ws_client_id":"c1"}"#,
        ))
        .unwrap();
        assert_eq!(out.str_field("log"), Some("WebSocket hello received"));
        let JsonValue::Array(actions) = out.get("actions").unwrap() else {
            panic!()
        };
        let JsonValue::Array(navigate) = &actions[0] else {
            panic!()
        };
        assert_eq!(navigate[0].as_str(), Some("navigate"));
        assert!(navigate[1].as_str().unwrap().ends_with("&ws_client_id=c1"));
        assert!(!navigate[2].as_str().unwrap().contains(TOKEN));
        let ignored = json::parse(&flow.on(POPUP_MESSAGE, r#"{"type":"something else"}"#)).unwrap();
        assert_eq!(ignored.to_json(), r#"{"actions":[]}"#);
        let done = flow.on(
            SOCKET_TEXT,
            r#"{"message_type":"success","provider_config_key":"github","connection_id":"conn"}"#,
        );
        assert_eq!(
            done,
            r#"{"log":"Success received on the WebSocket","actions":[["ok",{"providerConfigKey":"github","connectionId":"conn","isPending":false}]]}"#
        );
        let mut closed = Flow::new("http://x/".into(), false);
        assert_eq!(
            json::parse(&closed.on(POPUP_CLOSED, ""))
                .unwrap()
                .get("actions")
                .unwrap()
                .to_json(),
            r#"[["err","window_closed","The authorization window was closed before the authorization flow was completed."]]"#
        );
    }

    #[test]
    fn decoded_answers_are_the_connection() {
        assert_eq!(
            decode(
                200,
                r#"{"providerConfigKey":"zendesk","connectionId":"c","extra":1}"#
            ),
            r#"{"providerConfigKey":"zendesk","connectionId":"c"}"#
        );
    }

    #[test]
    fn errors_are_marked_and_carry_type_message_and_status() {
        assert_eq!(
            decode(
                401,
                r#"{"error":{"code":"unknown_connect_session_token","message":"Unknown"}}"#
            ),
            r#"!["unknown_connect_session_token","Unknown",401]"#
        );
        let bad = Client::new(r#"{"host":"ftp://x"}"#);
        assert!(
            bad.error().starts_with(r#"!["invalid_host_url","#),
            "{}",
            bad.error()
        );
        assert_eq!(bad.plan("auth", r#"["github"]"#), bad.error());
        assert_eq!(client().error(), "");
        assert!(client()
            .plan("auth", "[3]")
            .starts_with(r#"!["invalid_uri_params","#));
        assert!(connect_ui("[]").starts_with(r#"!["invalid_options","#));
    }
}
