//! Off the browser (the server of a server-side rendering framework, a
//! native test), every entry point of the crate returns a typed error or
//! does nothing, and none panics: no browser API is called there.
#![cfg(not(target_arch = "wasm32"))]

use std::task::{Context, Poll, Waker};
use std::time::Duration;

use nango_frontend::{
    AuthError, AuthFuture, AuthOptions, ConnectUi, ConnectUiOptions, Credentials, ErrorKind, Nango,
    NangoOptions,
};

const TOKEN: &str =
    "nango_connect_session_0000000000000000000000000000000000000000000000000000000000000000";

/// The outcome of a flow, which off the browser is ready at once.
fn outcome(mut flow: AuthFuture) -> Result<nango_frontend::AuthSuccess, AuthError> {
    match flow.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(outcome) => outcome,
        Poll::Pending => panic!("a flow off the browser must settle at once"),
    }
}

fn unsupported(result: Result<impl std::fmt::Debug, AuthError>) {
    let e = result.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::UnsupportedEnvironment, "{e:?}");
    assert!(e.message().contains("browser"), "{}", e.message());
}

#[test]
fn every_call_off_the_browser_is_unsupported_environment() {
    // Making a client only checks its options (no browser API), also in debug mode.
    let calls = std::rc::Rc::new(std::cell::Cell::new(0));
    let seen = std::rc::Rc::clone(&calls);
    let nango = Nango::new(
        NangoOptions::default()
            .connect_session_token(TOKEN)
            .host("http://127.0.0.1:3003")
            .debug(true),
    )
    .unwrap();
    assert!(nango.is_debug());
    let key = || {
        let seen = std::rc::Rc::clone(&seen);
        AuthOptions::default()
            .credentials(Credentials::api_key("k"))
            .on_event(move |_| seen.set(seen.get() + 1))
    };

    unsupported(outcome(nango.auth("zendesk", key())));
    unsupported(outcome(nango.auth("github", AuthOptions::default())));
    unsupported(outcome(nango.auth("zendesk", key().connection_id("c-1"))));
    unsupported(outcome(nango.auth(
        "github",
        AuthOptions::default().timeout(Duration::from_secs(1)),
    )));
    unsupported(outcome(nango.reconnect("github", AuthOptions::default())));
    unsupported(outcome(nango.create("public-api", AuthOptions::default())));
    unsupported(outcome(
        nango.create("public-api", AuthOptions::default().connection_id("c-1")),
    ));
    // Each call made with `key()` reported that it settled.
    assert_eq!(calls.get(), 2);
    nango.clear();
    unsupported(nango.open_connect_ui(ConnectUiOptions::default().on_event(|_| {})));

    let ui = ConnectUi::new(ConnectUiOptions::default().session_token(TOKEN)).unwrap();
    unsupported(ui.open());
    ui.set_session_token(TOKEN);
    assert!(!ui.is_open());
    assert!(ui.iframe().is_none());
    ui.close();

    // What only checks options still says what is wrong with them.
    let bad = Nango::new(NangoOptions::default().host("ftp://nango.example.com")).unwrap_err();
    assert_eq!(bad.kind(), &ErrorKind::InvalidHostUrl);
}
