//! Debug logging to the browser console. Callers pass only text that holds no
//! secret; URLs go through [`crate::plan::redact_url`] first.

/// Prefix of every debug line.
const PREFIX: &str = "[nango]";

/// Logs `message` when `enabled`.
pub fn debug(enabled: bool, message: &str) {
    if enabled {
        web_sys::console::log_2(&PREFIX.into(), &message.into());
    }
}

/// Logs a `format!` message when `enabled`, building it only then (nothing
/// is formatted on the hot path when debugging is off).
macro_rules! debug_fmt {
    ($enabled:expr, $($arg:tt)*) => {
        if $enabled {
            $crate::browser::log::debug(true, &format!($($arg)*));
        }
    };
}
pub(crate) use debug_fmt;
