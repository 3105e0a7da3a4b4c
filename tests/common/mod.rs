//! Helpers shared by the browser tests: the dev server's URL and keys, and
//! the calls the app's backend makes (with the secret key), not the SDK.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Promise, Reflect};
use nango_frontend::{Nango, NangoOptions};
use wasm_bindgen::closure::Closure;
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

/// Runs `f` where an app's click handler runs: in a task of its own (a
/// timer's callback), not inside the poll of a future. That is where an app
/// opens its own windows: Firefox runs pending promise jobs inside
/// `window.open()`, and when that happens inside a poll of
/// wasm-bindgen-futures' queue the queue is re-entered and stops for good
/// (tests/upstream_reentry.rs). The SDK's own calls need no such care.
pub async fn in_handler<T: 'static>(f: impl FnOnce() -> T + 'static) -> T {
    let out: Rc<RefCell<Option<T>>> = Rc::default();
    let slot = Rc::clone(&out);
    let mut f = Some(f);
    let done = Promise::new(&mut |resolve, _reject| {
        let (f, slot) = (f.take(), Rc::clone(&slot));
        let callback = Closure::once_into_js(move || {
            *slot.borrow_mut() = f.map(|f| f());
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0)
            .unwrap();
    });
    JsFuture::from(done).await.unwrap();
    let value = out.borrow_mut().take();
    value.expect("the handler ran")
}
