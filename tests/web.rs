//! The Rust API in a real browser (headless Chromium) against a real dev
//! server on loopback. Run by `make test`, which starts the server and sets
//! `NANGO_DEV_SERVER_URL` (default `http://127.0.0.1:3013`).
#![cfg(target_arch = "wasm32")]

mod common;

use common::{backend_call, client, get, session_token, PUBLIC_KEY, SERVER};
use js_sys::JSON;
use nango_frontend::{AuthOptions, Credentials, ErrorKind, Nango, NangoOptions};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn stored_connection(id: &str, key: &str) -> JsValue {
    let (status, body) = backend_call(
        "GET",
        &format!("/connection/{id}?provider_config_key={key}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    body
}

fn json(v: &JsValue) -> String {
    JSON::stringify(v).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
async fn api_key_flow_creates_a_connection_with_its_params() {
    let nango = client().await;
    let options = AuthOptions::default()
        .credentials(Credentials::api_key("sk-live-123"))
        .param("subdomain", "acme");
    let result = nango.auth("zendesk", options).await.unwrap();
    assert_eq!(result.provider_config_key, "zendesk");
    assert_eq!(result.connection_id.len(), 36);
    let stored = stored_connection(&result.connection_id, "zendesk").await;
    assert_eq!(
        json(&get(&stored, &["connection_config"])),
        r#"{"subdomain":"acme"}"#
    );
    assert_eq!(
        get(&stored, &["credentials", "type"])
            .as_string()
            .as_deref(),
        Some("API_KEY")
    );
    assert_eq!(
        get(&stored, &["credentials", "apiKey"])
            .as_string()
            .as_deref(),
        Some("sk-live-123")
    );
}

#[wasm_bindgen_test]
async fn basic_flow_and_hostile_param_values_arrive_intact() {
    let nango = client().await;
    let hostile = "a+b & c=d #e ?f /g %h é 😀";
    let options = AuthOptions::default()
        .credentials(Credentials::basic("me@acme.io", "p&ss=w#rd"))
        .param("subdomain", "acme")
        .param("note & [x]", hostile);
    let result = nango.auth("jira-basic", options).await.unwrap();
    let stored = stored_connection(&result.connection_id, "jira-basic").await;
    assert_eq!(
        get(&stored, &["connection_config", "note & [x]"])
            .as_string()
            .as_deref(),
        Some(hostile)
    );
    assert_eq!(
        get(&stored, &["credentials", "password"])
            .as_string()
            .as_deref(),
        Some("p&ss=w#rd")
    );
}

#[wasm_bindgen_test]
async fn server_errors_are_typed_with_status_and_message() {
    let nango = client().await;
    let key = || AuthOptions::default().credentials(Credentials::api_key("k"));

    let e = nango.auth("no-such-integration", key()).await.unwrap_err();
    assert_eq!(
        (e.error_type(), e.status()),
        ("unknown_provider_config", Some(404))
    );
    assert!(!e.message().is_empty());

    let e = nango
        .auth("jira-basic", key().param("subdomain", "acme"))
        .await
        .unwrap_err();
    assert_eq!(
        (e.error_type(), e.status()),
        ("invalid_auth_mode", Some(400))
    );

    let e = nango.auth("zendesk", key()).await.unwrap_err();
    assert_eq!(
        (e.error_type(), e.status()),
        ("missing_connection_config_param", Some(400))
    );
    assert!(e.message().contains("subdomain"), "{}", e.message());

    let e = nango
        .auth(
            "zendesk",
            AuthOptions::default()
                .credentials(Credentials::api_key("invalid"))
                .param("subdomain", "a"),
        )
        .await
        .unwrap_err();
    assert_eq!(e.error_type(), "connection_test_failed");

    let unknown = format!("nango_connect_session_{}", "0".repeat(64));
    let stranger = Nango::new(
        NangoOptions::default()
            .connect_session_token(unknown)
            .host(SERVER),
    )
    .unwrap();
    let e = stranger.auth("pagerduty", key()).await.unwrap_err();
    assert_eq!(
        (e.error_type(), e.status()),
        ("unknown_connect_session_token", Some(401))
    );
}

#[wasm_bindgen_test]
async fn a_non_json_answer_is_an_unknown_error_not_a_crash() {
    // Under /examples the server only serves files: a POST gets a non-JSON 405.
    let nango = Nango::new(
        NangoOptions::default()
            .connect_session_token(session_token().await)
            .host(format!("{SERVER}/examples")),
    )
    .unwrap();
    let e = nango
        .auth(
            "pagerduty",
            AuthOptions::default().credentials(Credentials::api_key("k")),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::UnknownError);
    assert_eq!(e.status(), Some(405));
    assert!(e.message().contains("HTTP 405"), "{}", e.message());
}

#[wasm_bindgen_test]
async fn network_failures_are_typed() {
    // Nothing listens on port 9 of loopback.
    let token = session_token().await;
    let nango = Nango::new(
        NangoOptions::default()
            .connect_session_token(token)
            .host("http://127.0.0.1:9"),
    )
    .unwrap();
    let e = nango
        .auth(
            "pagerduty",
            AuthOptions::default().credentials(Credentials::api_key("k")),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::NetworkError);
    assert_eq!(e.status(), None);
}

#[wasm_bindgen_test]
async fn bad_input_fails_before_any_request() {
    // The host accepts no connection: a request would be a network_error.
    let dead = |token: &str| {
        Nango::new(
            NangoOptions::default()
                .connect_session_token(token)
                .host("http://127.0.0.1:9"),
        )
        .unwrap()
    };
    let token = session_token().await;
    let options = || AuthOptions::default().credentials(Credentials::api_key("k"));
    for id in ["", "a/b", "x?y", "../admin"] {
        let e = dead(&token).auth(id, options()).await.unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidUriParams, "{id:?}");
    }
    let e = dead("nango_connect_session_nothex")
        .auth("pagerduty", options())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::InvalidConnectSessionTokenFormat);
    let e = Nango::new(NangoOptions::default().host("http://127.0.0.1:9"))
        .unwrap()
        .auth("pagerduty", options())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::MissingAuthToken);
    let e = Nango::new(
        NangoOptions::default()
            .public_key(PUBLIC_KEY)
            .host("http://127.0.0.1:9"),
    )
    .unwrap()
    .reconnect("pagerduty", options())
    .await
    .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::MissingConnectSessionToken);
    let e = Nango::new(NangoOptions::default().host("not a url")).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::InvalidHostUrl);
}

