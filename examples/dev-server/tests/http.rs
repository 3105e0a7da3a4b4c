//! The dev server over real HTTP and WebSocket on loopback: status codes and
//! bodies as the real Nango server sends them, connections stored with
//! their params, the OAuth flow with the fake provider, a restart.

use futures_util::StreamExt;
use nango_dev_server::{start, ServerConfig};
use reqwest::{redirect, Client, StatusCode};
use serde_json::{json, Value};

const SECRET: &str = "test-secret";

struct Server {
    base: String,
    task: tokio::task::JoinHandle<()>,
    client: Client,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn temp_db() -> std::path::PathBuf {
    std::env::temp_dir()
        .join(format!("nango-dev-test-{}", uuid::Uuid::new_v4()))
        .join("dev.db")
}

async fn server_with_db(db_path: std::path::PathBuf) -> Server {
    let config = ServerConfig {
        port: 0,
        db_path,
        secret_key: SECRET.into(),
        ..ServerConfig::default()
    };
    let (addr, task) = start(config).await.expect("server starts");
    let client = Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();
    Server {
        base: format!("http://{addr}"),
        task,
        client,
    }
}

async fn server() -> Server {
    server_with_db(temp_db()).await
}

impl Server {
    async fn session(&self, body: Value) -> String {
        let res = self
            .client
            .post(format!("{}/connect/sessions", self.base))
            .bearer_auth(SECRET)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let body: Value = res.json().await.unwrap();
        body["data"]["token"].as_str().unwrap().to_owned()
    }

    async fn token(&self) -> String {
        self.session(json!({ "end_user": { "id": "u1" } })).await
    }

