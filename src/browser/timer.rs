//! Timers as futures: `setTimeout`, cleared when dropped. gloo's
//! `TimeoutFuture` does the same, but keeps its timer's id to itself; these
//! list theirs (`trap`), so that a trap leaves no timer behind to call into
//! a stopped instance.

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
    pub(super) fn clear_timeout(id: i32);
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
    // A one-shot callback: wasm-bindgen frees it once it has run.
    let callback = Closure::once_into_js(move || {
        drop(done.borrow_mut().take());
        f();
    });
    let id = set_timeout(callback.unchecked_ref(), ms.max(0));
    *listed.borrow_mut() = Some(trap::register(Resource::Timer(id)));
}
