//! Debug logging to the browser console. Callers pass only text that holds no
//! secret; URLs go through [`crate::plan::redact_url`] first.

use wasm_bindgen::JsValue;

/// Prefix of every debug line.
const PREFIX: &str = "[nango]";

/// Logs `message` when `enabled` (in a browser: there is no console elsewhere).
pub fn debug(enabled: bool, message: &str) {
    if enabled && super::IN_BROWSER {
        web_sys::console::log_2(&PREFIX.into(), &message.into());
    }
}

/// Logs `message` and `detail` (a URL, an error type, a status) when
/// `enabled`, as two arguments of `console.log`: nothing is formatted.
pub fn debug_with(enabled: bool, message: &str, detail: impl Into<JsValue>) {
    if enabled && super::IN_BROWSER {
        web_sys::console::log_3(&PREFIX.into(), &message.into(), &detail.into());
    }
}
