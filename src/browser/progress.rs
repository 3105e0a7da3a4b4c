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
                AuthEventKind::ResultReceived { via } => via.name(),
                AuthEventKind::Settled { error_type: None } => "ok",
                AuthEventKind::Settled {
                    error_type: Some(t),
                } => t,
                _ => "",
            };
            log::debug_with(true, kind.name(), detail);
        }
        if let Some(callback) = &self.on_event {
            callback.call(&AuthEvent {
                kind,
                at: js_sys::Date::now(),
            });
        }
    }
}
