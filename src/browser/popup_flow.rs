//! Runs the OAuth popup flow: feeds the state machine of
//! [`crate::oauth_flow`] with the socket's frames, the popup's messages,
//! `popup.closed` and timers, and does what it says. Every resource is a
//! local value: when this future ends or is dropped, they are all released.

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

use super::cancel::CancelHandle;
use super::messages::PopupMessages;
use super::popup::Popup;
use super::progress::Progress;
use super::socket::{Socket, SocketEvent};
use super::timer::Sleep;
use super::{http, log};
use crate::error::AuthError;
use crate::oauth_flow::{Action, Event, Frame, OAuthFlow, CLOSE_POLL_MS};
use crate::plan::redact_url;
use crate::response::{self, AuthSuccess};

/// Milliseconds between the end of a flow and the closing of its popup, so
/// that the callback page can post its message.
const POPUP_CLOSE_GRACE_MS: i32 = 500;

/// What the flow needs besides its popup.
pub struct PopupFlowConfig {
    /// `/oauth/connect/{id}?...` URL, without `ws_client_id`.
    pub url: String,
    /// The WebSocket URL.
    pub websocket_url: String,
    /// The Nango host's origin (the callback page's).
    pub origin: String,
    /// `detectClosedAuthWindow`
    pub detect_closed: bool,
    /// Debug logging.
    pub debug: bool,
    /// `GET /connect/session` URL and the session token, to learn early that
    /// the server does not know the token (it would answer the popup with a
    /// JSON 401 and never tell the socket).
    pub token_check: Option<(String, String)>,
    /// Where the flow reports its progress.
    pub progress: Progress,
    /// Test builds only: panic this long after the start.
    #[cfg(nango_test_hooks)]
    pub panic_after_ms: Option<u32>,
}

enum Input {
    Cancelled(AuthError),
    Flow(Event),
    Tick,
    Reconnect,
    TokenRefused(AuthError),
}

/// Asks the server whether it knows the session token; `Some(error)` only
/// for a clear refusal (401/403), `None` for anything else.
async fn check_token(url: String, token: String) -> Option<AuthError> {
    match http::get_with_bearer(&url, &token).await {
        Ok((status @ (401 | 403), body)) => response::decode(status, &body).err(),
        _ => None,
    }
}

/// Runs the flow to its end.
pub async fn run(
    popup: Popup,
    config: PopupFlowConfig,
    cancel: CancelHandle,
) -> Result<AuthSuccess, AuthError> {
    let debug = config.debug;
    let mut flow = OAuthFlow::new(config.url.clone(), config.detect_closed);
    let messages = PopupMessages::listen(&config.origin, popup.window());
    log::debug_with(debug, "Connecting to", config.websocket_url.as_str());
    let mut socket = Some(Socket::connect(&config.websocket_url)?);
    let mut timer: Option<Sleep> = None;
    let mut reconnect_timer: Option<Sleep> = None;
    let mut tick = Sleep::new(CLOSE_POLL_MS);
    let mut token_check: Option<Pin<Box<dyn Future<Output = Option<AuthError>>>>> =
        config.token_check.map(|(url, token)| {
            Box::pin(check_token(url, token)) as Pin<Box<dyn Future<Output = Option<AuthError>>>>
        });

    #[cfg(nango_test_hooks)]
    let mut test_panic = config.panic_after_ms.map(Sleep::new);
    loop {
        let input = poll_fn(|cx| {
            #[cfg(nango_test_hooks)]
            if let Some(t) = &mut test_panic {
                if Pin::new(t).poll(cx).is_ready() {
                    panic!("test build: a panic on demand, mid-flow");
                }
            }
            if let Poll::Ready(reason) = cancel.poll_cancelled(cx) {
                return Poll::Ready(Input::Cancelled(reason));
            }
            if let Some(s) = &socket {
                if let Poll::Ready(e) = s.poll_next(cx) {
                    return Poll::Ready(Input::Flow(match e {
                        SocketEvent::Text(text) => Event::Socket(Frame::parse(&text)),
                        SocketEvent::Lost => Event::SocketLost,
                    }));
                }
            }
            if let Poll::Ready(m) = messages.poll_next(cx) {
                return Poll::Ready(Input::Flow(Event::Popup(m)));
            }
            if let Some(t) = &mut timer {
                if Pin::new(t).poll(cx).is_ready() {
                    timer = None;
                    return Poll::Ready(Input::Flow(Event::TimerFired));
                }
            }
            if let Some(t) = &mut reconnect_timer {
                if Pin::new(t).poll(cx).is_ready() {
                    reconnect_timer = None;
                    return Poll::Ready(Input::Reconnect);
                }
            }
            if let Some(check) = &mut token_check {
                if let Poll::Ready(refused) = check.as_mut().poll(cx) {
                    token_check = None;
                    if let Some(e) = refused {
                        return Poll::Ready(Input::TokenRefused(e));
                    }
                }
            }
            if Pin::new(&mut tick).poll(cx).is_ready() {
                tick = Sleep::new(CLOSE_POLL_MS);
                return Poll::Ready(Input::Tick);
            }
            Poll::Pending
        })
        .await;

        let event = match input {
            Input::Cancelled(reason) => {
                log::debug_with(debug, "Flow ended from outside:", reason.error_type());
                return Err(reason);
            }
            Input::TokenRefused(e) => {
                log::debug_with(
                    debug,
                    "The server refused the session token:",
                    e.error_type(),
                );
                return Err(e);
            }
            Input::Reconnect => {
                log::debug(debug, "Reconnecting the WebSocket");
                socket = Some(Socket::connect(&config.websocket_url)?);
                continue;
            }
            Input::Tick if popup.is_closed() => Event::PopupClosed,
            Input::Tick => continue,
            Input::Flow(e) => e,
        };
        if event == Event::SocketLost {
            log::debug(debug, "WebSocket closed");
            socket = None;
        }
        for action in flow.on(event) {
            match action {
                Action::Navigate(url) => {
                    if debug {
                        log::debug_with(true, "Navigating the popup to", redact_url(&url));
                    }
                    popup.navigate(&url)?;
                }
                Action::Reconnect(ms) => reconnect_timer = Some(Sleep::new(ms)),
                Action::AckPopup => messages.ack(popup.window()),
                Action::StartTimer(ms) => timer = Some(Sleep::new(ms)),
                Action::Report(kind) => config.progress.report(kind),
                Action::Settle(result) => {
                    popup.close_after(POPUP_CLOSE_GRACE_MS);
                    return result;
                }
            }
        }
    }
}
