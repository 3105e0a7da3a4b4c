//! Reports a flow's progress: to the app's callback, with the time, and to
//! the console in debug mode.

use super::log;
use crate::progress::{AuthEvent, AuthEventKind, OnAuthEvent};

/// Where one call's reports go.
#[derive(Clone, Default)]
pub struct Progress {
    debug: bool,
    on_event: Option<OnAuthEvent>,
}

impl Progress {
    /// Reports to `on_event`, and to the console when `debug`.
    pub fn new(debug: bool, on_event: Option<OnAuthEvent>) -> Progress {
        Progress { debug, on_event }
    }

    /// Reports `kind`, now.
    pub fn report(&self, kind: AuthEventKind) {
        if self.debug {
            let detail = match &kind {
                AuthEventKind::ResultReceived { via } => via.as_str(),
                AuthEventKind::Settled { error_type: None } => "ok",
                AuthEventKind::Settled {
                    error_type: Some(t),
                } => t,
                _ => "",
            };
            log::debug_with(true, kind.as_str(), detail);
        }
        if let Some(callback) = &self.on_event {
            let at = if super::IN_BROWSER {
                js_sys::Date::now()
            } else {
                0.0
            };
            callback.call(&AuthEvent { kind, at });
        }
    }
}