    async fn post(&self, path: &str, query: &str, body: Option<&str>) -> (StatusCode, Value) {
        let mut req = self.client.post(format!("{}{path}?{query}", self.base));
        if let Some(body) = body {
            req = req
                .header("content-type", "application/json")
                .body(body.to_owned());
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    async fn connection(&self, id: &str, key: &str) -> (StatusCode, Value) {
        let res = self
            .client
            .get(format!(
                "{}/connection/{id}?provider_config_key={key}",
                self.base
            ))
            .bearer_auth(SECRET)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap())
    }
}

#[tokio::test]
async fn connect_sessions_need_the_secret_key_and_an_end_user() {
    let s = server().await;
    let url = format!("{}/connect/sessions", s.base);
    let res = s
        .client
        .post(&url)
        .json(&json!({"end_user": {"id": "u"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "missing_auth_header"
    );
    let res = s
        .client
        .post(&url)
        .bearer_auth("nope")
        .json(&json!({"end_user": {"id": "u"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "unknown_account"
    );
    let res = s
        .client
        .post(&url)
        .bearer_auth(SECRET)
        .json(&json!({"end_user": {}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_body");
    assert_eq!(
        body["error"]["errors"][0]["path"],
        json!(["end_user", "id"])
    );

    let token = s.token().await;
    assert!(
        token.starts_with("nango_connect_session_") && token.len() == 22 + 64,
        "{token}"
    );
}

#[tokio::test]
async fn api_key_flow_stores_the_connection_with_its_params() {
    let s = server().await;
    let token = s.token().await;
    let (status, body) = s
        .post(
            "/api-auth/api-key/zendesk",
            &format!(
                "connect_session_token={token}&params%5Bsubdomain%5D=acme&params[extra]=a%20b"
            ),
            Some(r#"{"apiKey":"sk-1"}"#),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["providerConfigKey"], "zendesk");
    let id = body["connectionId"].as_str().unwrap();
    let (status, stored) = s.connection(id, "zendesk").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        stored["connection_config"],
        json!({"subdomain": "acme", "extra": "a b"})
    );
    assert_eq!(
        stored["credentials"],
        json!({"type": "API_KEY", "apiKey": "sk-1"})
    );
    assert_eq!(stored["end_user"]["id"], "u1");
}

#[tokio::test]
async fn basic_flow_accepts_an_empty_password() {
    let s = server().await;
    let token = s.token().await;
    let q = format!("connect_session_token={token}&params%5Bsubdomain%5D=acme");
    let (status, body) = s
        .post(
            "/api-auth/basic/jira-basic",
            &q,
            Some(r#"{"username":"me@acme.io","password":""}"#),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, stored) = s
        .connection(body["connectionId"].as_str().unwrap(), "jira-basic")
        .await;
    assert_eq!(
        stored["credentials"],
        json!({"type": "BASIC", "username": "me@acme.io", "password": ""})
    );
}

#[tokio::test]
async fn errors_have_the_real_servers_codes_and_statuses() {
    let s = server().await;
    let token = s.token().await;
    let q = format!("connect_session_token={token}&params%5Bsubdomain%5D=acme");
    let key = r#"{"apiKey":"k"}"#;
    let bad_token = format!(
        "connect_session_token=nango_connect_session_{}",
        "a".repeat(64)
    );
    let cases: Vec<(&str, String, Option<&str>, StatusCode, &str)> = vec![
        (
            "/api-auth/api-key/zendesk",
            "params%5Bsubdomain%5D=acme".into(),
            Some(key),
            StatusCode::UNAUTHORIZED,
            "missing_public_key",
        ),
        (
            "/api-auth/api-key/zendesk",
            "connect_session_token=nango_connect_session_abc".into(),
            Some(key),
            StatusCode::UNAUTHORIZED,
            "invalid_connect_session_token_format",
        ),
        (
            "/api-auth/api-key/zendesk",
            bad_token,
            Some(key),
            StatusCode::UNAUTHORIZED,
            "unknown_connect_session_token",
        ),
        (
            "/api-auth/api-key/nope",
            q.clone(),
            Some(key),
            StatusCode::NOT_FOUND,
            "unknown_provider_config",
        ),
        (
            "/api-auth/basic/zendesk",
            q.clone(),
            Some(r#"{"username":"u","password":"p"}"#),
            StatusCode::BAD_REQUEST,
            "invalid_auth_mode",
        ),
        (
            "/api-auth/api-key/zendesk",
            q.clone(),
            Some(r#"{"apiKey":""}"#),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        (
            "/api-auth/api-key/zendesk",
            q.clone(),
            Some(r#"{"apiKey":"k","x":1}"#),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        (
            "/api-auth/api-key/zendesk",
            q.clone(),
            Some("{nope"),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            "/api-auth/api-key/zendesk",
            format!("{q}&connection_id=c1"),
            Some(key),
            StatusCode::BAD_REQUEST,
            "invalid_query_params",
        ),
        (
            "/api-auth/api-key/zendesk",
            format!("connect_session_token={token}"),
            Some(key),
            StatusCode::BAD_REQUEST,
            "missing_connection_config_param",
        ),
        (
            "/api-auth/api-key/zendesk",
            format!("connect_session_token={token}&params[subdomain]=Bad.Name"),
            Some(key),
            StatusCode::BAD_REQUEST,
            "invalid_connection_config",
        ),
        (
            "/api-auth/api-key/zendesk",
            q.clone(),
            Some(r#"{"apiKey":"invalid"}"#),
            StatusCode::BAD_REQUEST,
            "connection_test_failed",
        ),
        (
            "/api-auth/api-key/bad%2Fid",
            q.clone(),
            Some(key),
            StatusCode::BAD_REQUEST,
            "invalid_uri_params",
        ),
    ];
    for (path, query, body, status, code) in cases {
        let (got_status, got) = s.post(path, &query, body).await;
        assert_eq!(
            (got_status, got["error"]["code"].as_str()),
            (status, Some(code)),
            "{path}?{query}: {got}"
        );
    }
    // No message for these codes, as on the real server.
    let (_, got) = s.post("/api-auth/api-key/nope", &q, Some(key)).await;
    assert_eq!(got, json!({"error": {"code": "unknown_provider_config"}}));
    // Content type.
    let res = s
        .client
        .post(format!("{}/api-auth/api-key/zendesk?{q}", s.base))
        .header("content-type", "text/plain")
        .body(key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "invalid_content_type"
    );
}

#[tokio::test]
async fn sessions_limit_integrations_and_the_public_key_still_works() {
    let s = server().await;
    let token = s
        .session(json!({ "end_user": { "id": "u" }, "allowed_integrations": ["pagerduty"] }))
        .await;
    let (status, got) = s
        .post(
            "/api-auth/api-key/zendesk",
            &format!("connect_session_token={token}&params[subdomain]=a"),
            Some(r#"{"apiKey":"k"}"#),
        )
        .await;
    assert_eq!(
        (status, got["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("integration_not_allowed"))
    );
    let (status, _) = s
        .post(
            "/api-auth/api-key/pagerduty",
            &format!("connect_session_token={token}"),
            Some(r#"{"apiKey":"k"}"#),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let legacy = format!(
        "public_key={}&connection_id=my-conn",
        nango_dev_server::state::DEFAULT_PUBLIC_KEY
    );
    let (status, got) = s
        .post(
            "/api-auth/api-key/pagerduty",
            &legacy,
            Some(r#"{"apiKey":"k"}"#),
        )
        .await;
    assert_eq!(
        (status, got["connectionId"].as_str()),
        (StatusCode::OK, Some("my-conn"))
    );
}

#[tokio::test]
async fn connections_survive_a_restart() {
    let db = temp_db();
    let id = {
        let s = server_with_db(db.clone()).await;
        let token = s.token().await;
        let (_, body) = s
            .post(
                "/api-auth/api-key/pagerduty",
                &format!("connect_session_token={token}"),
                Some(r#"{"apiKey":"k"}"#),
            )
            .await;
        body["connectionId"].as_str().unwrap().to_owned()
    };
    let s = server_with_db(db).await;
    let (status, stored) = s.connection(&id, "pagerduty").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stored["credentials"]["apiKey"], "k");
}

async fn ws_connect(
    s: &Server,
    query: &str,
) -> (
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    String,
) {
    let url = format!("{}/{query}", s.base.replace("http://", "ws://"));
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let first = ws.next().await.unwrap().unwrap();
    let ack: Value = serde_json::from_str(first.to_text().unwrap()).unwrap();
    assert_eq!(ack["message_type"], "connection_ack");
    let id = ack["ws_client_id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 36);
    (ws, id)
}

async fn next_frame(
    ws: &mut (impl StreamExt<
        Item = Result<
            tokio_tungstenite::tungstenite::Message,
            tokio_tungstenite::tungstenite::Error,
        >,
    > + Unpin),
) -> Value {
    let msg = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    serde_json::from_str(msg.to_text().unwrap()).unwrap()
}

/// The `state` parameter of the provider's authorize URL.
fn state_of(authorize: &str) -> String {
    let query = authorize.split_once('?').map_or("", |(_, q)| q);
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn oauth_flow_with_the_fake_provider() {
    let s = server().await;
    let token = s.token().await;
    let (mut ws, ws_id) = ws_connect(&s, "").await;
    let connect = format!(
        "{}/oauth/connect/github?connect_session_token={token}&params%5Boauth_scopes_override%5D=read%3Auser%2Crepo&user_scope=chat&authorization_params%5Bprompt%5D=consent&ws_client_id={ws_id}",
        s.base
    );
    let res = s.client.get(&connect).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let authorize = location(&res);
    assert!(
        authorize.starts_with("/provider/github/authorize?"),
        "{authorize}"
    );
    assert!(
        authorize.contains("scope=read%3Auser+repo")
            && authorize.contains("prompt=consent")
            && authorize.contains("user_scope=chat"),
        "{authorize}"
    );

    let page = s
        .client
        .get(format!("{}{authorize}", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"approve\"") && page.contains("read:user"));
    let state = state_of(&authorize);
    let form = [
        ("decision", "approve"),
        ("client_id", "dev-github-client"),
        ("redirect_uri", &format!("{}/oauth/callback", s.base)),
        ("scope", "read:user repo"),
        ("state", &state),
    ];
    let res = s
        .client
        .post(format!("{}/provider/github/decision", s.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    let callback = location(&res);
    assert!(callback.contains("/oauth/callback?code="), "{callback}");
    let res = s.client.get(&callback).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("nango_oauth_callback_success"));

    let frame = next_frame(&mut ws).await;
    assert_eq!(frame["message_type"], "success");
    assert_eq!(frame["provider_config_key"], "github");
    assert_eq!(frame["is_pending"], false);
    let (_, stored) = s
        .connection(frame["connection_id"].as_str().unwrap(), "github")
        .await;
    assert_eq!(stored["credentials"]["type"], "OAUTH2");
    assert!(stored["credentials"]["access_token"]
        .as_str()
        .unwrap()
        .starts_with("github-access-"));
    assert_eq!(
        stored["connection_config"]["oauth_scopes_override"],
        "read:user,repo"
    );
}

#[tokio::test]
async fn oauth_errors_reach_the_websocket_as_the_real_server_sends_them() {
    let s = server().await;
    let token = s.token().await;

    // Unknown integration: error frame, error page with HTTP 400.
    let (mut ws, ws_id) = ws_connect(&s, "").await;
    let res = s
        .client
        .get(format!(
            "{}/oauth/connect/nope?connect_session_token={token}&ws_client_id={ws_id}",
            s.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("nango_oauth_callback_error"));
    let frame = next_frame(&mut ws).await;
    assert_eq!(
        (frame["message_type"].as_str(), frame["error_type"].as_str()),
        (Some("error"), Some("provider_config_err"))
    );

    // Bad token: a JSON 401 in the popup, nothing on the socket.
    let res = s
        .client
        .get(format!(
            "{}/oauth/connect/github?connect_session_token=nango_connect_session_{}",
            s.base,
            "0".repeat(64)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Denied by the user.
    let (mut ws, ws_id) = ws_connect(&s, "").await;
    let res = s
        .client
        .get(format!(
            "{}/oauth/connect/github?connect_session_token={token}&ws_client_id={ws_id}",
            s.base
        ))
        .send()
        .await
        .unwrap();
    let authorize = location(&res);
    let state = state_of(&authorize);
    let form = [
        ("decision", "deny"),
        ("client_id", "dev-github-client"),
        ("redirect_uri", "x"),
        ("state", &state),
    ];
    let res = s
        .client
        .post(format!("{}/provider/github/decision", s.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    let callback = location(&res).replacen("x?", &format!("{}/oauth/callback?", s.base), 1);
    let res = s.client.get(&callback).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let frame = next_frame(&mut ws).await;
    assert_eq!(frame["error_type"], "callback_err");
    assert_eq!(
        frame["error_desc"],
        "Did not get authorization code in the callback. Provider error: error: access_denied; error_description: The user denied the request"
    );
}

#[tokio::test]
async fn websocket_knobs_delay_or_drop_the_socket() {
    let s = server().await;
    let started = std::time::Instant::now();
    let (_ws, _) = ws_connect(&s, "?ack_delay_ms=300").await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    let (mut ws, _) = ws_connect(&s, "?drop_after_ack=1").await;
    let end = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next())
        .await
        .unwrap();
    assert!(
        !matches!(
            end,
            Some(Ok(tokio_tungstenite::tungstenite::Message::Text(_)))
        ),
        "{end:?}"
    );
}

#[tokio::test]
async fn every_auth_mode_validates_its_body_like_the_real_server() {
    let s = server().await;
    let token = s.token().await;
    let q = format!("connect_session_token={token}");
    let ok: Vec<(&str, String, Option<&str>)> = vec![
        (
            "/auth/tba/netsuite-tba",
            format!("{q}&params[accountId]=1"),
            Some(r#"{"token_id":"t","token_secret":"s"}"#),
        ),
        (
            "/auth/jwt/ghost-admin",
            q.clone(),
            Some(r#"{"privateKey":{"id":"a","secret":"b"}}"#),
        ),
        (
            "/auth/bill/bill",
            q.clone(),
            Some(r#"{"username":"u","password":"p","organization_id":"o","dev_key":"d"}"#),
        ),
        (
            "/auth/two-step/two-step",
            q.clone(),
            Some(r#"{"type":"TWO_STEP","x":"y","assertionOption":{"m":"sms"}}"#),
        ),
        (
            "/auth/signature/wsse",
            q.clone(),
            Some(r#"{"type":"SIGNATURE","username":"u","password":"p"}"#),
        ),
        (
            "/auth/aws-sigv4/aws",
            q.clone(),
            Some(r#"{"role_arn":"arn","region":"eu-west-1"}"#),
        ),
        (
            "/oauth2/auth/oauth2-cc",
            q.clone(),
            Some(r#"{"client_id":"c","client_secret":"s"}"#),
        ),
        ("/auth/unauthenticated/public-api", q.clone(), None),
        ("/auth/oauth-outbound/github-app", q.clone(), None),
    ];
    for (path, query, body) in ok {
        let (status, got) = s.post(path, &query, body).await;
        assert_eq!(status, StatusCode::OK, "{path}: {got}");
    }
    let bad: Vec<(&str, &str, &str)> = vec![
        (
            "/auth/tba/netsuite-tba",
            r#"{"token_id":"t"}"#,
            "invalid_body",
        ),
        (
            "/auth/bill/bill",
            r#"{"username":"u","password":"p","organization_id":"o","dev_key":"d","x":1}"#,
            "invalid_body",
        ),
        (
            "/auth/signature/wsse",
            r#"{"type":"JWT","username":"u","password":"p"}"#,
            "invalid_body",
        ),
        ("/auth/jwt/ghost-admin", r#"{}"#, "invalid_body"),
        (
            "/auth/jwt/bill",
            r#"{"privateKey":"k"}"#,
            "invalid_auth_mode",
        ),
    ];
    for (path, body, code) in bad {
        let (status, got) = s.post(path, &q, Some(body)).await;
        assert_eq!(
            (status, got["error"]["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some(code)),
            "{path}: {got}"
        );
    }
}
