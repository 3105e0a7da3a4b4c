//! The JavaScript API: a drop-in for `@nangohq/frontend`.
//!
//! `new Nango({ connectSessionToken, host })`, `nango.auth(id, options)` and
//! `nango.auth(id, connectionId, options)` take and return what the official
//! SDK does; every rejection is an `AuthError` (a real `Error`) with `.type`,
//! `.message` and, when the server answered, `.status`. The conversions from
//! JavaScript values happen here, once; everything behind is typed.

mod connect_ui;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, Window};

use crate::browser::convert::{member, to_json};
use crate::browser::events::EventQueue;
use crate::browser::race;
use crate::client::{AuthFuture, Nango};
use crate::error::{AuthError, ErrorKind};
use crate::json::JsonValue;
use crate::options::{AppCredential, AuthOptions, NangoOptions};
use crate::response::AuthSuccess;

// `AuthError` is plain JavaScript (`pkg-template/auth_error.js`, beside the
// glue in the package), so that the package entry exports the very class
// these errors are made with.
#[wasm_bindgen(raw_module = "./auth_error.js")]
extern "C" {
    #[wasm_bindgen(js_name = AuthError)]
    type JsAuthError;

    #[wasm_bindgen(constructor, js_class = AuthError)]
    fn new(message: &str, error_type: &str, status: Option<u16>) -> JsAuthError;
}

impl From<AuthError> for JsValue {
    fn from(e: AuthError) -> JsValue {
        JsAuthError::new(e.message(), e.error_type(), e.status()).into()
    }
}

fn success_to_js(s: AuthSuccess) -> JsValue {
    let o = Object::new();
    let _ = Reflect::set(
        &o,
        &"providerConfigKey".into(),
        &s.provider_config_key.into(),
    );
    let _ = Reflect::set(&o, &"connectionId".into(), &s.connection_id.into());
    if let Some(p) = s.is_pending {
        let _ = Reflect::set(&o, &"isPending".into(), &p.into());
    }
    o.into()
}

/// The Nango client, as JavaScript sees it.
#[wasm_bindgen(js_name = Nango)]
pub struct JsNango {
    inner: Nango,
}

#[wasm_bindgen(js_class = Nango)]
impl JsNango {
    /// `new Nango({ connectSessionToken | publicKey, host, websocketsPath, width, height, debug })`
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<JsNango, JsValue> {
        Ok(JsNango {
            inner: Nango::new(read_nango_options(&config)?)?,
        })
    }

    /// `auth(integrationId, options?)` or `auth(integrationId, connectionId, options?)`.
    ///
    /// Opens the OAuth popup before returning (call it inside the click
    /// handler). Extra options: `timeout` (ms), `signal` (AbortSignal),
    /// `popup` (a window the app opened itself).
    pub fn auth(
        &self,
        integration_id: JsValue,
        connection_id_or_options: JsValue,
        more_options: JsValue,
    ) -> Promise {
        self.call(
            &integration_id,
            &connection_id_or_options,
            &more_options,
            |nango, id, connection_id, options, popup| {
                nango.auth_with_popup(id, connection_id, options, popup)
            },
        )
    }

    /// `reconnect(integrationId, options?)`: requires a connect session token.
    pub fn reconnect(&self, integration_id: JsValue, options: JsValue) -> Promise {
        self.call(
            &integration_id,
            &options,
            &JsValue::UNDEFINED,
            |nango, id, _, options, popup| nango.reconnect_with_popup(id, options, popup),
        )
    }

    /// `create(integrationId, connectionConfig?)` or `create(integrationId, connectionId, connectionConfig?)`.
    pub fn create(
        &self,
        integration_id: JsValue,
        connection_id_or_config: JsValue,
        more_config: JsValue,
    ) -> Promise {
        self.call(
            &integration_id,
            &connection_id_or_config,
            &more_config,
            |nango, id, connection_id, options, _| nango.create(id, connection_id, options),
        )
    }

    /// `clear()`: ends the popup flow in progress (it rejects with `cancelled`).
    pub fn clear(&self) {
        self.inner.clear();
    }

