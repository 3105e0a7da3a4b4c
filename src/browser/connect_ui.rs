//! The Connect UI iframe: mounted by `open()`, removed (with its message
//! listener) by `close()` or by a `close` event from the UI.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, HtmlIFrameElement, MessageEvent};

use super::trap::{self, Registration};
use crate::connect_ui::{
    ConnectUiEvent, ConnectUiMessage, ConnectUiOptions, ConnectUiTarget, OnConnectUiEvent,
    DEFAULT_CONNECT_UI_API_URL,
};
use crate::error::{AuthError, ErrorKind};

/// How the browser layer reads a message's payload (see
/// [`ConnectUiMessage`], in `crate::connect_ui`).
impl ConnectUiMessage {
    /// The typed event.
    ///
    /// ```
    /// # use nango_frontend::ConnectUiEvent;
    /// # fn run(message: &nango_frontend::ConnectUiMessage) {
    /// if let ConnectUiEvent::Error { error_type, message } = message.event() { /* ... */ }
    /// # }
    /// ```
    pub fn event(&self) -> ConnectUiEvent {
        // Read from a plain copy: a payload that throws while read is no payload.
        let payload = Reflect::get(&self.data, &"payload".into())
            .ok()
            .and_then(|payload| super::read::plain(&payload).ok())
            .unwrap_or(JsValue::UNDEFINED);
        ConnectUiEvent::from_parts(
            &self.event_type,
            serde_wasm_bindgen::Deserializer::from(payload),
        )
    }
}

struct State {
    target: ConnectUiTarget,
    session_token: Option<String>,
    on_event: Option<OnConnectUiEvent>,
    iframe: Option<HtmlIFrameElement>,
    /// The `message` listener, listed while the UI is open.
    listener: Option<(EventListener, Registration)>,
    ready: bool,
    /// The page's `overflow` before the UI hid it.
    saved_overflow: Option<String>,
    /// The iframe and the page's scrolling, listed while the UI is shown
    /// (a trap removes the one and restores the other).
    shown: Option<Registration>,
}

/// The Connect UI of one page.
///
/// ```
/// # use nango_frontend::{ConnectUi, ConnectUiOptions};
/// # fn run() -> Result<(), nango_frontend::AuthError> {
/// let ui = ConnectUi::new(ConnectUiOptions::default())?;
/// ui.open()?;
/// ui.set_session_token("nango_connect_session_..."); // when it arrives
/// // ...
/// ui.close();
/// # Ok(()) }
/// ```
#[derive(Clone)]
#[cfg_attr(feature = "js", wasm_bindgen::prelude::wasm_bindgen(js_name = ConnectUI))]
pub struct ConnectUi {
    state: Rc<RefCell<State>>,
}

impl std::fmt::Debug for ConnectUi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.state.borrow();
        f.debug_struct("ConnectUi")
            .field("url", &state.target.url)
            .field("open", &state.iframe.is_some())
            .finish()
    }
}

fn body() -> Result<HtmlElement, AuthError> {
    if !super::IN_BROWSER {
        return Err(super::unsupported());
    }
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .ok_or_else(|| {
            AuthError::new(
                ErrorKind::UnsupportedEnvironment,
                "The Connect UI needs a page with a body.",
            )
        })
}

impl ConnectUi {
    /// A closed Connect UI with `options`, its API URL defaulting to Nango
    /// Cloud's (a client's [`Nango::open_connect_ui`](crate::Nango::open_connect_ui)
    /// defaults to its host). `open()` shows it.
    ///
    /// ```no_run
    /// use nango_frontend::{ConnectUi, ConnectUiOptions};
    ///
    /// let ui = ConnectUi::new(
    ///     ConnectUiOptions::default()
    ///         .session_token("nango_connect_session_...")
    ///         .on_event(|message| web_sys::console::log_1(&message.event_type().into())),
    /// )?;
    /// ui.open()?;
    /// # Ok::<(), nango_frontend::AuthError>(())
    /// ```
    pub fn new(options: ConnectUiOptions) -> Result<ConnectUi, AuthError> {
        let target = options.target(DEFAULT_CONNECT_UI_API_URL)?;
        Ok(ConnectUi::for_target(
            target,
            options.session_token,
            options.on_event,
        ))
    }

    /// A closed Connect UI at `target`.
    pub(crate) fn for_target(
        target: ConnectUiTarget,
        session_token: Option<String>,
        on_event: Option<OnConnectUiEvent>,
    ) -> ConnectUi {
        ConnectUi {
            state: Rc::new(RefCell::new(State {
                target,
                session_token,
                on_event,
                iframe: None,
                listener: None,
                ready: false,
                saved_overflow: None,
                shown: None,
            })),
        }
    }

