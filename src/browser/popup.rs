//! The popup window: opened inside the user's click (at once, or in the
//! microtask right after), closed when the flow is dropped.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use wasm_bindgen::JsCast;
use web_sys::Window;

use super::trap::{self, Registration, Resource};
use crate::error::{AuthError, ErrorKind};
use crate::popup_layout::PopupLayout;

/// The popup of one flow.
pub struct Popup {
    window: Window,
    /// Milliseconds to wait before closing it when dropped (so that the
    /// callback page can post its message); 0 closes at once.
    close_grace_ms: Cell<i32>,
    /// Listed until it is closed.
    listed: Option<Registration>,
}

impl Popup {
    /// Opens an empty popup, centred on the screen. Must run inside the
    /// user's gesture, before anything asynchronous: browsers block popups
    /// opened later (Safari blocks them after any `await`).
    pub fn open(width: u32, height: u32) -> Result<Popup, AuthError> {
        let window = web_sys::window().ok_or_else(|| {
            AuthError::new(
                ErrorKind::UnsupportedEnvironment,
                "The OAuth popup needs a browser window.",
            )
        })?;
        let (screen_w, screen_h) = match window.screen() {
            Ok(s) => (
                s.width().unwrap_or(0) as f64,
                s.height().unwrap_or(0) as f64,
            ),
            Err(_) => (0.0, 0.0),
        };
        let layout = PopupLayout::centred(f64::from(width), f64::from(height), screen_w, screen_h);
        let opened = window
            .open_with_url_and_target_and_features("", "_blank", &layout.features())
            .ok()
            .flatten();
        match opened {
            Some(popup) => Popup::adopt(popup),
            None => Err(blocked()),
        }
    }

    /// Opens the popup in a microtask of its own (`timer::soon`), right
    /// after the code running now returns: still within the click's user
    /// activation, but never inside a poll of wasm-bindgen-futures' queue,
    /// where Firefox's `window.open()` would stop every future of the page.
    /// Nothing opens if the returned value is dropped before.
    pub fn open_soon(width: u32, height: u32) -> OpeningPopup {
        let state: Rc<RefCell<Opening>> = Rc::new(RefCell::new(Opening::Waiting(None)));
        let slot = Rc::clone(&state);
        super::timer::soon(move || {
            if matches!(*slot.borrow(), Opening::Dropped) {
                return;
            }
            // No borrow is held here: Firefox runs other microtasks (and so
            // other polls, which may look at this slot) inside window.open().
            let opened = Popup::open(width, height);
            let mut slot = slot.borrow_mut();
            if let Opening::Waiting(waker) = &mut *slot {
                let waker = waker.take();
                *slot = Opening::Opened(opened);
                drop(slot);
                if let Some(waker) = waker {
                    waker.wake();
                }
            }
            // Dropped meanwhile: the popup (if any) is dropped here, closed.
        });
        OpeningPopup { state }
    }

    /// Uses a window the app opened itself.
    pub fn adopt(window: Window) -> Result<Popup, AuthError> {
        if window.closed().unwrap_or(true) {
            return Err(blocked());
        }
        // A hint while the socket connects, when the window is still an empty
        // page of our origin (reading another origin's document throws).
        let document = js_sys::Reflect::get(&window, &"document".into())
            .ok()
            .and_then(|d| d.dyn_into::<web_sys::Document>().ok());
        if let Some(body) = document.and_then(|d| d.body()) {
            if body.child_element_count() == 0 {
                body.set_text_content(Some("Connecting…"));
            }
        }
        Ok(Popup {
            listed: Some(trap::register(Resource::Popup(window.clone()))),
            window,
            close_grace_ms: Cell::new(0),
        })
    }

    /// The window.
    pub fn window(&self) -> &Window {
        &self.window
    }

    /// Sends the popup to `url`.
    pub fn navigate(&self, url: &str) -> Result<(), AuthError> {
        self.window.location().set_href(url).map_err(|_| blocked())
    }

    /// Whether the user (or the page) closed it.
    pub fn is_closed(&self) -> bool {
        self.window.closed().unwrap_or(true)
    }

    /// Closes it `ms` after the flow is dropped rather than at once.
    pub fn close_after(&self, ms: i32) {
        self.close_grace_ms.set(ms);
    }
}

impl Drop for Popup {
    /// Closes the window from a timer of its own, never from here: a flow
    /// is dropped inside a poll of its task, and no browser call that can
    /// run script is made there (Firefox runs pending promise jobs inside
    /// `window.open()`, which re-enters wasm-bindgen-futures' task queue
    /// while it runs and stops it for good; closing a window runs the
    /// window's unload handlers). With a grace, the callback page has that
    /// long to post its message first.
    fn drop(&mut self) {
        let grace = if self.is_closed() {
            0
        } else {
            self.close_grace_ms.get().max(0)
        };
        let window = self.window.clone();
        let listed = self.listed.take();
        super::timer::later(grace, move || {
            let _ = window.close();
            drop(listed);
        });
    }
}

enum Opening {
    Waiting(Option<Waker>),
    Opened(Result<Popup, AuthError>),
    Dropped,
}

/// A popup about to open (`Popup::open_soon`): ready with it, or with
/// `blocked_by_browser`.
pub struct OpeningPopup {
    state: Rc<RefCell<Opening>>,
}

impl Future for OpeningPopup {
    type Output = Result<Popup, AuthError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut state = self.state.borrow_mut();
        match std::mem::replace(&mut *state, Opening::Dropped) {
            Opening::Opened(popup) => Poll::Ready(popup),
            Opening::Waiting(_) => {
                *state = Opening::Waiting(Some(cx.waker().clone()));
                Poll::Pending
            }
            Opening::Dropped => Poll::Pending,
        }
    }
}

impl Drop for OpeningPopup {
    fn drop(&mut self) {
        // A popup that opened and was not taken is dropped (closed) after
        // the borrow ends.
        let left = std::mem::replace(&mut *self.state.borrow_mut(), Opening::Dropped);
        drop(left);
    }
}

fn blocked() -> AuthError {
    AuthError::new(ErrorKind::BlockedByBrowser, "The browser blocked the authorization popup: call auth() directly in the click handler, before any await.")
}
