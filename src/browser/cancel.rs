//! Ending a flow from outside: a newer `auth()` or `clear()` cancels the
//! flow in progress, which then settles with that error and drops (closes)
//! its popup, socket and listeners.

use std::cell::RefCell;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::error::AuthError;

#[derive(Default)]
struct State {
    reason: Option<AuthError>,
    waker: Option<Waker>,
}

/// A handle shared by the client (which cancels) and the flow (which listens).
#[derive(Clone, Default)]
pub struct CancelHandle(Rc<RefCell<State>>);

impl CancelHandle {
    /// A handle nobody has cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes the flow settle with `reason` (the first reason wins).
    pub fn cancel(&self, reason: AuthError) {
        let mut state = self.0.borrow_mut();
        if state.reason.is_none() {
            state.reason = Some(reason);
        }
        if let Some(waker) = state.waker.take() {
            waker.wake();
        }
    }

    /// Ready with the reason once cancelled.
    pub fn poll_cancelled(&self, cx: &mut Context<'_>) -> Poll<AuthError> {
        let mut state = self.0.borrow_mut();
        match &state.reason {
            Some(reason) => Poll::Ready(reason.clone()),
            None => {
                state.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }

    /// Whether both handles are the same flow's.
    pub fn same_as(&self, other: &CancelHandle) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Ready once `signal` aborts (at once if it already has); the `abort`
/// listener is removed when the future is dropped.
pub async fn aborted(signal: &web_sys::AbortSignal) {
    let mut events = super::events::EventQueue::new();
    events.listen(signal, "abort", |_| Some(()));
    if !signal.aborted() {
        events.next().await;
    }
}