#[wasm_bindgen_test]
async fn legacy_public_key_mode_keeps_the_connection_id() {
    let nango = Nango::new(NangoOptions::default().public_key(PUBLIC_KEY).host(SERVER)).unwrap();
    let id = "crm/user 42 {\"x\"}";
    let result = nango
        .auth(
            "pagerduty",
            AuthOptions::default()
                .connection_id(id)
                .credentials(Credentials::api_key("k")),
        )
        .await
        .unwrap();
    assert_eq!(result.connection_id, id);
    let stored = stored_connection(
        &js_sys::encode_uri_component(id).as_string().unwrap(),
        "pagerduty",
    )
    .await;
    assert_eq!(
        get(&stored, &["connection_id"]).as_string().as_deref(),
        Some(id)
    );
}

#[wasm_bindgen_test]
async fn every_typed_credential_kind_and_create_reach_the_server() {
    let nango = client().await;
    // (integration, credentials, body fields the server must have stored)
    type Case = (&'static str, Credentials, Vec<(&'static str, &'static str)>);
    let cases: Vec<Case> = vec![
        (
            "netsuite-tba",
            Credentials::Tba {
                token_id: "t".into(),
                token_secret: "s".into(),
                oauth_client_id_override: None,
                oauth_client_secret_override: None,
            },
            vec![("accountId", "42")],
        ),
        (
            "bill",
            Credentials::Bill {
                username: "u".into(),
                password: "p".into(),
                organization_id: "o".into(),
                dev_key: "d".into(),
            },
            vec![],
        ),
        (
            "wsse",
            Credentials::Signature {
                username: "u".into(),
                password: "p".into(),
            },
            vec![],
        ),
        (
            "aws",
            Credentials::AwsSigV4 {
                role_arn: "arn:aws:iam::1:role/r".into(),
                region: None,
            },
            vec![],
        ),
        (
            "oauth2-cc",
            Credentials::OAuth2ClientCredentials {
                client_id: "c".into(),
                client_secret: Some("s".into()),
                client_certificate: None,
                client_private_key: None,
            },
            vec![],
        ),
    ];
    for (id, credentials, params) in cases {
        let mut options = AuthOptions::default().credentials(credentials);
        for (k, v) in params {
            options = options.param(k, v);
        }
        let result = nango
            .auth(id, options)
            .await
            .unwrap_or_else(|e| panic!("{id}: {} {}", e.error_type(), e.message()));
        assert_eq!(result.provider_config_key, id);
        let stored = stored_connection(&result.connection_id, id).await;
        assert!(get(&stored, &["credentials", "type"]).is_string(), "{id}");
    }
    let created = nango
        .create("public-api", AuthOptions::default().param("region", "eu"))
        .await
        .unwrap();
    let stored = stored_connection(&created.connection_id, "public-api").await;
    assert_eq!(
        get(&stored, &["connection_config", "region"])
            .as_string()
            .as_deref(),
        Some("eu")
    );
}
