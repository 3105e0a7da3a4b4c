//! DOM events as an async queue: listeners push, the flow awaits. Dropping
//! the queue removes its listeners (gloo's `EventListener`).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use gloo_events::EventListener;
use web_sys::{Event, EventTarget};

use super::trap::{self, Registration};

struct Shared<T> {
    items: VecDeque<T>,
    waker: Option<Waker>,
}

/// Events of some targets, mapped to `T`, in arrival order.
pub struct EventQueue<T> {
    shared: Rc<RefCell<Shared<T>>>,
    listeners: Vec<(EventListener, Registration)>,
}

impl<T: 'static> Default for EventQueue<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: 'static> EventQueue<T> {
    /// An empty queue with no listener.
    pub fn new() -> Self {
        EventQueue {
            shared: Rc::new(RefCell::new(Shared {
                items: VecDeque::new(),
                waker: None,
            })),
            listeners: Vec::new(),
        }
    }

    /// Queues `map(event)` for each `event_type` event of `target` (events
    /// mapped to `None` are dropped).
    pub fn listen(
        &mut self,
        target: &EventTarget,
        event_type: &'static str,
        map: impl Fn(&Event) -> Option<T> + 'static,
    ) {
        let shared = Rc::clone(&self.shared);
        let listener = EventListener::new(target, event_type, move |event| {
            if let Some(item) = map(event) {
                let mut shared = shared.borrow_mut();
                shared.items.push_back(item);
                if let Some(waker) = shared.waker.take() {
                    waker.wake();
                }
            }
        });
        let listed = trap::register_listener(target, event_type, &listener);
        self.listeners.push((listener, listed));
    }

    /// The next item, if one is queued; registers the waker otherwise.
    pub fn poll_next(&self, cx: &mut Context<'_>) -> Poll<T> {
        let mut shared = self.shared.borrow_mut();
        match shared.items.pop_front() {
            Some(item) => Poll::Ready(item),
            None => {
                shared.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }

    /// Waits for the next item.
    pub async fn next(&self) -> T {
        poll_fn(|cx| self.poll_next(cx)).await
    }
}