    /// `openConnectUI({sessionToken, baseURL, apiURL, onEvent, ...})`: opens
    /// the managed Connect UI and returns it (`open()`, `close()`,
    /// `setSessionToken()`). The token defaults to the client's, `apiURL`
    /// to the client's host.
    #[wasm_bindgen(js_name = openConnectUI)]
    pub fn open_connect_ui(&self, params: JsValue) -> Result<connect_ui::JsConnectUi, JsValue> {
        let (options, handler) = connect_ui::read_props(&params)?;
        Ok(self.inner.open_connect_ui(options, handler)?.into())
    }
}

impl JsNango {
    /// Reads the official overloads and the extra options, then starts the
    /// call (synchronously: a popup opens now) and wraps it in a promise.
    fn call(
        &self,
        integration_id: &JsValue,
        second: &JsValue,
        third: &JsValue,
        // A function pointer, not a generic: one copy of this for the three methods.
        start: fn(&Nango, &str, Option<&str>, AuthOptions, Option<Window>) -> AuthFuture,
    ) -> Promise {
        let raw_options = if second.is_string() { third } else { second };
        let extras = match read_extras(raw_options) {
            Ok(extras) if extras.is_aborted() => return Promise::reject(&aborted().into()),
            Ok(extras) => extras,
            Err(e) => return Promise::reject(&e.into()),
        };
        let call = read_call(integration_id, second, third).map(|(id, connection_id, options)| {
            start(
                &self.inner,
                &id,
                connection_id.as_deref(),
                options,
                extras.popup.clone(),
            )
        });
        to_promise(extras.wrap(call))
    }
}

/// The options that are not JSON: `signal` and `popup`.
struct Extras {
    signal: Option<AbortSignal>,
    popup: Option<Window>,
}

fn read_extras(options: &JsValue) -> Result<Extras, AuthError> {
    let signal = member(options, "signal");
    let signal = if signal.is_undefined() || signal.is_null() {
        None
    } else {
        Some(
            signal
                .dyn_into::<AbortSignal>()
                .map_err(|_| invalid_options("The option signal must be an AbortSignal.".into()))?,
        )
    };
    let popup = member(options, "popup");
    let popup = if popup.is_undefined() || popup.is_null() {
        None
    } else {
        // A window of another browsing context fails `instanceof Window`
        // (another realm), so it is recognised by what it has.
        let looks_like_window = Reflect::get(&popup, &"closed".into())
            .is_ok_and(|c| c.as_bool().is_some())
            && Reflect::get(&popup, &"postMessage".into()).is_ok_and(|f| f.is_function());
        if !looks_like_window {
            return Err(invalid_options(
                "The option popup must be a Window (from window.open).".into(),
            ));
        }
        Some(popup.unchecked_into::<Window>())
    };
    Ok(Extras { signal, popup })
}

impl Extras {
    /// Whether the signal fired before the call: then nothing starts (no
    /// popup, no request).
    fn is_aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(AbortSignal::aborted)
    }

    /// Makes the call fail with `aborted` when the signal fires.
    fn wrap(&self, call: Result<AuthFuture, AuthError>) -> Result<AuthFuture, AuthError> {
        let Some(signal) = self.signal.clone() else {
            return call;
        };
        let future = call?;
        Ok(Box::pin(race(future, async move {
            let mut events = EventQueue::new();
            events.listen(&signal, "abort", |_| Some(()));
            if !signal.aborted() {
                events.next().await;
            }
            Err(aborted())
        })))
    }
}

fn aborted() -> AuthError {
    AuthError::new(
        ErrorKind::Aborted,
        "The app aborted the authorization flow (AbortSignal).",
    )
}

fn to_promise(call: Result<AuthFuture, AuthError>) -> Promise {
    let future = match call {
        Ok(f) => f,
        Err(e) => return Promise::reject(&e.into()),
    };
    wasm_bindgen_futures::future_to_promise(async move {
        future.await.map(success_to_js).map_err(JsValue::from)
    })
}

pub(crate) fn invalid_options(message: String) -> AuthError {
    AuthError::new(ErrorKind::InvalidOptions, message)
}

