//! The npm package's JavaScript API: the crate's own [`Nango`] and
//! [`ConnectUi`], exported with wasm-bindgen as the official SDK's `Nango`
//! and `ConnectUI`. JavaScript values are converted here, once, at the edge:
//! option objects into the typed options with serde-wasm-bindgen, results
//! into plain objects, errors into the package's `AuthError`. Every decision
//! and every browser effect is the Rust API's.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, HtmlIFrameElement, Window};

use crate::browser::connect_ui::EventHandler;
use crate::browser::log;
use crate::client::{settled, Method};
use crate::connect_ui::{ConnectUiOptions, ConnectUiProps};
use crate::error::{AuthError, ErrorKind};
use crate::options::{AuthOptions, AuthOptionsObject, NangoOptions, NangoOptionsObject};
use crate::progress::{AuthEvent, AuthEventKind, OnAuthEvent};
use crate::{abortable, ConnectUi, Nango};

#[wasm_bindgen(raw_module = "./auth_error.js")]
extern "C" {
    /// The package's `AuthError` class (`pkg-template/auth_error.js`).
    #[wasm_bindgen(js_name = AuthError)]
    type JsAuthError;

    #[wasm_bindgen(constructor, js_class = AuthError)]
    fn new(message: &str, error_type: &str, status: Option<u16>) -> JsAuthError;
}

/// An [`AuthError`] as JavaScript sees it: `new AuthError(message, type, status)`.
impl From<AuthError> for JsValue {
    fn from(e: AuthError) -> JsValue {
        JsAuthError::new(e.message(), e.error_type(), e.status()).into()
    }
}

fn invalid_options(message: &str) -> AuthError {
    AuthError::new(ErrorKind::InvalidOptions, message)
}

/// `value` read as the object shape `T`; `undefined` or `null` is `T::default()`.
fn read_object<T: Default + serde::de::DeserializeOwned>(
    value: &JsValue,
    what: &str,
) -> Result<T, AuthError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(invalid_options(&format!("{what} must be an object.")));
    }
    serde_wasm_bindgen::from_value(value.clone())
        .map_err(|e| invalid_options(&format!("{what} could not be read: {e}")))
}

/// `object[name]`, `undefined` when absent (or when `object` is not one).
fn member(object: &JsValue, name: &str) -> JsValue {
    if object.is_object() {
        Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// One call's arguments, read: the official overloads `(id, options?)` and
/// `(id, connectionId, options?)`, plus this SDK's `signal` and `popup`.
struct Call {
    integration_id: String,
    connection_id: Option<String>,
    options: AuthOptions,
    signal: Option<AbortSignal>,
    popup: Option<Window>,
}

impl Call {
    fn read(id: &JsValue, second: &JsValue, third: &JsValue) -> Result<Call, AuthError> {
        let integration_id = id.as_string().ok_or_else(|| {
            AuthError::new(
                ErrorKind::InvalidUriParams,
                "The integration id must be a string.",
            )
        })?;
        let nullish = |v: &JsValue| v.is_undefined() || v.is_null();
        let (connection_id, options_value) = match second.as_string() {
            Some(connection_id) => (Some(connection_id), third.clone()),
            // `{...third, ...second}`, as the official SDK merges them.
            None if !nullish(second) && third.is_object() && second.is_object() => {
                let merged = Object::new();
                Object::try_assign(&merged, third.unchecked_ref())
                    .and_then(|_| Object::try_assign(&merged, second.unchecked_ref()))
                    .map_err(|_| invalid_options("The auth options could not be read."))?;
                (None, merged.into())
            }
            None if nullish(second) => (None, third.clone()),
            None => (None, second.clone()),
        };
        let object: AuthOptionsObject = read_object(&options_value, "The auth options")?;

        let signal = match member(&options_value, "signal") {
            v if nullish(&v) => None,
            v => Some(
                v.dyn_into::<AbortSignal>()
                    .map_err(|_| invalid_options("The option signal must be an AbortSignal."))?,
            ),
        };
        // A window of another browsing context fails `instanceof Window`
        // (another realm): it is recognised by what it has.
        let popup = match member(&options_value, "popup") {
            v if nullish(&v) => None,
            v if member(&v, "closed").as_bool().is_some()
                && member(&v, "postMessage").is_function() =>
            {
                Some(v.unchecked_into::<Window>())
            }
            _ => {
                return Err(invalid_options(
                    "The option popup must be a Window (from window.open).",
                ))
            }
        };
        let mut options = AuthOptions::try_from(object)?;
        options.on_event = match member(&options_value, "onEvent") {
            v if nullish(&v) => None,
            v => {
                let callback: Function = v
                    .dyn_into()
                    .map_err(|_| invalid_options("The option onEvent must be a function."))?;
                Some(OnAuthEvent::new(move |event| {
                    if let Ok(event) = event_object(event) {
                        if let Err(e) = callback.call1(&JsValue::UNDEFINED, &event) {
                            web_sys::console::error_2(&"[nango] onEvent threw:".into(), &e);
                        }
                    }
                }))
            }
        };
        Ok(Call {
            integration_id,
            connection_id,
            options,
            signal,
            popup,
        })
    }
}

/// An [`AuthEvent`] as JavaScript sees it: `{type, at}`, with `via` for
/// `result_received`, `ok` (and `errorType`) for `settled`.
fn event_object(event: &AuthEvent) -> Result<JsValue, serde_wasm_bindgen::Error> {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct JsEvent<'a> {
        #[serde(rename = "type")]
        kind: &'static str,
        at: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        via: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        ok: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error_type: Option<&'a str>,
    }
    let (via, ok, error_type) = match &event.kind {
        AuthEventKind::ResultReceived { via } => (Some(via.name()), None, None),
        AuthEventKind::Settled { error_type } => {
            (None, Some(error_type.is_none()), error_type.as_deref())
        }
        _ => (None, None, None),
    };
    serde_wasm_bindgen::to_value(&JsEvent {
        kind: event.kind.name(),
        at: event.at,
        via,
        ok,
        error_type,
    })
}

#[wasm_bindgen]
impl Nango {
    /// `new Nango({ connectSessionToken | publicKey, host, websocketsPath, width, height, debug })`
    #[wasm_bindgen(constructor)]
    pub fn js_new(config: JsValue) -> Result<Nango, JsValue> {
        let object: NangoOptionsObject = read_object(&config, "The Nango options")?;
        Ok(Nango::new(NangoOptions::try_from(object)?)?)
    }

    /// `auth(integrationId, options?)` or `auth(integrationId, connectionId, options?)`.
    #[wasm_bindgen(js_name = auth)]
    pub fn js_auth(&self, integration_id: JsValue, second: JsValue, third: JsValue) -> Promise {
        self.js_call(Method::Auth, &integration_id, &second, &third)
    }

    /// `reconnect(integrationId, options?)`.
    #[wasm_bindgen(js_name = reconnect)]
    pub fn js_reconnect(&self, integration_id: JsValue, options: JsValue) -> Promise {
        self.js_call(
            Method::Reconnect,
            &integration_id,
            &options,
            &JsValue::UNDEFINED,
        )
    }

    /// `create(integrationId, connectionConfig?)` or `create(integrationId, connectionId, connectionConfig?)`.
    #[wasm_bindgen(js_name = create)]
    pub fn js_create(&self, integration_id: JsValue, second: JsValue, third: JsValue) -> Promise {
        self.js_call(Method::Create, &integration_id, &second, &third)
    }

    /// `clear()`: ends the popup flow in progress (it rejects with `cancelled`).
    #[wasm_bindgen(js_name = clear)]
    pub fn js_clear(&self) {
        self.clear();
    }

    /// `openConnectUI(props)`: the token defaults to the client's, `apiURL` to its host.
    #[wasm_bindgen(js_name = openConnectUI)]
    pub fn js_open_connect_ui(&self, props: JsValue) -> Result<ConnectUi, JsValue> {
        let (options, on_event) = read_connect_ui_props(&props)?;
        Ok(self.open_connect_ui(options, on_event)?)
    }

    fn js_call(&self, method: Method, id: &JsValue, second: &JsValue, third: &JsValue) -> Promise {
        let call = match Call::read(id, second, third) {
            Ok(call) => call,
            Err(e) => {
                log::debug_with(
                    self.is_debug(),
                    "Refused before any request:",
                    e.error_type(),
                );
                return Promise::reject(&e.into());
            }
        };
        if call.signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Promise::reject(&crate::client::aborted().into());
        }
        let (flow, progress) = self.start(
            method,
            &call.integration_id,
            call.connection_id.as_deref(),
            call.options,
            call.popup,
        );
        // The abort signal ends the flow inside its last report.
        let flow = match call.signal {
            Some(signal) => abortable(flow, signal),
            None => flow,
        };
        let flow = settled(flow, progress);
        wasm_bindgen_futures::future_to_promise(async move {
            match flow.await {
                Ok(success) => serde_wasm_bindgen::to_value(&success).map_err(JsValue::from),
                Err(e) => Err(e.into()),
            }
        })
    }
}

