//! Messages from the OAuth callback page: `postMessage` to its opener, and
//! the `BroadcastChannel` it also posts on (which reaches only pages of the
//! API's origin). Only messages from the API's origin, and from the popup
//! itself when its reference is usable, are accepted.

use std::task::{Context, Poll};

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BroadcastChannel, MessageEvent, Window};

use super::events::EventQueue;
use super::trap::{self, Registration, Resource};
use crate::oauth_flow::PopupMessage;

/// `event.data` read as the callback page's message, if it is one. Only
/// messages the browser delivered count (a page's own `dispatchEvent` makes
/// untrusted ones), and their data is read from a plain copy: unreadable
/// data is ignored.
fn callback_message(e: &web_sys::Event) -> Option<PopupMessage> {
    let e: &MessageEvent = e.dyn_ref()?;
    if !e.is_trusted() {
        return None;
    }
    PopupMessage::from_message(super::read::typed(&e.data())?)
}

/// The callback page's messages for one flow.
pub struct PopupMessages {
    events: EventQueue<PopupMessage>,
    channel: Option<(BroadcastChannel, Registration)>,
    origin: String,
}

impl PopupMessages {
    /// Listens for messages of `origin` (the Nango host's) from `popup`.
    pub fn listen(origin: &str, popup: &Window) -> PopupMessages {
        let mut events = EventQueue::new();
        let mut channel = None;
        if let Some(window) = web_sys::window() {
            let expected_origin = origin.to_owned();
            let popup = popup.clone();
            events.listen(&window, "message", move |e| {
                let e: &MessageEvent = e.dyn_ref()?;
                if e.origin() != expected_origin {
                    return None;
                }
                if let Some(source) = e.source() {
                    if !Object::is(&source, &popup) {
                        return None;
                    }
                }
                callback_message(e)
            });
            // The channel only reaches pages of the API's own origin.
            let same_origin = window.location().origin().is_ok_and(|o| o == origin);
            if same_origin {
                if let Ok(bc) = BroadcastChannel::new("nango-oauth-callback") {
                    events.listen(&bc, "message", callback_message);
                    channel = Some((bc.clone(), trap::register(Resource::Channel(bc))));
                }
            }
        }
        PopupMessages {
            events,
            channel,
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

impl Drop for PopupMessages {
    fn drop(&mut self) {
        if let Some((channel, _)) = &self.channel {
            channel.close();
        }
    }
}
