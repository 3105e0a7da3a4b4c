//! The OAuth popup flow of the Rust API in headless Chromium and Firefox
//! (popup blocker off: wasm-bindgen-test cannot click; the npm package's
//! suites click, with the blocker on) against the dev server, whose
//! `github-auto-*` integrations make the fake provider decide at once.
//!
//! The app's own windows are opened where an app opens them: in an event
//! handler's task ([`in_handler`]), never inside the poll of a future.
//! `auth()` is called from the test's task itself (tests/web_handler_shapes.rs
//! has the other shapes).
#![cfg(target_arch = "wasm32")]

mod common;

use std::time::Duration;

use common::{client, in_handler};
use gloo_timers::future::TimeoutFuture;
use nango_frontend::{AuthFuture, AuthOptions, ErrorKind, Nango};
use wasm_bindgen_test::*;
use web_sys::Window;

wasm_bindgen_test_configure!(run_in_browser);

/// A window the app opens itself, from an event handler.
async fn own_popup() -> Window {
    in_handler(|| {
        web_sys::window()
            .unwrap()
            .open_with_url_and_target_and_features("", "_blank", "width=400,height=400")
            .unwrap()
            .unwrap()
    })
    .await
}

/// `nango.auth(...)`, with the app's own window if one is given.
async fn start(
    nango: &Nango,
    id: &'static str,
    options: AuthOptions,
    popup: Option<Window>,
) -> AuthFuture {
    let options = match popup {
        Some(popup) => options.popup(popup),
        None => options,
    };
    nango.auth(id, options)
}

async fn eventually_closed(popup: &Window) -> bool {
    for _ in 0..40 {
        if popup.closed().unwrap() {
            return true;
        }
        TimeoutFuture::new(50).await;
    }
    false
}

#[wasm_bindgen_test]
async fn approve_resolves_with_the_connection_and_closes_the_popup() {
    let nango = client().await;
    let popup = own_popup().await;
    let result = start(
        &nango,
        "github-auto-approve",
        AuthOptions::default(),
        Some(popup.clone()),
    )
    .await
    .await
    .unwrap();
    assert_eq!(result.provider_config_key, "github-auto-approve");
    assert_eq!(result.is_pending, Some(false));
    assert!(eventually_closed(&popup).await);
}

#[wasm_bindgen_test]
async fn deny_rejects_with_the_providers_error() {
    let nango = client().await;
    let e = start(&nango, "github-auto-deny", AuthOptions::default(), None)
        .await
        .await
        .unwrap_err();
    assert_eq!(e.error_type(), "callback_err");
    assert!(e.message().contains("access_denied"), "{}", e.message());
}

#[wasm_bindgen_test]
async fn timeout_rejects_and_closes_the_popup() {
    let nango = client().await;
    let popup = own_popup().await;
    // Nobody approves on the regular fake provider page.
    let e = start(
        &nango,
        "github",
        AuthOptions::default().timeout(Duration::from_millis(1500)),
        Some(popup.clone()),
    )
    .await
    .await
    .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Timeout);
    assert!(eventually_closed(&popup).await);
}

#[wasm_bindgen_test]
async fn clear_and_a_newer_call_cancel_the_flow_in_progress() {
    let nango = client().await;
    let first_popup = own_popup().await;
    let first = start(
        &nango,
        "github",
        AuthOptions::default(),
        Some(first_popup.clone()),
    )
    .await;
    let second = start(&nango, "github-auto-approve", AuthOptions::default(), None).await;
    let e = first.await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Cancelled);
    assert!(eventually_closed(&first_popup).await);
    assert_eq!(
        second.await.unwrap().provider_config_key,
        "github-auto-approve"
    );

    let popup = own_popup().await;
    let pending = start(
        &nango,
        "github",
        AuthOptions::default(),
        Some(popup.clone()),
    )
    .await;
    nango.clear();
    assert_eq!(pending.await.unwrap_err().kind(), &ErrorKind::Cancelled);
    assert!(eventually_closed(&popup).await);
}

