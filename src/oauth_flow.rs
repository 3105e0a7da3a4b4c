//! The OAuth popup flow as a state machine: what to do for each thing that
//! happens (a WebSocket frame, the socket going away, a message from the
//! popup, the popup closing, a timer). Pure, so that every ordering of these
//! events is tested natively; `browser::popup_flow` feeds it real events.
//!
//! The rules that make every flow settle:
//! - Before the popup is navigated it is `about:blank` of the app's own
//!   origin, so `popup.closed` is reliable: closed then is `window_closed`.
//! - A socket lost before its hello is reconnected (a few times, with
//!   backoff); after that the popup is navigated without `ws_client_id` and
//!   the popup's own message is the only result.
//! - A success message from the popup carries no connection id: the flow
//!   waits a short grace for the socket's frame, then settles with
//!   `connection_id_unavailable` (the connection exists; its id was lost).
//! - A message from the popup before it was sent to the server is not this
//!   flow's (a window the app reused can still show an earlier flow's
//!   callback page): it is ignored.
//! - Once navigated, a closed popup ends the flow only with
//!   `detectClosedAuthWindow` (providers with `Cross-Origin-Opener-Policy`
//!   make `closed` read true while the user is still there), after a grace
//!   in which a result in flight still wins; or when the socket is gone too,
//!   since then no result can arrive any more.

use serde::Deserialize;

use crate::de::{FieldValue, Member};
use crate::error::{AuthError, ErrorKind};
use crate::progress::{AuthEventKind, ResultSource};
use crate::response::AuthSuccess;

/// How long a success message from the popup waits for the socket's frame.
pub const RESULT_GRACE_MS: u32 = 3_000;
/// How long a closed popup waits for a result in flight (the server
/// publishes its result before it serves the callback page, so a result
/// that exists is at most a few milliseconds behind the closing).
pub const CLOSE_GRACE_MS: u32 = 250;
/// How often `popup.closed` is read: with the grace, a closed popup is
/// reported within 0.4 s.
pub const CLOSE_POLL_MS: u32 = 100;
/// Socket reconnections before the hello, and the first backoff.
pub const MAX_RECONNECTS: u32 = 3;
const FIRST_BACKOFF_MS: u32 = 250;

/// A frame from the server's WebSocket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// `connection_ack`: the socket's client id.
    Ack(String),
    /// `success`: the connection made.
    Success(AuthSuccess),
    /// `error`: the server's error type and description.
    Error(AuthError),
    /// Anything else (ignored).
    Other,
}

/// A WebSocket frame as the server sends it (`message_type` and the members
/// of that type).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawFrame {
    message_type: String,
    ws_client_id: Option<String>,
    provider_config_key: Option<String>,
    connection_id: Option<String>,
    is_pending: Option<bool>,
    error_type: Option<String>,
    error_desc: Option<String>,
}

impl Frame {
    /// Reads a frame's text.
    pub fn parse(text: &str) -> Frame {
        let Some(frame) = crate::json::from_str::<RawFrame>(text) else {
            return Frame::Other;
        };
        match frame.message_type.as_str() {
            "connection_ack" => match frame.ws_client_id {
                Some(id) if !id.is_empty() => Frame::Ack(id),
                _ => Frame::Other,
            },
            "success" => match (frame.provider_config_key, frame.connection_id) {
                (Some(provider_config_key), Some(connection_id)) => Frame::Success(AuthSuccess {
                    provider_config_key,
                    connection_id,
                    is_pending: Some(frame.is_pending.unwrap_or(false)),
                }),
                _ => Frame::Error(AuthError::new(
                    ErrorKind::UnknownError,
                    "The Nango server sent a success without a connection.",
                )),
            },
            "error" => {
                let kind = frame
                    .error_type
                    .filter(|t| !t.is_empty())
                    .map_or(ErrorKind::UnknownError, |t| ErrorKind::from_code(&t));
                Frame::Error(AuthError::new(kind, frame.error_desc.unwrap_or_default()))
            }
            _ => Frame::Other,
        }
    }
}

