//! Containing a trap in the npm package's module.
//!
//! The package is built with `panic = "abort"`: a panic ends in a trap that
//! unwinds the WebAssembly frames without running a destructor, and the
//! instance is left in whatever state it was in. What the module has open or
//! shows is therefore also listed here: popups, sockets, listeners, timers,
//! requests, the Connect UI's full-screen iframe (and the page's scrolling
//! it turned off), and the reject functions of the promises it returned.
//! The facade's panic hook (`js.rs`) first asks wasm-bindgen for a fresh
//! instance (`schedule_reinit`: the next call runs on it), then rejects those
//! promises with `unknown_error` and the panic's message and releases the
//! rest, each step through calls that catch, so that none stops the others.
//! A call a panic ended does not report `settled`: that would call the
//! app's code from inside the trap, where a call back into the module would
//! run on an instance being replaced; its promise rejects instead. Each
//! entry is removed when its owner drops it, as usual.
//!
//! A Rust app owns its panic hook and its instance: without the `js`
//! feature nothing is listed, and a panic is the app's, as any other.
#![cfg_attr(not(feature = "js"), allow(dead_code))]

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, EventTarget, HtmlElement, WebSocket, Window};

#[cfg(feature = "js")]
use crate::error::AuthError;

/// Something the module has open.
pub enum Resource {
    /// A popup (closed on release).
    Popup(Window),
    /// A WebSocket (closed).
    Socket(WebSocket),
    /// An event listener (removed).
    Listener(EventTarget, &'static str, Function),
    /// A `setTimeout` id (cleared).
    Timer(i32),
    /// A request in flight (aborted).
    Request(AbortController),
    /// The Connect UI's iframe, with the page's `overflow` from before it
    /// (removed, and the page's scrolling restored).
    Overlay(HtmlElement, String),
    /// The reject function of a promise the module returned (called with
    /// the error).
    Promise(Function),
}

/// An entry of the list, removed when dropped.
#[must_use]
pub struct Registration {
    #[cfg(feature = "js")]
    id: u64,
}

#[cfg(feature = "js")]
mod list {
    use std::cell::{Cell, RefCell};

    use super::Resource;

    thread_local! {
        pub static OPEN: RefCell<Vec<(u64, Resource)>> = const { RefCell::new(Vec::new()) };
        pub static NEXT: Cell<u64> = const { Cell::new(0) };
    }
}

/// Lists `listener` (on `target`, for `event_type`) until the returned
/// registration is dropped.
pub fn register_listener(
    target: &EventTarget,
    event_type: &'static str,
    listener: &gloo_events::EventListener,
) -> Registration {
    use wasm_bindgen::JsCast;
    let callback: &Function = listener.callback().as_ref().unchecked_ref();
    register(Resource::Listener(
        target.clone(),
        event_type,
        callback.clone(),
    ))
}

/// Lists `resource` until the returned registration is dropped.
pub fn register(resource: Resource) -> Registration {
    #[cfg(feature = "js")]
    {
        let id = list::NEXT.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        list::OPEN.with(|open| {
            if let Ok(mut open) = open.try_borrow_mut() {
                open.push((id, resource));
            }
        });
        Registration { id }
    }
    #[cfg(not(feature = "js"))]
    {
        drop(resource);
        Registration {}
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        #[cfg(feature = "js")]
        list::OPEN.with(|open| {
            if let Ok(mut open) = open.try_borrow_mut() {
                open.retain(|(id, _)| *id != self.id);
            }
        });
    }
}

#[wasm_bindgen]
extern "C" {
    /// The global `clearTimeout`, through a call that catches.
    #[wasm_bindgen(catch, js_name = clearTimeout)]
    fn clear_timeout(id: i32) -> Result<(), JsValue>;
}

/// `object.method()`, through calls that catch (web-sys declares some
/// methods, `AbortController.abort()`, `Element.remove()`, as never
/// throwing, and an exception there would stop the release).
fn call_method(object: &JsValue, method: &str) {
    if let Ok(f) = Reflect::get(object, &method.into()) {
        if let Some(f) = wasm_bindgen::JsCast::dyn_ref::<Function>(&f) {
            let _ = f.call0(object);
        }
    }
}

/// After a panic: rejects every listed promise with `error` and releases
/// everything else listed. Made for a module that is about to stop: it
/// touches nothing but the list, and each step catches what it throws.
#[cfg(feature = "js")]
pub fn release_all(error: &AuthError) {
    let open = list::OPEN.with(|open| open.try_borrow_mut().map(|mut o| std::mem::take(&mut *o)));
    let Ok(open) = open else { return };
    let error: wasm_bindgen::JsValue = error.clone().into();
    for (_, resource) in open {
        match resource {
            Resource::Promise(reject) => {
                let _ = reject.call1(&wasm_bindgen::JsValue::UNDEFINED, &error);
            }
            Resource::Popup(window) => {
                let _ = window.close();
            }
            Resource::Socket(socket) => {
                let _ = socket.close();
            }
            Resource::Listener(target, event_type, callback) => {
                let _ = target.remove_event_listener_with_callback(event_type, &callback);
            }
            Resource::Timer(id) => {
                let _ = clear_timeout(id);
            }
            Resource::Request(controller) => call_method(&controller, "abort"),
            Resource::Overlay(iframe, overflow) => {
                call_method(&iframe, "remove");
                super::restore_page_overflow(&overflow);
            }
        }
    }
}