#[wasm_bindgen_test]
async fn dropping_the_future_closes_the_popup() {
    let nango = client().await;
    let popup = own_popup().await;
    let mut flow = start(
        &nango,
        "github",
        AuthOptions::default(),
        Some(popup.clone()),
    )
    .await;
    // Let the flow start (socket, navigation), then drop it.
    let _ = flow
        .as_mut()
        .poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
    TimeoutFuture::new(300).await;
    drop(flow);
    assert!(eventually_closed(&popup).await);
}

#[wasm_bindgen_test]
async fn progress_events_are_reported_in_order_with_their_times() {
    use nango_frontend::{AuthEventKind, ResultSource};
    use std::cell::RefCell;
    use std::rc::Rc;

    let nango = client().await;
    let seen: Rc<RefCell<Vec<(AuthEventKind, f64)>>> = Rc::default();
    let record = Rc::clone(&seen);
    let options = AuthOptions::default()
        .on_event(move |event| record.borrow_mut().push((event.kind.clone(), event.at)));
    let popup = own_popup().await;
    let result = start(&nango, "github-auto-approve", options, Some(popup))
        .await
        .await
        .unwrap();
    assert_eq!(result.provider_config_key, "github-auto-approve");
    let seen = seen.borrow();
    // The callback page closes itself; on a loaded machine its closing can be
    // seen before the result (then the socket's frame is the one that counts),
    // and either channel's copy of the result can come first.
    let kinds: Vec<&AuthEventKind> = seen
        .iter()
        .map(|(kind, _)| kind)
        .filter(|kind| **kind != AuthEventKind::PopupClosed)
        .collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    assert_eq!(kinds[0], &AuthEventKind::PopupOpened);
    assert_eq!(kinds[1], &AuthEventKind::ServerConnected);
    assert!(
        matches!(
            kinds[2],
            AuthEventKind::ResultReceived {
                via: ResultSource::WebSocket | ResultSource::Popup
            }
        ),
        "{kinds:?}"
    );
    assert_eq!(kinds[3], &AuthEventKind::Settled { error_type: None });
    // Closed at most once, after it opened and connected, before settled.
    let closed: Vec<usize> = seen
        .iter()
        .enumerate()
        .filter(|(_, (kind, _))| *kind == AuthEventKind::PopupClosed)
        .map(|(i, _)| i)
        .collect();
    let settled_at = seen
        .iter()
        .position(|(kind, _)| matches!(kind, AuthEventKind::Settled { .. }))
        .unwrap();
    assert!(closed.len() <= 1, "closed at most once: {seen:?}");
    assert!(
        closed.iter().all(|&i| i >= 2 && i < settled_at),
        "closed after it opened and connected, before settled: {seen:?}"
    );
    assert!(
        seen.windows(2).all(|w| w[0].1 <= w[1].1),
        "in order of time"
    );
    assert!((js_sys::Date::now() - seen[0].1).abs() < 60_000.0);
}

#[wasm_bindgen_test]
async fn a_popup_closed_by_the_user_is_reported_once_then_settles_window_closed() {
    use nango_frontend::AuthEventKind;
    use std::cell::RefCell;
    use std::rc::Rc;

    let nango = client().await;
    let popup = own_popup().await;
    let seen: Rc<RefCell<Vec<AuthEventKind>>> = Rc::default();
    let record = Rc::clone(&seen);
    let user = popup.clone();
    // The user closes the window once the server has it (the regular fake
    // provider page waits for a decision that never comes).
    let options = AuthOptions::default()
        .detect_closed_auth_window(true)
        .on_event(move |event| {
            if event.kind == AuthEventKind::ServerConnected {
                let _ = user.close();
            }
            record.borrow_mut().push(event.kind.clone());
        });
    let e = start(&nango, "github", options, Some(popup))
        .await
        .await
        .unwrap_err();
    assert_eq!(e.error_type(), "window_closed");
    // Exactly once, between the server's hello and the end.
    assert_eq!(
        *seen.borrow(),
        vec![
            AuthEventKind::PopupOpened,
            AuthEventKind::ServerConnected,
            AuthEventKind::PopupClosed,
            AuthEventKind::Settled {
                error_type: Some("window_closed".into())
            },
        ]
    );
}
