//! An app on wasm-bindgen 0.2.100 that uses the crate's API: it must resolve
//! and build for wasm32.

use nango_frontend::{AuthOptions, ConnectUiOptions, Credentials, Nango, NangoOptions};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn connect(token: String, api_key: String) {
    let Ok(nango) = Nango::new(NangoOptions::default().connect_session_token(token)) else {
        return;
    };
    let flow = nango.auth(
        "zendesk",
        AuthOptions::default().credentials(Credentials::api_key(api_key)).param("subdomain", "acme"),
    );
    wasm_bindgen_futures::spawn_local(async move {
        let _ = flow.await;
    });
    let _ = nango.open_connect_ui(ConnectUiOptions::default().on_event(|_| {}));
}
