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