/// The Connect UI props and their `onEvent` callback.
fn read_connect_ui_props(
    props: &JsValue,
) -> Result<(ConnectUiOptions, Option<EventHandler>), AuthError> {
    let object: ConnectUiProps = read_object(props, "The Connect UI props")?;
    let options = ConnectUiOptions::try_from(object)?;
    let on_event = match member(props, "onEvent") {
        v if v.is_undefined() || v.is_null() => None,
        v => {
            let callback: Function = v
                .dyn_into()
                .map_err(|_| invalid_options("onEvent must be a function."))?;
            let handler: EventHandler = Box::new(move |message| {
                if let Err(e) = callback.call1(&JsValue::UNDEFINED, message.data()) {
                    web_sys::console::error_2(&"[nango] onEvent threw:".into(), &e);
                }
            });
            Some(handler)
        }
    };
    Ok((options, on_event))
}

#[wasm_bindgen(js_class = ConnectUI)]
impl ConnectUi {
    /// `new ConnectUI({ sessionToken, baseURL, apiURL, lang, themeOverride, detectClosedAuthWindow, onEvent })`
    #[wasm_bindgen(constructor)]
    pub fn js_new(props: JsValue) -> Result<ConnectUi, JsValue> {
        let (options, on_event) = read_connect_ui_props(&props)?;
        Ok(ConnectUi::new(options, on_event)?)
    }

    /// `open()`: mounts the full-screen iframe (no-op when it is open).
    #[wasm_bindgen(js_name = open)]
    pub fn js_open(&self) -> Result<(), JsValue> {
        Ok(self.open()?)
    }

    /// `close()`: removes the iframe and its message listener.
    #[wasm_bindgen(js_name = close)]
    pub fn js_close(&self) {
        self.close();
    }

    /// `setSessionToken(token)`: sent to the UI now if it is ready, else when it is.
    #[wasm_bindgen(js_name = setSessionToken)]
    pub fn js_set_session_token(&self, token: String) {
        self.set_session_token(&token);
    }

    /// The iframe, while the UI is open (`null` otherwise).
    #[wasm_bindgen(getter = iframe)]
    pub fn js_iframe(&self) -> Option<HtmlIFrameElement> {
        self.iframe()
    }
}
