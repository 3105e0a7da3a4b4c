//! Timers as futures: `setTimeout`, cleared when dropped. gloo's
//! `TimeoutFuture` does the same, but keeps its timer's id to itself; these
//! list theirs (`trap`), so that a trap leaves no timer behind to call into
//! a stopped instance. Also `later` (a task of its own) and `soon` (a
//! microtask of its own): where the SDK runs what must not run inside a
//! poll of wasm-bindgen-futures' queue.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::trap::{self, Registration, Resource};

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout` (of a window or a worker).
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> i32;
    /// The global `clearTimeout`.
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: i32);
    /// The global `queueMicrotask`.
    #[wasm_bindgen(js_name = queueMicrotask)]
    fn queue_microtask(callback: &JsValue);
}

#[derive(Default)]
struct State {
    fired: bool,
    waker: Option<Waker>,
}

/// Ready `ms` milliseconds after it was made.
pub struct Sleep {
    state: Rc<RefCell<State>>,
    id: i32,
    _callback: Closure<dyn FnMut()>,
    _listed: Registration,
}

impl Sleep {
    /// Starts the timer (`ms` is capped at what `setTimeout` can wait).
    pub fn new(ms: u32) -> Sleep {
        let state: Rc<RefCell<State>> = Rc::default();
        let fired = Rc::clone(&state);
        let callback = Closure::<dyn FnMut()>::new(move || {
            let mut state = fired.borrow_mut();
            state.fired = true;
            if let Some(waker) = state.waker.take() {
                waker.wake();
            }
        });
        let id = set_timeout(
            callback.as_ref().unchecked_ref(),
            ms.min(i32::MAX as u32) as i32,
        );
        Sleep {
            state,
            id,
            _callback: callback,
            _listed: trap::register(Resource::Timer(id)),
        }
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.state.borrow_mut();
        if state.fired {
            Poll::Ready(())
        } else {
            state.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        clear_timeout(self.id);
    }
}

/// Runs `f` in a task of its own, `ms` milliseconds from now, outside
/// whatever poll or listener is running: for browser calls that can run
/// script (closing a window, removing an iframe).
pub fn later(ms: i32, f: impl FnOnce() + 'static) {
    let listed: Rc<RefCell<Option<Registration>>> = Rc::default();
    let done = Rc::clone(&listed);
    let callback = once(Box::new(move || {
        drop(done.borrow_mut().take());
        f();
    }));
    let id = set_timeout(callback.unchecked_ref(), ms.max(0));
    *listed.borrow_mut() = Some(trap::register(Resource::Timer(id)));
}

/// Runs `f` in a microtask of its own: after the task or microtask running
/// now returns (a poll of wasm-bindgen-futures' queue included), still
/// inside the same turn of the event loop, so within the user's click.
///
/// Why not from the poll itself: wasm-bindgen-futures runs every task of
/// the page from one closure, which one microtask calls. Firefox runs
/// pending microtasks inside `window.open()` (Mozilla bug 1855409); when
/// that happens inside a poll, the queue's closure is called while it is
/// still running, wasm-bindgen refuses the call, and no future on the page
/// is polled again (tests/upstream_reentry.rs). A microtask queued here is
/// behind the poll that queued it: when it runs, the queue's closure is not
/// on the stack any more, and whatever Firefox runs inside the
/// `window.open()` it makes is an ordinary, non-recursive call.
pub fn soon(f: impl FnOnce() + 'static) {
    queue_microtask(&once(Box::new(f)));
}

/// A one-shot JavaScript callback (wasm-bindgen frees it once it has run),
/// of one type for every caller: one copy of wasm-bindgen's glue.
fn once(f: Box<dyn FnOnce()>) -> JsValue {
    Closure::once_into_js(f)
}