/// A message the callback page posted to its opener, as `event.data` holds it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CallbackMessage {
    #[serde(rename = "type")]
    kind: String,
    /// `{message, errorType}` for an error: an object of strings.
    payload: Member<FieldValue>,
}

/// A message the callback page posted to its opener.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PopupMessage {
    /// `{type: 'nango_oauth_callback_success'}`
    Success,
    /// `{type: 'nango_oauth_callback_error', payload: {message, errorType}}`
    Error(AuthError),
}

impl PopupMessage {
    /// The callback's message; `None` for messages that are not the callback's.
    pub fn from_message(message: CallbackMessage) -> Option<PopupMessage> {
        match message.kind.as_str() {
            "nango_oauth_callback_success" => Some(PopupMessage::Success),
            "nango_oauth_callback_error" => {
                // An odd payload still ends the flow, as an unknown error.
                let field = |name: &str| match &message.payload {
                    Member::Given(payload) => payload.get(name).filter(|s| !s.is_empty()),
                    _ => None,
                };
                let kind = field("errorType").map_or(ErrorKind::UnknownError, ErrorKind::from_code);
                Some(PopupMessage::Error(AuthError::new(
                    kind,
                    field("message").unwrap_or_default(),
                )))
            }
            _ => None,
        }
    }
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A frame arrived on the socket.
    Socket(Frame),
    /// The socket closed or failed.
    SocketLost,
    /// The callback page posted a message.
    Popup(PopupMessage),
    /// `popup.closed` read true.
    PopupClosed,
    /// The timer the machine asked for fired.
    TimerFired,
}

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Send the popup to this URL.
    Navigate(String),
    /// Open a new socket after this many milliseconds.
    Reconnect(u32),
    /// Tell the popup its message arrived (`nango_oauth_callback_ack`).
    AckPopup,
    /// Fire [`Event::TimerFired`] after this many milliseconds (replaces any
    /// timer asked before).
    StartTimer(u32),
    /// Tell the app where the flow stands.
    Report(AuthEventKind),
    /// The flow is over.
    Settle(Result<AuthSuccess, AuthError>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    AwaitingAck,
    Navigated { with_socket: bool },
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    None,
    /// Waiting for the socket's frame after the popup's success.
    Result,
    /// Waiting for a result in flight after the popup closed.
    Close,
}

/// The state of one OAuth popup flow.
#[derive(Debug, Clone)]
pub struct OAuthFlow {
    url: String,
    detect_closed: bool,
    phase: Phase,
    socket_alive: bool,
    reconnects: u32,
    pending: Pending,
    closed_reported: bool,
    result_reported: bool,
}

impl OAuthFlow {
    /// A flow that will send the popup to `url` (`/oauth/connect/...?...`).
    pub fn new(url: String, detect_closed: bool) -> OAuthFlow {
        OAuthFlow {
            url,
            detect_closed,
            phase: Phase::AwaitingAck,
            socket_alive: true,
            reconnects: 0,
            pending: Pending::None,
            closed_reported: false,
            result_reported: false,
        }
    }

    /// Whether the flow has settled.
    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// Whether the popup has been sent to the server.
    #[cfg(test)]
    fn is_navigated(&self) -> bool {
        matches!(self.phase, Phase::Navigated { .. })
    }

    /// Feeds one event; returns what to do, in order (a report of what
    /// happened first, when there is one to make).
    pub fn on(&mut self, event: Event) -> Vec<Action> {
        if self.is_done() {
            return Vec::new();
        }
        if matches!(event, Event::Popup(_)) && self.phase == Phase::AwaitingAck {
            return Vec::new();
        }
        let report = match &event {
            Event::Socket(Frame::Ack(_)) if self.phase == Phase::AwaitingAck => {
                Some(AuthEventKind::ServerConnected)
            }
            // The first result is news; the other channel's copy is not
            // (the popup's message may come before the socket's frame).
            Event::Socket(Frame::Success(_) | Frame::Error(_)) if !self.result_reported => {
                self.result_reported = true;
                Some(AuthEventKind::ResultReceived {
                    via: ResultSource::WebSocket,
                })
            }
            Event::Popup(_) if !self.result_reported => {
                self.result_reported = true;
                Some(AuthEventKind::ResultReceived {
                    via: ResultSource::Popup,
                })
            }
            Event::PopupClosed if !self.closed_reported => {
                self.closed_reported = true;
                Some(AuthEventKind::PopupClosed)
            }
            _ => None,
        };
        let mut actions = self.act(event);
        if let Some(kind) = report {
            actions.insert(0, Action::Report(kind));
        }
        actions
    }