    /// Mounts the iframe (full screen, `#connect-ui`) and listens to its
    /// messages. Does nothing if it is already mounted.
    ///
    /// ```
    /// # fn run(ui: nango_frontend::ConnectUi) -> Result<(), nango_frontend::AuthError> {
    /// ui.open()?;
    /// assert!(ui.is_open());
    /// # Ok(()) }
    /// ```
    pub fn open(&self) -> Result<(), AuthError> {
        if self
            .state
            .borrow()
            .iframe
            .as_ref()
            .is_some_and(|f| f.is_connected())
        {
            return Ok(());
        }
        self.close();
        let body = body()?;
        let document = body
            .owner_document()
            .ok_or_else(|| AuthError::new(ErrorKind::UnsupportedEnvironment, "No document."))?;
        let iframe: HtmlIFrameElement = document
            .create_element("iframe")
            .map_err(|_| {
                AuthError::new(
                    ErrorKind::UnsupportedEnvironment,
                    "Cannot create the Connect UI iframe.",
                )
            })?
            .unchecked_into();
        let mut state = self.state.borrow_mut();
        iframe.set_src(&state.target.url);
        iframe.set_id("connect-ui");
        let _ = iframe.set_attribute("allow", "clipboard-write");
        let _ = iframe.set_attribute(
            "style",
            "position:fixed;z-index:9999;top:0;left:0;right:0;bottom:0;width:100vw;height:100vh;border:0;background-color:transparent",
        );
        let _ = body.append_child(&iframe);
        let style = body.style();
        let overflow = style.get_property_value("overflow").unwrap_or_default();
        state.shown = Some(trap::register(trap::Resource::Overlay(
            iframe.clone().unchecked_into(),
            overflow.clone(),
        )));
        state.saved_overflow = Some(overflow);
        let _ = style.set_property("overflow", "hidden");
        // The listener keeps the UI alive while it is open (an app need not
        // keep the object); close() drops it and ends that cycle.
        state.listener = web_sys::window().map(|w| {
            let me = Rc::clone(&self.state);
            let listener = EventListener::new(&w, "message", move |e| on_message(&me, e));
            let listed = trap::register_listener(&w, "message", &listener);
            (listener, listed)
        });
        state.iframe = Some(iframe);
        state.ready = false;
        Ok(())
    }

    /// Sets the session token and sends it to the UI if it is ready.
    ///
    /// ```
    /// # fn run(ui: nango_frontend::ConnectUi) -> Result<(), nango_frontend::AuthError> {
    /// ui.set_session_token("nango_connect_session_...");
    /// # Ok(()) }
    /// ```
    pub fn set_session_token(&self, token: &str) {
        self.state.borrow_mut().session_token = Some(token.to_owned());
        if self.state.borrow().ready {
            send_token(&self.state.borrow());
        }
    }

    /// Removes the iframe and the listener; restores the page's scrolling.
    ///
    /// ```
    /// # fn run(ui: nango_frontend::ConnectUi) -> Result<(), nango_frontend::AuthError> {
    /// ui.close();
    /// assert!(!ui.is_open());
    /// # Ok(()) }
    /// ```
    pub fn close(&self) {
        let (iframe, listener, overflow, shown) = {
            let mut state = self.state.borrow_mut();
            state.ready = false;
            (
                state.iframe.take(),
                state.listener.take(),
                state.saved_overflow.take(),
                state.shown.take(),
            )
        };
        drop((listener, shown));
        if let Some(iframe) = iframe {
            iframe.remove();
            if let Some(overflow) = overflow {
                super::restore_page_overflow(&overflow);
            }
        }
    }

    /// Whether the iframe is mounted.
    ///
    /// ```
    /// # fn run(ui: nango_frontend::ConnectUi) -> Result<(), nango_frontend::AuthError> {
    /// if !ui.is_open() { ui.open()?; }
    /// # Ok(()) }
    /// ```
    pub fn is_open(&self) -> bool {
        self.state
            .borrow()
            .iframe
            .as_ref()
            .is_some_and(|f| f.is_connected())
    }

    /// The iframe, while the UI is open.
    ///
    /// ```
    /// # fn run(ui: nango_frontend::ConnectUi) -> Result<(), nango_frontend::AuthError> {
    /// if let Some(iframe) = ui.iframe() { iframe.set_title("Connect an account"); }
    /// # Ok(()) }
    /// ```
    pub fn iframe(&self) -> Option<HtmlIFrameElement> {
        self.state.borrow().iframe.clone()
    }
}

fn send_token(state: &State) {
    let (Some(token), Some(frame)) = (
        &state.session_token,
        state.iframe.as_ref().and_then(|f| f.content_window()),
    ) else {
        return;
    };
    let data = Object::new();
    let _ = Reflect::set(&data, &"type".into(), &"session_token".into());
    let _ = Reflect::set(&data, &"sessionToken".into(), &JsValue::from_str(token));
    // Only to the UI's origin: the token must not reach a page the iframe was sent to.
    let _ = frame.post_message(&data, &state.target.origin);
}

fn on_message(state_rc: &Rc<RefCell<State>>, e: &web_sys::Event) {
    let Some(e) = e.dyn_ref::<MessageEvent>().filter(|e| e.is_trusted()) else {
        return;
    };
    let message = {
        let state = state_rc.borrow();
        if e.origin() != state.target.origin {
            return;
        }
        let from_frame = match (
            e.source(),
            state.iframe.as_ref().and_then(|f| f.content_window()),
        ) {
            (Some(source), Some(frame)) => Object::is(&source, &frame),
            _ => false,
        };
        if !from_frame {
            return;
        }
        // Events are objects with a string `type`.
        let data = e.data();
        let Some(event_type) = Reflect::get(&data, &"type".into())
            .ok()
            .and_then(|t| t.as_string())
        else {
            return;
        };
        ConnectUiMessage { event_type, data }
    };
    match message.event_type() {
        "ready" => {
            let mut state = state_rc.borrow_mut();
            state.ready = true;
            send_token(&state);
        }
        "close" => {
            // Not from inside this listener (closing drops it), nor from a
            // poll of a future (removing the iframe can run script): from a
            // task of its own.
            let ui = ConnectUi {
                state: Rc::clone(state_rc),
            };
            super::timer::later(0, move || ui.close());
        }
        _ => {}
    }
    // No borrow held: the handler may call open(), close() or set_session_token().
    let handler = state_rc.borrow().on_event.clone();
    if let Some(handler) = handler {
        handler.call(&message);
    }
}
