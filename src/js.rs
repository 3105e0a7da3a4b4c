//! The npm package's JavaScript API: the crate's own [`Nango`] and
//! [`ConnectUi`], exported with wasm-bindgen as the official SDK's `Nango`
//! and `ConnectUI`. JavaScript values are converted here, once, at the edge:
//! option objects into the typed options with serde-wasm-bindgen, results
//! into plain objects, errors into the package's `AuthError`. Every decision
//! and every browser effect is the Rust API's.

use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlIFrameElement;

use crate::browser::read::{self, Copy};
use crate::browser::trap::{self, Resource};

use crate::browser::log;
use crate::client::{Method, OpenNow};
use crate::connect_ui::{ConnectUiMessage, ConnectUiOptions, ConnectUiProps};
use crate::error::{AuthError, ErrorKind};
use crate::js_options::{AuthOptionsObject, NangoOptionsObject};
use crate::options::{AuthOptions, NangoOptions};
use crate::progress::{AuthEvent, AuthEventKind, OnAuthEvent};
use crate::{ConnectUi, Nango, OnConnectUiEvent};

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

/// The members of the official SDK's auth options the SDK reads, and how
/// (`browser::read`): `params` and `authorization_params` with `for…in`,
/// `credentials` and `assertionOption` by their own members (the request
/// body is their JSON), the rest as values.
const AUTH_MEMBERS: &[(&str, Copy)] = &[
    ("credentials", Copy::Own),
    ("params", Copy::ForIn),
    ("hmac", Copy::Value),
    ("user_scope", Copy::Value),
    ("authorization_params", Copy::ForInKeepUndefined),
    ("installation", Copy::Value),
    ("assertionOption", Copy::Value),
    ("detectClosedAuthWindow", Copy::Value),
    ("timeout", Copy::Value),
    #[cfg(nango_test_hooks)]
    ("__testPanicAfterMs", Copy::Value),
];

/// The constructor's members.
const NANGO_MEMBERS: &[(&str, Copy)] = &[
    ("host", Copy::Value),
    ("websocketsPath", Copy::Value),
    ("connectSessionToken", Copy::Value),
    ("publicKey", Copy::Value),
    ("width", Copy::Value),
    ("height", Copy::Value),
    ("debug", Copy::Value),
];

/// The Connect UI's props (but its `onEvent`).
const CONNECT_UI_MEMBERS: &[(&str, Copy)] = &[
    ("sessionToken", Copy::Value),
    ("baseURL", Copy::Value),
    ("apiURL", Copy::Value),
    ("detectClosedAuthWindow", Copy::Value),
    ("lang", Copy::Value),
    ("themeOverride", Copy::Value),
];

/// `value`'s `members` read as the object shape `T`, through the module's
/// own plain copy of them (`browser::read::known_members`): a getter or a
/// Proxy that throws makes the call fail with `invalid_options` naming the
/// member, never breaks the module. `undefined` or `null` is
/// `T::default()`.
fn read_members<T: Default + serde::de::DeserializeOwned>(
    value: &JsValue,
    what: &str,
    members: &[(&str, Copy)],
) -> Result<T, AuthError> {
    if nullish(value) {
        return Ok(T::default());
    }
    if !value.is_object() {
        return Err(invalid_options(&format!("{what} must be an object.")));
    }
    let copy = read::known_members(value, members).map_err(|(member, why)| {
        invalid_options(&format!("{what}: {member} could not be read: {why}"))
    })?;
    serde_wasm_bindgen::from_value(copy.into())
        .map_err(|e| invalid_options(&format!("{what} could not be read: {e}")))
}

/// `value.name`, for the members that are not data (a function, an
/// `AbortSignal`, a window); `undefined` when `value` is not an object.
fn member(value: &JsValue, what: &str, name: &str) -> Result<JsValue, AuthError> {
    if !value.is_object() {
        return Ok(JsValue::UNDEFINED);
    }
    read::get(value, name)
        .map_err(|why| invalid_options(&format!("{what}: {name} could not be read: {why}")))
}

fn nullish(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// A JavaScript callback, called with what `event` makes of each report;
/// an exception it throws is logged, never passed on.
fn callback<E: 'static>(
    value: JsValue,
    what: &str,
    event: impl Fn(&E) -> JsValue + 'static,
) -> Result<Option<impl Fn(&E) + 'static>, AuthError> {
    if nullish(&value) {
        return Ok(None);
    }
    let callback: Function = value
        .dyn_into()
        .map_err(|_| invalid_options(&format!("{what} must be a function.")))?;
    Ok(Some(move |e: &E| {
        if let Err(thrown) = callback.call1(&JsValue::UNDEFINED, &event(e)) {
            web_sys::console::error_2(&"[nango] onEvent threw:".into(), &thrown);
        }
    }))
}

/// One call's arguments, read: the official overloads `(id, options?)` and
/// `(id, connectionId, options?)`, plus this SDK's `signal`, `popup`,
/// `timeout` and `onEvent`, all into the crate's one [`AuthOptions`].
struct Call {
    integration_id: String,
    options: AuthOptions,
}

