//! JavaScript values into the SDK's typed values, once, at the boundary.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::json::JsonValue;

/// Nesting deeper than this is cut (cyclic objects would never end).
const MAX_DEPTH: u32 = 32;

/// A plain JS value as JSON, as `JSON.stringify` would see it: `undefined`
/// and function members are left out, numbers keep JavaScript's spelling;
/// objects that are not plain (`{}` or `Object.create(null)`) are left out.
/// With `undefined_as_null`, `undefined` members stay, as `null` (for
/// `authorization_params`, where an explicit `undefined` means "remove").
pub fn to_json(value: &JsValue, undefined_as_null: bool) -> Option<JsonValue> {
    convert(value, undefined_as_null, 0)
}

fn convert(value: &JsValue, undefined_as_null: bool, depth: u32) -> Option<JsonValue> {
    if value.is_undefined() {
        return undefined_as_null.then_some(JsonValue::Null);
    }
    if value.is_null() {
        return Some(JsonValue::Null);
    }
    if let Some(s) = value.as_string() {
        return Some(JsonValue::String(s));
    }
    if let Some(b) = value.as_bool() {
        return Some(JsonValue::Bool(b));
    }
    if value.as_f64().is_some() {
        let n: &js_sys::Number = value.unchecked_ref();
        // JSON has no NaN or Infinity; JSON.stringify writes null.
        let text = if js_sys::Number::is_finite(value) {
            String::from(n.to_string_with_radix(10).unwrap_or_default())
        } else {
            "null".into()
        };
        return Some(if text == "null" {
            JsonValue::Null
        } else {
            JsonValue::Number(text)
        });
    }
    if value.is_function() || value.is_symbol() || value.is_bigint() || depth >= MAX_DEPTH {
        return None;
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        let items = array
            .iter()
            .map(|item| convert(&item, false, depth + 1).unwrap_or(JsonValue::Null))
            .collect();
        return Some(JsonValue::Array(items));
    }
    // Only plain objects: a Window, an AbortSignal or a DOM node is not data
    // (and walking a Window would never end).
    let object: &Object = value.dyn_ref()?;
    let proto = Object::get_prototype_of(value);
    if !(proto.is_null() || Object::get_prototype_of(&proto).is_null()) {
        return None;
    }
    let mut members = Vec::new();
    for key in Object::keys(object).iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        let member = Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED);
        if let Some(v) = convert(&member, undefined_as_null, depth + 1) {
            members.push((name, v));
        }
    }
    Some(JsonValue::Object(members))
}

/// `object[name]`, or `undefined` when `object` is not an object.
pub fn member(object: &JsValue, name: &str) -> JsValue {
    if object.is_object() {
        Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}