    fn act(&mut self, event: Event) -> Vec<Action> {
        match event {
            Event::Socket(Frame::Ack(id)) => match self.phase {
                Phase::AwaitingAck => {
                    self.socket_alive = true;
                    self.phase = Phase::Navigated { with_socket: true };
                    let separator = if self.url.contains('?') { '&' } else { '?' };
                    let mut url = format!("{}{separator}ws_client_id=", self.url);
                    crate::query::push_component(&mut url, &id);
                    vec![Action::Navigate(url)]
                }
                _ => Vec::new(),
            },
            Event::Socket(Frame::Success(success)) => self.settle(Ok(success)),
            Event::Socket(Frame::Error(error)) => self.settle(Err(error)),
            Event::Socket(Frame::Other) => Vec::new(),
            Event::SocketLost => {
                self.socket_alive = false;
                match self.phase {
                    Phase::AwaitingAck if self.reconnects < MAX_RECONNECTS => {
                        let delay = FIRST_BACKOFF_MS << self.reconnects;
                        self.reconnects += 1;
                        vec![Action::Reconnect(delay)]
                    }
                    Phase::AwaitingAck => {
                        // No socket will say hello: the popup's message is the only result left.
                        self.phase = Phase::Navigated { with_socket: false };
                        vec![Action::Navigate(self.url.clone())]
                    }
                    _ if self.pending == Pending::Result => self.settle(Err(id_unavailable())),
                    _ => Vec::new(),
                }
            }
            Event::Popup(PopupMessage::Error(error)) => {
                let mut actions = vec![Action::AckPopup];
                actions.extend(self.settle(Err(error)));
                actions
            }
            Event::Popup(PopupMessage::Success) => {
                let mut actions = vec![Action::AckPopup];
                if self.socket_alive && self.phase == (Phase::Navigated { with_socket: true }) {
                    self.pending = Pending::Result;
                    actions.push(Action::StartTimer(RESULT_GRACE_MS));
                } else {
                    actions.extend(self.settle(Err(id_unavailable())));
                }
                actions
            }
            Event::PopupClosed => match self.phase {
                // Still about:blank of our own origin: `closed` is the truth.
                Phase::AwaitingAck => self.settle(Err(window_closed())),
                _ if self.pending != Pending::None => Vec::new(),
                _ if self.detect_closed || !self.socket_alive => {
                    self.pending = Pending::Close;
                    vec![Action::StartTimer(CLOSE_GRACE_MS)]
                }
                _ => Vec::new(),
            },
            Event::TimerFired => match self.pending {
                Pending::Result => self.settle(Err(id_unavailable())),
                Pending::Close => self.settle(Err(window_closed())),
                Pending::None => Vec::new(),
            },
        }
    }

    fn settle(&mut self, result: Result<AuthSuccess, AuthError>) -> Vec<Action> {
        self.phase = Phase::Done;
        vec![Action::Settle(result)]
    }
}

/// The popup reported success but the connection id never arrived.
pub fn id_unavailable() -> AuthError {
    AuthError::new(
        ErrorKind::ConnectionIdUnavailable,
        "The authorization succeeded, but the connection id was lost with the WebSocket: the connection exists on the Nango server (find it by its end user), its id did not reach the browser.",
    )
}

