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
pub mod read;
pub mod socket;
pub mod timer;
pub mod trap;

use std::future::{poll_fn, Future};

use crate::error::{AuthError, ErrorKind};

/// Whether this build runs in a browser at all: on another target (the
/// server of a server-side rendering framework, native tests) no browser
/// API may be called, since wasm-bindgen's imports panic there.
pub const IN_BROWSER: bool = cfg!(target_arch = "wasm32");

/// Sets the page's `overflow` back to `overflow` (the empty string: none
/// of its own), as the Connect UI found it.
pub fn restore_page_overflow(overflow: &str) {
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let _ = if overflow.is_empty() {
        body.style().remove_property("overflow").map(|_| ())
    } else {
        body.style().set_property("overflow", overflow)
    };
}

/// The error of a call made off the browser.
pub fn unsupported() -> AuthError {
    AuthError::new(
        ErrorKind::UnsupportedEnvironment,
        "nango-frontend needs a browser: this call ran off it (for example during server-side rendering); make the call on the client.",
    )
}
use std::pin::pin;
use std::task::Poll;

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