impl Call {
    fn read(id: &JsValue, second: &JsValue, third: &JsValue) -> Result<Call, AuthError> {
        let integration_id = id.as_string().ok_or_else(|| {
            AuthError::new(
                ErrorKind::InvalidUriParams,
                "The integration id must be a string.",
            )
        })?;
        let (connection_id, options_value) = match second.as_string() {
            // The options object as it is (the official SDK reads it so).
            Some(connection_id) => (Some(connection_id), third.clone()),
            // `{...third, ...second}`, as the official SDK merges them:
            // their own enumerable members, each getter run once.
            None => {
                let merged = Object::new();
                for part in [third, second].into_iter().filter(|v| v.is_object()) {
                    Object::try_assign(&merged, part.unchecked_ref()).map_err(|e| {
                        invalid_options(&format!(
                            "The auth options could not be read: {}",
                            read::describe(&e)
                        ))
                    })?;
                }
                (None, merged.into())
            }
        };
        const WHAT: &str = "The auth options";
        let object: AuthOptionsObject = read_members(&options_value, WHAT, AUTH_MEMBERS)?;
        let signal = member(&options_value, WHAT, "signal")?;
        let popup = member(&options_value, WHAT, "popup")?;
        let on_event = member(&options_value, WHAT, "onEvent")?;

        let mut options = AuthOptions::try_from(object)?;
        options.connection_id = connection_id;
        options.signal = match signal {
            v if nullish(&v) => None,
            v => Some(
                read::abort_signal(&v)
                    .ok_or_else(|| invalid_options("The option signal must be an AbortSignal."))?,
            ),
        };
        options.popup = match popup {
            v if nullish(&v) => None,
            v => Some(read::window(&v).ok_or_else(|| {
                invalid_options("The option popup must be a Window (from window.open).")
            })?),
        };
        options.on_event = callback(on_event, "The option onEvent", |event: &AuthEvent| {
            event_object(event).unwrap_or(JsValue::UNDEFINED)
        })?
        .map(OnAuthEvent::new);
        Ok(Call {
            integration_id,
            options,
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
        AuthEventKind::ResultReceived { via } => (Some(via.as_str()), None, None),
        AuthEventKind::Settled { error_type } => {
            (None, Some(error_type.is_none()), error_type.as_deref())
        }
        _ => (None, None, None),
    };
    serde_wasm_bindgen::to_value(&JsEvent {
        kind: event.kind.as_str(),
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
        let object: NangoOptionsObject = read_members(&config, "The Nango options", NANGO_MEMBERS)?;
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
        // `{sessionToken, ...props}`, as the official SDK spreads them.
        let own = if props.is_object() {
            read::shallow_copy(&props)
                .map_err(|why| {
                    invalid_options(&format!("The Connect UI props could not be read: {why}"))
                })?
                .into()
        } else {
            props
        };
        Ok(self.open_connect_ui(read_connect_ui_props(&own)?)?)
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
        promise(self.call::<OpenNow>(method, &call.integration_id, call.options))
    }
}

/// The promise of `flow`: a plain object, or an `AuthError`. Its reject
/// function is listed (`browser::trap`) until it settles, so that a panic
/// rejects it too.
fn promise(flow: crate::AuthFuture) -> Promise {
    let mut flow = Some(flow);
    Promise::new(&mut |resolve, reject| {
        let Some(flow) = flow.take() else { return };
        let listed = trap::register(Resource::Promise(reject.clone()));
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = match flow.await {
                Ok(success) => serde_wasm_bindgen::to_value(&success).map_err(JsValue::from),
                Err(e) => Err(e.into()),
            };
            drop(listed);
            let _ = match outcome {
                Ok(value) => resolve.call1(&JsValue::UNDEFINED, &value),
                Err(error) => reject.call1(&JsValue::UNDEFINED, &error),
            };
        });
    })
}

/// Runs when the module is instantiated (again, after a trap): a panic then
/// has the next call run on a fresh instance (wasm-bindgen's
/// `schedule_reinit`), rejects every pending promise with `unknown_error`
/// and its message, and releases what the module had open or showed
/// (`browser::trap`). Clients made before are
/// then stale: wasm-bindgen refuses their calls; a new client works.
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("a panic");
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let error = AuthError::new(
            ErrorKind::UnknownError,
            format!("The SDK stopped on an internal error ({message}{at}); make a new Nango client to go on."),
        );
        // A fresh instance first: whatever the rest does, the next call
        // runs on it.
        wasm_bindgen::handler::schedule_reinit();
        web_sys::console::error_1(&error.message().into());
        trap::release_all(&error);
    }));
}

/// The Connect UI props, their `onEvent` callback included.
fn read_connect_ui_props(props: &JsValue) -> Result<ConnectUiOptions, AuthError> {
    const WHAT: &str = "The Connect UI props";
    let object: ConnectUiProps = read_members(props, WHAT, CONNECT_UI_MEMBERS)?;
    let on_event = member(props, WHAT, "onEvent")?;
    let mut options = ConnectUiOptions::try_from(object)?;
    options.on_event = callback(on_event, "onEvent", |message: &ConnectUiMessage| {
        message.data().clone()
    })?
    .map(OnConnectUiEvent::new);
    Ok(options)
}

#[wasm_bindgen(js_class = ConnectUI)]
impl ConnectUi {
    /// `new ConnectUI({ sessionToken, baseURL, apiURL, lang, themeOverride, detectClosedAuthWindow, onEvent })`
    #[wasm_bindgen(constructor)]
    pub fn js_new(props: JsValue) -> Result<ConnectUi, JsValue> {
        Ok(ConnectUi::new(read_connect_ui_props(&props)?)?)
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
    pub fn js_set_session_token(&self, token: JsValue) -> Result<(), JsValue> {
        let token = token
            .as_string()
            .ok_or_else(|| invalid_options("The session token must be a string."))?;
        self.set_session_token(&token);
        Ok(())
    }

    /// The iframe, while the UI is open (`null` otherwise).
    #[wasm_bindgen(getter = iframe)]
    pub fn js_iframe(&self) -> Option<HtmlIFrameElement> {
        self.iframe()
    }
}
