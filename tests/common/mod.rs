//! Helpers shared by the browser tests: the dev server's URL and keys, and
//! the calls the app's backend makes (with the secret key), not the SDK.
#![allow(dead_code)]

use js_sys::Reflect;
use nango_frontend::{Nango, NangoOptions};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

pub const SERVER: &str = match option_env!("NANGO_DEV_SERVER_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:3013",
};
pub const SECRET_KEY: &str = match option_env!("NANGO_DEV_SECRET_KEY") {
    Some(key) => key,
    None => "dev-secret-key-0000-0000-0000-000000000000",
};
pub const PUBLIC_KEY: &str = "00000000-0000-4000-8000-000000000000";

/// A request made by the test itself (the app's backend part), not by the SDK.
pub async fn backend_call(method: &str, path: &str, body: Option<&str>) -> (u16, JsValue) {
    let init = RequestInit::new();
    init.set_method(method);
    let headers = Headers::new().unwrap();
    headers
        .set("Authorization", &format!("Bearer {SECRET_KEY}"))
        .unwrap();
    headers.set("Content-Type", "application/json").unwrap();
    init.set_headers(&headers);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let window = web_sys::window().unwrap();
    let response: Response =
        JsFuture::from(window.fetch_with_str_and_init(&format!("{SERVER}{path}"), &init))
            .await
            .unwrap()
            .unchecked_into();
    let json = JsFuture::from(response.json().unwrap()).await.unwrap();
    (response.status(), json)
}

pub fn get(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |v, k| {
        Reflect::get(&v, &JsValue::from_str(k)).unwrap()
    })
}

pub async fn session_token() -> String {
    let (status, body) = backend_call(
        "POST",
        "/connect/sessions",
        Some(r#"{"end_user":{"id":"browser-test"}}"#),
    )
    .await;
    assert_eq!(status, 201);
    get(&body, &["data", "token"]).as_string().unwrap()
}

pub async fn client() -> Nango {
    Nango::new(
        NangoOptions::default()
            .connect_session_token(session_token().await)
            .host(SERVER),
    )
    .unwrap()
}
