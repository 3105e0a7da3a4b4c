//! `ConnectUI` and `nango.openConnectUI()` for JavaScript.

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::{invalid_options, optional_string};
use crate::browser::connect_ui::{ConnectUi, EventHandler};
use crate::browser::convert::member;
use crate::connect_ui::ConnectUiOptions;
use crate::error::AuthError;

/// The API the Connect UI talks to when built directly (not from a client).
const DEFAULT_API_URL: &str = "https://api.nango.dev";

/// The Connect UI, as JavaScript sees it.
#[wasm_bindgen(js_name = ConnectUI)]
pub struct JsConnectUi {
    inner: ConnectUi,
}

/// Reads `{sessionToken, baseURL, apiURL, onEvent, detectClosedAuthWindow, lang, themeOverride}`.
pub fn read_props(props: &JsValue) -> Result<(ConnectUiOptions, Option<EventHandler>), AuthError> {
    if !(props.is_undefined() || props.is_null() || props.is_object()) {
        return Err(invalid_options(
            "The Connect UI options must be an object.".into(),
        ));
    }
    let mut options = ConnectUiOptions::default();
    options.session_token = optional_string(props, "sessionToken")?;
    options.base_url = optional_string(props, "baseURL")?;
    options.api_url = optional_string(props, "apiURL")?;
    options.lang = optional_string(props, "lang")?;
    options.theme_override = optional_string(props, "themeOverride")?;
    options.detect_closed_auth_window = member(props, "detectClosedAuthWindow").is_truthy();
    let on_event = member(props, "onEvent");
    let handler: Option<EventHandler> = if on_event.is_undefined() || on_event.is_null() {
        None
    } else {
        let f: Function = on_event
            .dyn_into()
            .map_err(|_| invalid_options("onEvent must be a function.".into()))?;
        Some(Box::new(move |_, data| {
            if let Err(e) = f.call1(&JsValue::UNDEFINED, data) {
                web_sys::console::error_2(&"[nango] onEvent threw:".into(), &e);
            }
        }))
    };
    Ok((options, handler))
}

#[wasm_bindgen(js_class = ConnectUI)]
impl JsConnectUi {
    /// `new ConnectUI({...})`: built closed; `open()` shows it.
    #[wasm_bindgen(constructor)]
    pub fn new(props: JsValue) -> Result<JsConnectUi, JsValue> {
        let (options, handler) = read_props(&props)?;
        let target = options.target(DEFAULT_API_URL)?;
        Ok(JsConnectUi {
            inner: ConnectUi::new(target, options.session_token, handler),
        })
    }

    /// Mounts the iframe (no-op when already open).
    pub fn open(&self) -> Result<(), JsValue> {
        Ok(self.inner.open()?)
    }

    /// Removes the iframe and its listener.
    pub fn close(&self) {
        self.inner.close();
    }

    /// Sets the session token and sends it to the UI if it is ready.
    #[wasm_bindgen(js_name = setSessionToken)]
    pub fn set_session_token(&self, token: String) {
        self.inner.set_session_token(&token);
    }
}

impl From<ConnectUi> for JsConnectUi {
    fn from(inner: ConnectUi) -> Self {
        JsConnectUi { inner }
    }
}
