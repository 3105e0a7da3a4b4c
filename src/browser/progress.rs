//! Reports a flow's progress: to the app's callback, with the time, and to
//! the console in debug mode.
//!
//! The app's callback is never called from inside the flow's poll: the
//! reports are queued, in order, and delivered from a microtask of their
//! own (`timer::soon`), so that whatever the app does there (start another
//! `auth()`, open a window, set a signal that wakes other tasks) runs
//! outside wasm-bindgen-futures' queue, where Firefox cannot re-enter it.
//! A call's future ends only once its reports are delivered
//! ([`Progress::delivered`]): the app sees every event of a call before
//! its result.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use super::log;
use crate::error::AuthError;
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

    /// Reports `kind`, which happened now: at once to the console, soon to
    /// the app's callback.
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
            let event = AuthEvent {
                kind,
                at: if super::IN_BROWSER {
                    js_sys::Date::now()
                } else {
                    0.0
                },
            };
            let callback = callback.clone();
            deliver(Box::new(move || callback.call(&event)));
        }
    }

    /// Reports whether the popup opened (`popup_opened` or
    /// `popup_blocked`), and passes the outcome on.
    pub fn opened<P>(&self, popup: Result<P, AuthError>) -> Result<P, AuthError> {
        self.report(match popup {
            Ok(_) => AuthEventKind::PopupOpened,
            Err(_) => AuthEventKind::PopupBlocked,
        });
        popup
    }

    /// Ready once every report made so far has reached the app's callback
    /// (at once when there is no callback).
    pub fn delivered(&self) -> Delivered {
        let mark: Rc<RefCell<Mark>> = Rc::default();
        if self.on_event.is_some() {
            let reached = Rc::clone(&mark);
            deliver(Box::new(move || {
                let mut mark = reached.borrow_mut();
                mark.reached = true;
                if let Some(waker) = mark.waker.take() {
                    waker.wake();
                }
            }));
        } else {
            mark.borrow_mut().reached = true;
        }
        Delivered(mark)
    }
}

#[derive(Default)]
struct Mark {
    reached: bool,
    waker: Option<Waker>,
}

/// See [`Progress::delivered`].
pub struct Delivered(Rc<RefCell<Mark>>);

impl Future for Delivered {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut mark = self.0.borrow_mut();
        if mark.reached {
            Poll::Ready(())
        } else {
            mark.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

type Delivery = Box<dyn FnOnce()>;

thread_local! {
    /// Reports not delivered yet, oldest first.
    static PENDING: RefCell<VecDeque<Delivery>> = RefCell::new(VecDeque::new());
    /// Whether a microtask that delivers them is queued or running.
    static SCHEDULED: Cell<bool> = const { Cell::new(false) };
}

/// Queues `delivery` behind the others; off the browser (native tests, no
/// microtasks), runs it now.
fn deliver(delivery: Delivery) {
    if !super::IN_BROWSER {
        return delivery();
    }
    PENDING.with(|p| p.borrow_mut().push_back(delivery));
    if !SCHEDULED.with(|s| s.replace(true)) {
        super::timer::soon(deliver_pending);
    }
}

/// Delivers every queued report, in order, including those queued by the
/// callbacks themselves. No borrow is held while a callback runs.
fn deliver_pending() {
    /// Marks the delivery over even if a callback unwinds (then what is
    /// left is delivered from a microtask of its own).
    struct Done;
    impl Drop for Done {
        fn drop(&mut self) {
            SCHEDULED.with(|s| s.set(false));
            if PENDING.with(|p| !p.borrow().is_empty()) && !SCHEDULED.with(|s| s.replace(true)) {
                super::timer::soon(deliver_pending);
            }
        }
    }
    let _done = Done;
    while let Some(delivery) = PENDING.with(|p| p.borrow_mut().pop_front()) {
        delivery();
    }
}