fn window_closed() -> AuthError {
    AuthError::new(
        ErrorKind::WindowClosed,
        "The authorization window was closed before the authorization flow was completed.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    // In the browser (wasm-pack test --lib) the same tests run on wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const URL: &str = "http://h/oauth/connect/github?connect_session_token=t";

    /// The actions, without the progress reports (tested on their own).
    fn on(flow: &mut OAuthFlow, event: Event) -> Vec<Action> {
        flow.on(event)
            .into_iter()
            .filter(|a| !matches!(a, Action::Report(_)))
            .collect()
    }

    fn reports(flow: &mut OAuthFlow, event: Event) -> Vec<AuthEventKind> {
        flow.on(event)
            .into_iter()
            .filter_map(|a| match a {
                Action::Report(kind) => Some(kind),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn reports_what_happens_once_each() {
        use AuthEventKind::*;
        let mut flow = OAuthFlow::new(URL.into(), false);
        assert_eq!(reports(&mut flow, ack()), vec![ServerConnected]);
        assert_eq!(
            reports(&mut flow, ack()),
            vec![],
            "a second hello is not news"
        );
        assert_eq!(reports(&mut flow, Event::PopupClosed), vec![PopupClosed]);
        assert_eq!(
            reports(&mut flow, Event::PopupClosed),
            vec![],
            "closed is reported once"
        );
        {
            // The popup's message first, then the socket's frame: one result.
            let mut flow = OAuthFlow::new(URL.into(), false);
            flow.on(ack());
            assert_eq!(
                reports(&mut flow, Event::Popup(PopupMessage::Success)),
                vec![ResultReceived {
                    via: ResultSource::Popup
                }]
            );
            let last = flow.on(Event::Socket(Frame::Success(success())));
            assert!(matches!(last[..], [Action::Settle(Ok(_))]), "{last:?}");
        }
        let first = flow.on(Event::Socket(Frame::Success(success())));
        assert_eq!(
            first[0],
            Action::Report(ResultReceived {
                via: ResultSource::WebSocket
            })
        );
        assert!(matches!(first[1], Action::Settle(Ok(_))));
        assert_eq!(
            reports(&mut flow, Event::Popup(PopupMessage::Success)),
            vec![],
            "settled: nothing more"
        );

        let mut flow = OAuthFlow::new(URL.into(), false);
        flow.on(ack());
        let denied = AuthError::new(ErrorKind::Server("callback_err".into()), "denied");
        assert_eq!(
            reports(&mut flow, Event::Popup(PopupMessage::Error(denied))),
            vec![ResultReceived {
                via: ResultSource::Popup
            }]
        );
    }

    fn success() -> AuthSuccess {
        AuthSuccess {
            provider_config_key: "github".into(),
            connection_id: "c1".into(),
            is_pending: Some(false),
        }
    }

    fn ack() -> Event {
        Event::Socket(Frame::Ack("w 1".into()))
    }

    fn settled(actions: &[Action]) -> Option<&Result<AuthSuccess, AuthError>> {
        actions.iter().find_map(|a| match a {
            Action::Settle(r) => Some(r),
            _ => None,
        })
    }

    fn error_type(actions: &[Action]) -> String {
        settled(actions)
            .unwrap()
            .as_ref()
            .unwrap_err()
            .error_type()
            .to_owned()
    }

    #[test]
    fn frames_parse_as_the_server_sends_them() {
        assert_eq!(
            Frame::parse(r#"{"message_type":"connection_ack","ws_client_id":"abc"}"#),
            Frame::Ack("abc".into())
        );
        assert_eq!(
            Frame::parse(
                r#"{"message_type":"success","provider_config_key":"github","connection_id":"c1","is_pending":false}"#
            ),
            Frame::Success(success())
        );
        let Frame::Error(e) = Frame::parse(
            r#"{"message_type":"error","error_type":"callback_err","error_desc":"Did not get authorization code"}"#,
        ) else {
            panic!()
        };
        assert_eq!(
            (e.error_type(), e.message()),
            ("callback_err", "Did not get authorization code")
        );
        let Frame::Error(e) = Frame::parse(r#"{"message_type":"error"}"#) else {
            panic!()
        };
        assert_eq!(e.error_type(), "unknown_error");
        assert!(!e.message().is_empty());
        assert_eq!(Frame::parse("not json"), Frame::Other);
        assert_eq!(Frame::parse(r#"{"message_type":"ping"}"#), Frame::Other);
    }

    fn popup_message(data: serde_json::Value) -> Option<PopupMessage> {
        PopupMessage::from_message(crate::test_support::try_from_json(data)?)
    }

    #[test]
    fn popup_messages() {
        use serde_json::json;
        let Some(PopupMessage::Error(e)) = popup_message(
            json!({"type":"nango_oauth_callback_error","payload":{"message":"Denied","errorType":"callback_err"}}),
        ) else {
            panic!()
        };
        assert_eq!((e.error_type(), e.message()), ("callback_err", "Denied"));
        let Some(PopupMessage::Error(e)) =
            popup_message(json!({"type":"nango_oauth_callback_error","payload":5}))
        else {
            panic!()
        };
        assert_eq!(e.error_type(), "unknown_error");
        assert_eq!(
            popup_message(json!({"type":"nango_oauth_callback_success"})),
            Some(PopupMessage::Success)
        );
        assert_eq!(popup_message(json!({"type":"webpackOk"})), None);
        assert_eq!(popup_message(json!({"type":7})), None);
        assert_eq!(popup_message(json!("x")), None);
    }

    #[test]
    fn the_normal_path_navigates_on_ack_and_resolves_on_success() {
        let mut flow = OAuthFlow::new(URL.into(), false);
        assert_eq!(
            on(&mut flow, ack()),
            vec![Action::Navigate(format!("{URL}&ws_client_id=w%201"))]
        );
        assert_eq!(
            on(&mut flow, Event::Socket(Frame::Success(success()))),
            vec![Action::Settle(Ok(success()))]
        );
        assert!(flow.is_done());
        // The popup's own message arriving later changes nothing.
        assert_eq!(on(&mut flow, Event::Popup(PopupMessage::Success)), vec![]);
    }

    #[test]
    fn errors_from_either_channel_settle_at_once() {
        let mut flow = OAuthFlow::new(URL.into(), false);
        on(&mut flow, ack());
        let denied = AuthError::new(ErrorKind::Server("callback_err".into()), "denied");
        let actions = on(&mut flow, Event::Popup(PopupMessage::Error(denied.clone())));
        assert_eq!(actions, vec![Action::AckPopup, Action::Settle(Err(denied))]);
    }

    #[test]
    fn a_closed_blank_popup_is_always_window_closed() {
        let mut flow = OAuthFlow::new(URL.into(), false);
        assert_eq!(
            error_type(&on(&mut flow, Event::PopupClosed)),
            "window_closed"
        );
    }

    #[test]
    fn a_lost_socket_before_hello_reconnects_then_falls_back_to_the_popup() {
        let mut flow = OAuthFlow::new(URL.into(), false);
        assert_eq!(
            on(&mut flow, Event::SocketLost),
            vec![Action::Reconnect(250)]
        );
        assert_eq!(
            on(&mut flow, Event::SocketLost),
            vec![Action::Reconnect(500)]
        );
        assert_eq!(
            on(&mut flow, Event::SocketLost),
            vec![Action::Reconnect(1000)]
        );
        assert_eq!(
            on(&mut flow, Event::SocketLost),
            vec![Action::Navigate(URL.into())]
        );
        // Success from the popup with no socket: settle, do not hang.
        let actions = on(&mut flow, Event::Popup(PopupMessage::Success));
        assert_eq!(actions[0], Action::AckPopup);
        assert_eq!(error_type(&actions), "connection_id_unavailable");
    }

    #[test]
    fn a_reconnected_socket_still_navigates() {
        let mut flow = OAuthFlow::new(URL.into(), false);
        on(&mut flow, Event::SocketLost);
        assert!(matches!(on(&mut flow, ack())[..], [Action::Navigate(_)]));
    }

    #[test]
    fn popup_success_waits_for_the_socket_frame() {
        let mut flow = OAuthFlow::new(URL.into(), false);
        on(&mut flow, ack());
        assert_eq!(
            on(&mut flow, Event::Popup(PopupMessage::Success)),
            vec![Action::AckPopup, Action::StartTimer(RESULT_GRACE_MS)]
        );
        assert_eq!(
            on(&mut flow, Event::Socket(Frame::Success(success()))),
            vec![Action::Settle(Ok(success()))]
        );

        let mut flow = OAuthFlow::new(URL.into(), false);
        on(&mut flow, ack());
        on(&mut flow, Event::Popup(PopupMessage::Success));
        assert_eq!(
            error_type(&on(&mut flow, Event::TimerFired)),
            "connection_id_unavailable"
        );

        let mut flow = OAuthFlow::new(URL.into(), false);
        on(&mut flow, ack());
        on(&mut flow, Event::Popup(PopupMessage::Success));
        assert_eq!(
            error_type(&on(&mut flow, Event::SocketLost)),
            "connection_id_unavailable"
        );
    }

    #[test]
    fn a_socket_dropped_after_navigation_leaves_the_popup_message() {
        let mut flow = OAuthFlow::new(URL.into(), false);
        on(&mut flow, ack());
        assert_eq!(on(&mut flow, Event::SocketLost), vec![]);
        let denied = AuthError::new(ErrorKind::Server("callback_err".into()), "denied");
        assert_eq!(
            on(&mut flow, Event::Popup(PopupMessage::Error(denied.clone()))),
            vec![Action::AckPopup, Action::Settle(Err(denied))]
        );
    }

    #[test]
    fn closing_detection_is_opt_in_and_waits_for_results_in_flight() {
        let mut flow = OAuthFlow::new(URL.into(), false);
        on(&mut flow, ack());
        assert_eq!(
            on(&mut flow, Event::PopupClosed),
            vec![],
            "without detectClosedAuthWindow, COOP may lie"
        );

        let mut flow = OAuthFlow::new(URL.into(), true);
        on(&mut flow, ack());
        assert_eq!(
            on(&mut flow, Event::PopupClosed),
            vec![Action::StartTimer(CLOSE_GRACE_MS)]
        );
        assert_eq!(
            on(&mut flow, Event::PopupClosed),
            vec![],
            "one grace at a time"
        );
        // The result arriving within the grace wins.
        assert_eq!(
            on(&mut flow, Event::Socket(Frame::Success(success()))),
            vec![Action::Settle(Ok(success()))]
        );

        let mut flow = OAuthFlow::new(URL.into(), true);
        on(&mut flow, ack());
        on(&mut flow, Event::PopupClosed);
        assert_eq!(
            error_type(&on(&mut flow, Event::TimerFired)),
            "window_closed"
        );
    }

    #[test]
    fn a_closed_popup_with_no_socket_cannot_deliver_anything_and_settles() {
        let mut flow = OAuthFlow::new(URL.into(), false);
        on(&mut flow, ack());
        on(&mut flow, Event::SocketLost);
        assert_eq!(
            on(&mut flow, Event::PopupClosed),
            vec![Action::StartTimer(CLOSE_GRACE_MS)]
        );
        assert_eq!(
            error_type(&on(&mut flow, Event::TimerFired)),
            "window_closed"
        );
    }

    #[test]
    fn a_callback_message_before_navigation_is_an_earlier_flows() {
        let mut flow = OAuthFlow::new(URL.into(), false);
        let denied = AuthError::new(ErrorKind::Server("callback_err".into()), "denied");
        assert_eq!(flow.on(Event::Popup(PopupMessage::Error(denied))), vec![]);
        assert_eq!(flow.on(Event::Popup(PopupMessage::Success)), vec![]);
        assert!(!flow.is_done());
        assert!(matches!(on(&mut flow, ack())[..], [Action::Navigate(_)]));
        let actions = on(&mut flow, Event::Popup(PopupMessage::Success));
        assert_eq!(
            actions,
            vec![Action::AckPopup, Action::StartTimer(RESULT_GRACE_MS)]
        );
    }

    #[test]
    fn a_second_ack_is_ignored() {
        let mut flow = OAuthFlow::new(URL.into(), false);
        on(&mut flow, ack());
        assert_eq!(
            on(&mut flow, Event::Socket(Frame::Ack("other".into()))),
            vec![]
        );
        assert!(flow.is_navigated());
    }
}