pub(crate) fn optional_string(config: &JsValue, name: &str) -> Result<Option<String>, AuthError> {
    let v = member(config, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| invalid_options(format!("The option {name} must be a string.")))
}

fn read_nango_options(config: &JsValue) -> Result<NangoOptions, AuthError> {
    if !(config.is_undefined() || config.is_null() || config.is_object()) {
        return Err(invalid_options(
            "The Nango options must be an object.".into(),
        ));
    }
    let mut options = NangoOptions::default();
    // Empty strings mean "not set", as with the official SDK's `||` defaults.
    if let Some(host) = optional_string(config, "host")?.filter(|h| !h.is_empty()) {
        options.host = host;
    }
    if let Some(path) = optional_string(config, "websocketsPath")?.filter(|p| !p.is_empty()) {
        options.websockets_path = path;
    }
    options.credential = match (
        optional_string(config, "connectSessionToken")?.filter(|t| !t.is_empty()),
        optional_string(config, "publicKey")?.filter(|k| !k.is_empty()),
    ) {
        (Some(token), _) => Some(AppCredential::ConnectSessionToken(token)),
        (None, Some(key)) => Some(AppCredential::PublicKey(key)),
        (None, None) => None,
    };
    for (name, slot) in [
        ("width", &mut options.width),
        ("height", &mut options.height),
    ] {
        let v = member(config, name);
        if v.is_undefined() || v.is_null() {
            continue;
        }
        match v.as_f64() {
            Some(n) if n.is_finite() && n >= 1.0 && n <= 100_000.0 => *slot = n as u32,
            _ => {
                return Err(invalid_options(format!(
                    "The option {name} must be a positive number of pixels."
                )))
            }
        }
    }
    options.debug = member(config, "debug").is_truthy();
    Ok(options)
}

/// The official overloads: `(id, options?)`, `(id, connectionId, options?)`;
/// with an object second, a third object is merged under it.
fn read_call(
    integration_id: &JsValue,
    second: &JsValue,
    third: &JsValue,
) -> Result<(String, Option<String>, AuthOptions), AuthError> {
    let id = integration_id.as_string().ok_or_else(|| {
        AuthError::new(
            ErrorKind::InvalidUriParams,
            "The integration id must be a string.",
        )
    })?;
    let (connection_id, options) = match second.as_string() {
        Some(connection_id) => (Some(connection_id), read_options(third, None)?),
        None => (None, read_options(second, Some(third))?),
    };
    Ok((id, connection_id, options))
}

fn read_options(options: &JsValue, under: Option<&JsValue>) -> Result<AuthOptions, AuthError> {
    let mut json = options_json(options)?;
    if let Some(JsonValue::Object(base)) = under.map(options_json).transpose()? {
        if let JsonValue::Object(top) = &mut json {
            // `{...third, ...second}`: a member of the second replaces the third's.
            let mut merged: Vec<(String, JsonValue)> = base
                .into_iter()
                .filter(|(k, _)| !top.iter().any(|(t, _)| t == k))
                .collect();
            merged.extend(top.drain(..));
            *top = merged;
        } else if json == JsonValue::Null {
            json = JsonValue::Object(base);
        }
    }
    AuthOptions::from_json(&json)
}

fn options_json(options: &JsValue) -> Result<JsonValue, AuthError> {
    if options.is_undefined() || options.is_null() {
        return Ok(JsonValue::Null);
    }
    if !options.is_object() {
        return Err(invalid_options(
            "The auth options must be an object.".into(),
        ));
    }
    let mut json = to_json(options, false).unwrap_or(JsonValue::Null);
    // An explicit `undefined` in authorization_params means "remove this
    // default param": keep it (as null) where JSON would drop it.
    let auth_params = member(options, "authorization_params");
    if let (JsonValue::Object(members), Some(params)) = (&mut json, to_json(&auth_params, true)) {
        for (name, value) in members.iter_mut() {
            if name == "authorization_params" {
                *value = params.clone();
            }
        }
    }
    Ok(json)
}
