//! The flow's WebSocket, closed when dropped.

use std::task::{Context, Poll};

use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, WebSocket};

use super::events::EventQueue;
use super::trap::{self, Registration, Resource};
use crate::error::{AuthError, ErrorKind};

/// What the socket did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocketEvent {
    /// A text frame.
    Text(String),
    /// The socket closed or failed (`error` is always followed by `close`,
    /// but a flow need not wait for it).
    Lost,
}

/// An open (or opening) WebSocket and its events.
pub struct Socket {
    ws: WebSocket,
    events: EventQueue<SocketEvent>,
    _listed: Registration,
}

impl Socket {
    /// Starts connecting to `url`.
    pub fn connect(url: &str) -> Result<Socket, AuthError> {
        let ws = WebSocket::new(url).map_err(|_| {
            AuthError::new(
                ErrorKind::InvalidHostUrl,
                format!("The browser refused the WebSocket URL \"{url}\"."),
            )
        })?;
        let mut events = EventQueue::new();
        events.listen(&ws, "message", |e| {
            let data = e.dyn_ref::<MessageEvent>()?.data();
            Some(SocketEvent::Text(data.as_string()?))
        });
        events.listen(&ws, "close", |_| Some(SocketEvent::Lost));
        events.listen(&ws, "error", |_| Some(SocketEvent::Lost));
        Ok(Socket {
            _listed: trap::register(Resource::Socket(ws.clone())),
            ws,
            events,
        })
    }

    /// The next event.
    pub fn poll_next(&self, cx: &mut Context<'_>) -> Poll<SocketEvent> {
        self.events.poll_next(cx)
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        if self.ws.ready_state() <= WebSocket::OPEN {
            let _ = self.ws.close();
        }
    }
}
