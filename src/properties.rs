//! Property tests (proptest) of everything that reads untrusted input or
//! encodes what the app gave: the option objects, the server's answers, the
//! WebSocket frames, the callback page's messages, the host, and the query
//! strings. None may panic on any input; encodings round-trip through the
//! `url` crate's decoder. `make test` runs them with proptest's default
//! case count; `make fuzz` with many more (`PROPTEST_CASES`).

use proptest::prelude::*;
use serde_json::{Map, Value};

use crate::connect_ui::{ConnectUiEvent, ConnectUiOptions, ConnectUiProps};
use crate::host::HostUrls;
use crate::js_options::{AuthOptionsObject, NangoOptionsObject};
use crate::oauth_flow::{CallbackMessage, Frame, PopupMessage};
use crate::options::{AppCredential, AuthOptions, NangoOptions};
use crate::plan::{AuthPlan, ClientConfig};
use crate::query::{push_component, Query};
use crate::response;

/// Any text, often with the characters that matter to URLs, JSON and the
/// SDK's checks.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ a-z0-9&=+#?/%\\[\\]{}\"'\\\\:;,.@~_-]{0,24}",
        Just(String::new()),
    ]
}

/// Any JSON value, a few levels deep, with keys the SDK reads among others.
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        text(),
        prop::sample::select(vec![
            "credentials",
            "params",
            "hmac",
            "user_scope",
            "authorization_params",
            "installation",
            "assertionOption",
            "detectClosedAuthWindow",
            "timeout",
            "apiKey",
            "username",
            "password",
            "type",
            "payload",
            "message",
            "errorType",
            "message_type",
            "ws_client_id",
            "provider_config_key",
            "connection_id",
            "is_pending",
            "error_type",
            "error_desc",
            "providerConfigKey",
            "connectionId",
            "isPending",
            "error",
            "code",
            "errors",
            "path",
            "host",
            "websocketsPath",
            "connectSessionToken",
            "publicKey",
            "width",
            "height",
            "debug",
            "sessionToken",
            "baseURL",
            "apiURL",
            "lang",
            "themeOverride",
            "privateKey",
            "id",
            "secret",
        ])
        .prop_map(str::to_owned),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>()
            .prop_map(|n| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// An object at the top, as option objects and messages mostly are.
fn object() -> impl Strategy<Value = Value> {
    prop_oneof![
        json(),
        prop::collection::vec((text(), json()), 0..8)
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
    ]
}

/// The `(name, value)` pairs of a query string (without its `?`), decoded.
fn decoded(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

proptest! {
    #[test]
    fn option_objects_never_panic(options in object(), config in object(), props in object()) {
        if let Ok(o) = serde_json::from_value::<AuthOptionsObject>(options) {
            if let Err(e) = AuthOptions::try_from(o) {
                prop_assert!(!e.message().is_empty());
            }
        }
        if let Ok(o) = serde_json::from_value::<NangoOptionsObject>(config) {
            if let Ok(options) = NangoOptions::try_from(o) {
                let _ = ClientConfig::new(&options);
            }
        }
        if let Ok(o) = serde_json::from_value::<ConnectUiProps>(props) {
            if let Ok(options) = ConnectUiOptions::try_from(o) {
                let _ = options.target("https://api.nango.dev");
            }
        }
    }

    #[test]
    fn server_answers_never_panic_and_always_say_something(status in any::<u16>(), body in prop_oneof![text(), json().prop_map(|v| v.to_string())]) {
        match response::decode(status, &body) {
            Ok(success) => prop_assert!((200..300).contains(&status), "{success:?}"),
            Err(e) => {
                prop_assert!(!e.message().trim().is_empty());
                prop_assert!(!e.error_type().is_empty());
            }
        }
    }

    #[test]
    fn websocket_frames_never_panic(text in prop_oneof![text(), json().prop_map(|v| v.to_string())]) {
        if let Frame::Error(e) = Frame::parse(&text) {
            prop_assert!(!e.message().is_empty());
        }
    }

    #[test]
    fn callback_messages_and_connect_ui_events_never_panic(data in object(), event_type in text()) {
        if let Ok(message) = serde_json::from_value::<CallbackMessage>(data.clone()) {
            if let Some(PopupMessage::Error(e)) = PopupMessage::from_message(message) {
                prop_assert!(!e.message().is_empty());
            }
        }
        let _ = ConnectUiEvent::from_parts(&event_type, data);
    }

    #[test]
    fn hosts_never_panic_and_give_http_and_ws_urls(host in text(), ws_path in text()) {
        if let Ok(urls) = HostUrls::new(&host, &ws_path) {
            prop_assert!(urls.base.starts_with("http://") || urls.base.starts_with("https://"), "{urls:?}");
            prop_assert!(urls.websocket.starts_with("ws://") || urls.websocket.starts_with("wss://"), "{urls:?}");
            prop_assert!(urls.base.starts_with(&urls.origin), "{urls:?}");
        }
    }

    #[test]
    fn components_decode_to_what_was_encoded(s in any::<String>()) {
        let mut encoded = String::new();
        push_component(&mut encoded, &s);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.!~*'()%".contains(&b)), "{encoded}");
        let pairs = decoded(&format!("x={encoded}"));
        prop_assert_eq!(pairs, vec![("x".to_owned(), s)]);
    }

    #[test]
    fn queries_decode_to_their_pairs_in_order(pairs in prop::collection::vec((any::<String>(), any::<String>(), any::<bool>()), 0..8)) {
        let mut query = Query::new();
        let mut expected = Vec::new();
        for (name, value, nested) in &pairs {
            if *nested {
                query.push_nested("params", name, value);
                expected.push((format!("params[{name}]"), value.clone()));
            } else {
                query.push(name, value);
                expected.push((name.clone(), value.clone()));
            }
        }
        prop_assert_eq!(decoded(query.as_str()), expected);
    }

    #[test]
    fn auth_urls_carry_every_param_in_the_apps_order(
        id in "[a-zA-Z0-9~:.@ _-]{1,30}",
        params in prop::collection::vec(("[^\u{0}]{1,12}", any::<String>()), 0..6),
        scopes in prop::collection::vec("[a-z:]{1,8}", 0..3),
    ) {
        let token = format!("nango_connect_session_{}", "a".repeat(64));
        let config = ClientConfig::new(&NangoOptions::default().connect_session_token(token.clone()).host("http://127.0.0.1:3003")).unwrap();
        let mut options = AuthOptions::default();
        for (name, value) in &params {
            options = options.param(name.clone(), value.clone());
        }
        for scope in &scopes {
            options = options.user_scope(scope.clone());
        }
        let plan = config.plan_auth(&id, None, &options);
        if id == "." || id == ".." {
            prop_assert!(plan.is_err(), "a dot segment cannot be sent");
            return Ok(());
        }
        let Ok(AuthPlan::Popup { url }) = plan else {
            return Err(TestCaseError::fail("a popup plan"));
        };
        let parsed = url::Url::parse(&url).unwrap();
        prop_assert_eq!(parsed.path_segments().unwrap().next_back().map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()), Some(id));
        let mut expected = vec![("connect_session_token".to_owned(), token)];
        expected.extend(params.iter().map(|(k, v)| (format!("params[{k}]"), v.clone())));
        if !scopes.is_empty() {
            expected.push(("user_scope".to_owned(), scopes.join(",")));
        }
        prop_assert_eq!(decoded(parsed.query().unwrap_or("")), expected);
        prop_assert!(matches!(config.credential, Some(AppCredential::ConnectSessionToken(_))));
    }
}
