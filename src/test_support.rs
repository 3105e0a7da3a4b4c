//! Helpers of the unit tests, which run natively (`cargo test`) and in the
//! browser (`wasm-pack test --lib`): a value is read the way the SDK reads
//! it where it runs. Natively, with serde_json; in the browser as the npm
//! package reads what a page passes: the browser's `JSON.parse` makes the
//! JavaScript value, then `browser::read` copies it and serde-wasm-bindgen
//! reads it (the shipped path).

use serde::de::DeserializeOwned;

/// The JavaScript object (or the JSON) `value`, read as a `T`.
pub fn from_json<T: DeserializeOwned>(value: serde_json::Value) -> T {
    try_from_json(value).expect("a readable value")
}

/// [`from_json`], `None` when it cannot be read as a `T`.
pub fn try_from_json<T: DeserializeOwned>(value: serde_json::Value) -> Option<T> {
    #[cfg(target_arch = "wasm32")]
    {
        let js = js_sys::JSON::parse(&value.to_string()).ok()?;
        crate::browser::read::typed(&js)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_value(value).ok()
    }
}
