//! What an auth call reports as it goes, so that a custom UI can show where
//! it stands ("Waiting for GitHub…", "Popup closed"): [`AuthEvent`]s, in
//! order, each with the time it happened. They carry no token, credential
//! or URL.

/// What happened.
///
/// ```
/// use nango_frontend::{AuthEventKind, ResultSource};
///
/// fn status_line(kind: &AuthEventKind) -> &'static str {
///     match kind {
///         AuthEventKind::PopupOpened => "Opening the authorization window…",
///         AuthEventKind::ServerConnected => "Waiting for the provider…",
///         AuthEventKind::PopupClosed => "Popup closed.",
///         AuthEventKind::ResultReceived { via: ResultSource::WebSocket } => "Finishing…",
///         _ => "",
///     }
/// }
/// assert_eq!(status_line(&AuthEventKind::PopupClosed), "Popup closed.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthEventKind {
    /// The OAuth popup opened (inside the click).
    PopupOpened,
    /// The browser refused to open the popup; the call settles with
    /// `blocked_by_browser`.
    PopupBlocked,
    /// The Nango server's WebSocket is ready: the popup goes to the
    /// provider's page, where the user logs in.
    ServerConnected,
    /// The user closed the popup (reported when it is noticed, with or
    /// without `detectClosedAuthWindow`; only then does it end the call).
    PopupClosed,
    /// The result arrived, from the server's WebSocket or from the popup's
    /// last page.
    ResultReceived {
        /// Where it came from.
        via: ResultSource,
    },
    /// The call settled: with a connection (`error_type` is `None`) or with
    /// an error of that type.
    Settled {
        /// The error's type, if it failed.
        error_type: Option<String>,
    },
}

/// Where a result came from.
///
/// ```
/// # use nango_frontend::{AuthEventKind, ResultSource};
/// let kind = AuthEventKind::ResultReceived { via: ResultSource::Popup };
/// assert_eq!(kind.as_str(), "result_received");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultSource {
    /// The Nango server's WebSocket.
    WebSocket,
    /// The popup's last page (its message to the app's window).
    Popup,
}

impl AuthEventKind {
    /// The event's name in JavaScript (`event.type`): `popup_opened`,
    /// `popup_blocked`, `server_connected`, `popup_closed`,
    /// `result_received`, `settled`.
    ///
    /// ```
    /// use nango_frontend::AuthEventKind;
    ///
    /// assert_eq!(AuthEventKind::PopupOpened.as_str(), "popup_opened");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            AuthEventKind::PopupOpened => "popup_opened",
            AuthEventKind::PopupBlocked => "popup_blocked",
            AuthEventKind::ServerConnected => "server_connected",
            AuthEventKind::PopupClosed => "popup_closed",
            AuthEventKind::ResultReceived { .. } => "result_received",
            AuthEventKind::Settled { .. } => "settled",
        }
    }
}

impl ResultSource {
    /// `websocket` or `popup`.
    ///
    /// ```
    /// # use nango_frontend::ResultSource;
    /// assert_eq!(ResultSource::WebSocket.as_str(), "websocket");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ResultSource::WebSocket => "websocket",
            ResultSource::Popup => "popup",
        }
    }
}

/// One report of an auth call.
///
/// ```
/// # use nango_frontend::{AuthEventKind, AuthOptions};
/// let options = AuthOptions::default().on_event(|event| {
///     let seconds = event.at / 1000.0;
///     if let AuthEventKind::Settled { error_type } = &event.kind { /* ... */ }
/// });
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AuthEvent {
    /// What happened.
    pub kind: AuthEventKind,
    /// When, in milliseconds since the Unix epoch (`Date.now()`).
    pub at: f64,
}

/// The callback an auth call reports its [`AuthEvent`]s to.
///
/// ```
/// use nango_frontend::{AuthEventKind, AuthOptions};
///
/// let options = AuthOptions::default().on_event(|event| {
///     if let AuthEventKind::PopupClosed = event.kind {
///         // show "Popup closed" in the app
///     }
/// });
/// assert!(options.on_event.is_some());
/// ```
pub type OnAuthEvent = crate::callback::Callback<AuthEvent>;
