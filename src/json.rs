//! JSON text to typed values and back, through serde.
//!
//! In the browser the text is parsed and written by the browser's own
//! `JSON` and converted with serde-wasm-bindgen, so the WebAssembly module
//! carries no JSON parser; natively (tests, tools) serde_json does both.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// `text` read as a `T`; `None` when it is not JSON, or not a `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    imp::from_str(text)
}

/// `value` as JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    imp::to_string(value)
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use js_sys::JSON;
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
        serde_wasm_bindgen::from_value(JSON::parse(text).ok()?).ok()
    }

    pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Option<String> {
        let value = value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .ok()?;
        JSON::stringify(&value).ok()?.as_string()
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
        serde_json::from_str(text).ok()
    }

    pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Option<String> {
        serde_json::to_string(value).ok()
    }
}
