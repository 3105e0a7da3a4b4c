//! Reading JavaScript values that a page hands over, the way the official
//! SDK reads them, without letting them throw into Rust.
//!
//! A getter, a Proxy trap, a `toJSON` or an iterator can throw while a value
//! is read. Through an import that does not catch, the exception unwinds the
//! WebAssembly frames without running their epilogues: the shadow stack
//! pointer is never restored, and after some tens of such calls every call
//! on the page fails with "memory access out of bounds". serde-wasm-bindgen
//! reads objects through such imports (`obj[key]`, `Object.entries`,
//! `.length`, ...). So what serde reads is a plain object of the module's
//! own, filled by imports that catch (`Reflect`), with only the members the
//! SDK knows ([`known_members`]), each read as the official SDK reads it:
//! `options.name` (getters run, inherited members count), `for…in` over
//! `params` and `authorization_params`, the own enumerable members of
//! `credentials` (what its spread and `Object.assign` copy). A member the
//! SDK does not know is never touched, whatever it holds (a `BigInt`, a
//! cycle, a throwing getter). Values are kept as they are when primitive,
//! and otherwise made plain through `JSON.parse(JSON.stringify(...))`
//! (what the official SDK's request body makes of them). Platform objects
//! (an `AbortSignal`, a `Window`) are recognised by one of their own native
//! getters, which throws for anything else, Proxies included.

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

/// `object.name`, as JavaScript reads it (a getter runs, an inherited
/// member counts); `Err` with what was thrown.
#[cfg(feature = "js")]
pub fn get(object: &JsValue, name: &str) -> Result<JsValue, String> {
    Reflect::get(object, &name.into()).map_err(|e| describe(&e))
}

/// `value` as data serde may read: as it is when primitive (`NaN`,
/// `undefined` and `null` included); a function or a symbol as `undefined`
/// (what JSON makes of them); an object as its plain copy; `Err` for a
/// `BigInt`, or an object that cannot be copied.
#[cfg(feature = "js")]
pub fn data(value: &JsValue) -> Result<JsValue, String> {
    if value.is_bigint() {
        return Err("a BigInt is not data".to_owned());
    }
    if value.is_function() || value.is_symbol() {
        return Ok(JsValue::UNDEFINED);
    }
    if value.is_object() {
        return plain(value);
    }
    Ok(value.clone())
}

/// `copy`, the JSON copy of `original` (the module's own), with an empty
/// object wherever `original`, or an item of it when it is an array, is an
/// object that JSON made something else of (a Date, a string): the
/// options' shapes then refuse it as not a string, as they refuse any
/// other object.
#[cfg(feature = "js")]
fn objects_stay_objects(original: &JsValue, copy: JsValue) -> Result<JsValue, String> {
    if original.is_object() && !copy.is_object() {
        return Ok(Object::new().into());
    }
    if let Some(items) = copy.dyn_ref::<js_sys::Array>() {
        for i in 0..items.length() {
            if get(original, &i.to_string())?.is_object() && !items.get(i).is_object() {
                items.set(i, Object::new().into());
            }
        }
    }
    Ok(copy)
}

/// How [`known_members`] copies one member of an options object.
#[cfg(feature = "js")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copy {
    /// Its value, as [`data`].
    Value,
    /// An object of values, with the keys `for…in` visits (its own and its
    /// prototypes' enumerable string keys), each value as [`data`] (a
    /// number as its text, as JavaScript prints it); members that are
    /// `undefined` or `null` are left out.
    ForIn,
    /// As `ForIn`, but an `undefined` member is kept (written `null`: the
    /// official SDK sends it as the text `undefined`), and a `null` one is
    /// left out (the official SDK ignores it): `authorization_params`.
    ForInKeepUndefined,
    /// An object of values with its own enumerable members (what a spread
    /// or `Object.assign` copies), each value as [`data`].
    Own,
}

/// A plain object of the module's own with the members `members` of
/// `object` (nothing else of it is read), each read as `object.name` and
/// copied as its [`Copy`] says. A member that is `undefined` is left out.
/// `Err((member, what was thrown))` when a read throws.
#[cfg(feature = "js")]
pub fn known_members(
    object: &JsValue,
    members: &[(&str, Copy)],
) -> Result<Object, (String, String)> {
    let copy = Object::new();
    for &(name, how) in members {
        let value = get(object, name).map_err(|why| (name.to_owned(), why))?;
        if value.is_undefined() {
            continue;
        }
        let group = how != Copy::Value && (value.is_object() || value.is_function());
        if !group {
            // A value; or a group given as something else, which the
            // options' shape then reports as of the wrong type. An object,
            // or an object among an array's items (`user_scope`), stays an
            // object: a Date is no string here.
            let plain = data(&value)
                .and_then(|plain| objects_stay_objects(&value, plain))
                .map_err(|why| (name.to_owned(), why))?;
            set(&copy, name, &plain);
            continue;
        }
        let (keys, source) = match how {
            Copy::Own => {
                // Copied once (each getter run once); read from the copy.
                let own = shallow_copy(&value).map_err(|why| (name.to_owned(), why))?;
                let keys = Object::keys(&own)
                    .iter()
                    .filter_map(|k| k.as_string())
                    .collect();
                (keys, JsValue::from(own))
            }
            _ => (
                for_in_keys(&value).map_err(|why| (name.to_owned(), why))?,
                value,
            ),
        };
        let members = Object::new();
        for key in keys {
            let member = format!("{name}.{key}");
            let item = get(&source, &key).map_err(|why| (member.clone(), why))?;
            let in_query = matches!(how, Copy::ForIn | Copy::ForInKeepUndefined);
            let item = match how {
                Copy::ForInKeepUndefined if item.is_undefined() => JsValue::NULL,
                _ if in_query && (item.is_undefined() || item.is_null()) => continue,
                // A number goes in the query string as JavaScript prints it.
                // (`Array.of(n).join()` is `String(n)`, in every js-sys.)
                _ if in_query && item.as_f64().is_some() => {
                    js_sys::Array::of1(&item).join("").into()
                }
                _ => data(&item).map_err(|why| (member, why))?,
            };
            set(&members, &key, &item);
        }
        set(&copy, name, &members);
    }
    Ok(copy)
}

/// Sets a member of an object of the module's own.
#[cfg(feature = "js")]
fn set(object: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(object, &name.into(), value);
}

/// The keys `for (key in object)` visits, in its order: the own enumerable
/// string keys, then each prototype's that are not shadowed.
#[cfg(feature = "js")]
pub fn for_in_keys(object: &JsValue) -> Result<Vec<String>, String> {
    /// Prototype chains longer than this are a Proxy's invention.
    const MAX_DEPTH: usize = 64;
    let mut seen: Vec<String> = Vec::new();
    let mut keys = Vec::new();
    let mut level: Object = object.clone().unchecked_into();
    for _ in 0..MAX_DEPTH {
        for key in Reflect::own_keys(&level).map_err(|e| describe(&e))?.iter() {
            let Some(name) = key.as_string() else {
                continue; // a symbol
            };
            if seen.contains(&name) {
                continue;
            }
            seen.push(name.clone());
            let descriptor =
                Reflect::get_own_property_descriptor(&level, &key).map_err(|e| describe(&e))?;
            if !descriptor.is_undefined() && member(&descriptor, "enumerable").is_truthy() {
                keys.push(name);
            }
        }
        let up = Reflect::get_prototype_of(&level).map_err(|e| describe(&e))?;
        if up.is_null() {
            return Ok(keys);
        }
        level = up;
    }
    Err("its prototype chain does not end".to_owned())
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
