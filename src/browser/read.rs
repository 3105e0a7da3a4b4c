//! Reading JavaScript values that a page hands over, without letting them
//! throw into Rust.
//!
//! A getter, a Proxy trap, a `toJSON` or an iterator can throw while a value
//! is read. Through an import that does not catch, the exception unwinds the
//! WebAssembly frames without running their epilogues: the shadow stack
//! pointer is never restored, and after some tens of such calls every call
//! on the page fails with "memory access out of bounds". serde-wasm-bindgen
//! reads objects through such imports (`obj[key]`, `Object.entries`,
//! `.length`, ...). So what Rust reads is first made plain data by imports
//! that catch: `Object.assign` for the top-level members, then
//! `JSON.parse(JSON.stringify(...))` (what JSON would make of it: own
//! enumerable members, in their order; `undefined`, functions and
//! non-finite numbers left out). Platform objects (an `AbortSignal`, a
//! `Window`) are recognised by one of their own native getters, which
//! throws for anything else, Proxies included.

#[cfg(feature = "js")]
use js_sys::{Function, Object};
use js_sys::{Reflect, JSON};
#[cfg(feature = "js")]
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
#[cfg(feature = "js")]
use web_sys::{AbortSignal, Window};

/// What a thrown value says: its `message`, or its text.
pub fn describe(thrown: &JsValue) -> String {
    thrown
        .as_string()
        .or_else(|| {
            Reflect::get(thrown, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "an exception".to_owned())
}

/// `value` as plain data (JSON's view of it); `Err` with what was thrown
/// (a cycle, a getter, a trap, a BigInt).
pub fn plain(value: &JsValue) -> Result<JsValue, String> {
    let text = JSON::stringify(value).map_err(|e| describe(&e))?;
    match text.as_string() {
        // Nothing JSON can say (undefined, a function).
        None => Ok(JsValue::UNDEFINED),
        Some(text) => JSON::parse(&text).map_err(|e| describe(&e)),
    }
}

/// `value` read as `T`, from its plain copy; `None` when it cannot be read.
pub fn typed<T: serde::de::DeserializeOwned>(value: &JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value(plain(value).ok()?).ok()
}

/// A plain object with the own enumerable members of `object` (each getter
/// run once), which can then be read and changed safely.
#[cfg(feature = "js")]
pub fn shallow_copy(object: &JsValue) -> Result<Object, String> {
    let copy = Object::new();
    Object::try_assign(&copy, object.unchecked_ref()).map_err(|e| describe(&e))?;
    Ok(copy)
}

/// Removes `name` from `copy` (a [`shallow_copy`]) and returns its value.
#[cfg(feature = "js")]
pub fn take(copy: &Object, name: &str) -> JsValue {
    let key = JsValue::from_str(name);
    let value = Reflect::get(copy, &key).unwrap_or(JsValue::UNDEFINED);
    let _ = Reflect::delete_property(copy, &key);
    value
}

/// `object[name]` for an object of our own, `undefined` when absent.
#[cfg(feature = "js")]
pub fn member(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Whether `getter` (a native accessor of a platform interface) accepts
/// `value` as its `this`: true only for real objects of that interface.
#[cfg(feature = "js")]
fn brand_check(value: &JsValue, prototype: &JsValue, name: &str) -> bool {
    let getter =
        Reflect::get_own_property_descriptor(prototype.unchecked_ref::<Object>(), &name.into())
            .ok()
            .map(|descriptor| member(&descriptor, "get"))
            .and_then(|get| get.dyn_into::<Function>().ok());
    match getter {
        Some(getter) => Reflect::apply(&getter, value, &js_sys::Array::new()).is_ok(),
        None => false,
    }
}

/// `value` if it is an `AbortSignal` (of this page's realm).
#[cfg(feature = "js")]
pub fn abort_signal(value: &JsValue) -> Option<AbortSignal> {
    let class = member(&js_sys::global(), "AbortSignal");
    let prototype = member(&class, "prototype");
    brand_check(value, &prototype, "aborted").then(|| value.clone().unchecked_into())
}

/// `value` if it is a window (a `WindowProxy`, also of another origin, as
/// `window.open` returns).
#[cfg(feature = "js")]
pub fn window(value: &JsValue) -> Option<Window> {
    // `closed` is an own accessor of the global object, readable across origins.
    let own = web_sys::window()?;
    brand_check(value, &own, "closed").then(|| value.clone().unchecked_into())
}
