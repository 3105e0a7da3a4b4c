//! Requests with `fetch`, aborted when dropped: the auth POST, and the GET
//! that checks a session token.

use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

use super::trap::{self, Registration, Resource};
use crate::error::{AuthError, ErrorKind};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, whatever the global is (window, worker, Node.js).
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Result<Promise, JsValue>;
}

/// Aborts the request if the future is dropped before it finished; listed
/// until then.
struct AbortOnDrop(Option<(AbortController, Registration)>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some((controller, _)) = self.0.take() {
            controller.abort();
        }
    }
}

/// POSTs `body` (JSON text, or nothing) to `url` and returns the status and
/// the body text of the answer, whatever the status.
pub async fn post_json(url: &str, body: Option<&str>) -> Result<(u16, String), AuthError> {
    let init = request("POST", ("Content-Type", "application/json"))?;
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    send(url, &init).await
}

/// GETs `url` with `Authorization: Bearer <token>`; the status and the body text.
pub async fn get_with_bearer(url: &str, token: &str) -> Result<(u16, String), AuthError> {
    let init = request("GET", ("Authorization", &format!("Bearer {token}")))?;
    send(url, &init).await
}

/// A request's method and its one header.
fn request(method: &str, (name, value): (&str, &str)) -> Result<RequestInit, AuthError> {
    let init = RequestInit::new();
    init.set_method(method);
    let headers = Headers::new().map_err(|e| network_error(&e))?;
    headers.set(name, value).map_err(|e| network_error(&e))?;
    init.set_headers(&headers);
    Ok(init)
}

/// Sends the request; aborted if dropped before the answer is read.
async fn send(url: &str, init: &RequestInit) -> Result<(u16, String), AuthError> {
    let mut guard = AbortOnDrop(AbortController::new().ok().map(|controller| {
        let listed = trap::register(Resource::Request(controller.clone()));
        (controller, listed)
    }));
    if let Some((controller, _)) = &guard.0 {
        init.set_signal(Some(&controller.signal()));
    }

    let promise = global_fetch(url, init).map_err(|e| {
        if Reflect::has(&js_sys::global(), &"fetch".into()).unwrap_or(false) {
            network_error(&e)
        } else {
            AuthError::new(
                ErrorKind::UnsupportedEnvironment,
                "This environment has no fetch().",
            )
        }
    })?;
    let response: Response = JsFuture::from(promise)
        .await
        .map_err(|e| network_error(&e))?
        .unchecked_into();
    let status = response.status();
    let text_promise = response.text().map_err(|e| network_error(&e))?;
    let text = JsFuture::from(text_promise)
        .await
        .map_err(|e| network_error(&e))?;
    guard.0 = None; // finished: nothing to abort
    Ok((status, text.as_string().unwrap_or_default()))
}

/// A failed `fetch`: the browser does not say why (CORS, offline, DNS and
/// reset all look alike), so the message says what to check.
fn network_error(cause: &JsValue) -> AuthError {
    let detail = Reflect::get(cause, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    AuthError::new(
        ErrorKind::NetworkError,
        format!(
            "The request to the Nango server failed before an answer arrived ({detail}). Check the host, the network and CORS."
        ),
    )
}
