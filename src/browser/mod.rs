//! Browser effects: `fetch`, the popup, the WebSocket, messages and timers.
//!
//! Thin wrappers that turn each browser resource into an owned Rust value:
//! dropping it releases the resource (aborts the request, removes the
//! listener, clears the timer, closes the socket and the popup), so a flow
//! that ends by any path leaves nothing behind. The decisions live in the
//! pure modules.

pub mod cancel;
pub mod connect_ui;
pub mod events;
pub mod http;
pub mod log;
pub mod messages;
pub mod popup;
pub mod popup_flow;
pub mod progress;
pub mod socket;

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Runs two futures and returns the output of the first one to finish; the
/// other is dropped, which releases whatever it held.
pub async fn race<T>(a: impl Future<Output = T>, b: impl Future<Output = T>) -> T {
    let mut a = pin!(a);
    let mut b = pin!(b);
    poll_fn(|cx| {
        if let Poll::Ready(v) = a.as_mut().poll(cx) {
            return Poll::Ready(v);
        }
        b.as_mut().poll(cx)
    })
    .await
}

/// Runs `f` in a task of its own, `ms` milliseconds from now (`setTimeout`),
/// outside whatever poll or listener is running: for browser calls that can
/// run script (closing a window, removing an iframe). Without a window (no
/// timers), `f` runs now.
pub fn later(ms: i32, f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return f();
    };
    // A one-shot callback: wasm-bindgen frees it once it has run.
    let callback = Closure::once_into_js(f);
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
}
