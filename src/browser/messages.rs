//! Messages from the OAuth callback page to its opener (`postMessage`).
//!
//! A flow takes a message as its result only when it comes from its own
//! popup window (`event.source`), of the API's origin, delivered by the
//! browser. The callback page of the real Nango server posts
//! `{type: 'nango_oauth_callback_success'}` (or `_error` with a payload)
//! and nothing else: no client id, no state, no integration. Its other
//! channel, the `BroadcastChannel('nango-oauth-callback')` it also posts
//! on, reaches every page of the API's origin with no sender at all, so
//! a message there cannot be told from the callback of an earlier or a
//! parallel flow (a retry started while the first flow's callback page is
//! still open took that page's result as its own). It is not listened to:
//! where the popup's message cannot reach its opener (COOP), the
//! WebSocket's frame, which carries the flow's own client id, is the result.

use std::task::{Context, Poll};

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Window};

use super::events::EventQueue;
use crate::oauth_flow::PopupMessage;

/// `event` read as the callback page's message to this flow, if it is one:
/// delivered by the browser (a page's own `dispatchEvent` makes untrusted
/// ones), from `origin`, sent by `popup` itself, with data that reads as
/// the callback's message (from a plain copy: unreadable data is ignored).
fn callback_message(event: &web_sys::Event, origin: &str, popup: &Window) -> Option<PopupMessage> {
    let event: &MessageEvent = event.dyn_ref()?;
    if !event.is_trusted() || event.origin() != origin {
        return None;
    }
    if !event
        .source()
        .is_some_and(|source| Object::is(&source, popup))
    {
        return None;
    }
    PopupMessage::from_message(super::read::typed(&event.data())?)
}

/// The callback page's messages for one flow.
pub struct PopupMessages {
    events: EventQueue<PopupMessage>,
    origin: String,
}

impl PopupMessages {
    /// Listens for the messages `popup` posts from `origin` (the Nango host's).
    pub fn listen(origin: &str, popup: &Window) -> PopupMessages {
        let mut events = EventQueue::new();
        if let Some(window) = web_sys::window() {
            let expected_origin = origin.to_owned();
            let popup = popup.clone();
            events.listen(&window, "message", move |e| {
                callback_message(e, &expected_origin, &popup)
            });
        }
        PopupMessages {
            events,
            origin: origin.to_owned(),
        }
    }

    /// The next message.
    pub fn poll_next(&self, cx: &mut Context<'_>) -> Poll<PopupMessage> {
        self.events.poll_next(cx)
    }

    /// Tells the popup its message arrived, so that it closes itself.
    pub fn ack(&self, popup: &Window) {
        let message = Object::new();
        let _ = Reflect::set(
            &message,
            &"type".into(),
            &JsValue::from_str("nango_oauth_callback_ack"),
        );
        let _ = popup.post_message(&message, &self.origin);
    }
}
