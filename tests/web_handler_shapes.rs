//! `auth()` called where Rust web apps call it: inside a
//! wasm-bindgen-futures task (`spawn_local(async move { ... auth().await })`,
//! the handler shape Leptos and Yew teach), after other tasks were
//! woken in the same tick, after an `.await` of a fetch, and from the SDK's
//! own progress callback. Each call must connect, and every other future
//! on the page must keep running afterwards (in Firefox, a `window.open()`
//! made inside a poll of the task queue stopped them all:
//! tests/upstream_reentry.rs).
//!
//! The test bodies are themselves wasm-bindgen-futures tasks: a call made
//! in them is a call made inside a poll. The popup blocker is off here
//! (wasm-bindgen-test cannot click); the npm suites click the Leptos and
//! Yew apps with it on.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use common::{client, session_token, SERVER};
use gloo_timers::future::TimeoutFuture;
use nango_frontend::{AuthEventKind, AuthOptions, Credentials, Nango, NangoOptions};
use wasm_bindgen_futures::spawn_local;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Tasks that count how often they were polled to the end: proof that the
/// page's queue still runs.
fn side_tasks(n: usize) -> Rc<Cell<usize>> {
    let done: Rc<Cell<usize>> = Rc::default();
    for _ in 0..n {
        let done = Rc::clone(&done);
        spawn_local(async move {
            // Woken by a promise job: scheduled in the same tick as the call.
            wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(
                &wasm_bindgen::JsValue::from(1),
            ))
            .await
            .unwrap();
            done.set(done.get() + 1);
        });
    }
    done
}

/// The page still runs: a new task is polled, and a call without popup
/// (one POST) completes.
async fn page_still_runs(nango: &Nango) {
    let ran = side_tasks(1);
    TimeoutFuture::new(20).await;
    assert_eq!(ran.get(), 1, "a task spawned now is polled");
    let connection = nango
        .auth(
            "pagerduty",
            AuthOptions::default().credentials(Credentials::api_key("still-running")),
        )
        .await
        .unwrap();
    assert_eq!(connection.provider_config_key, "pagerduty");
}

#[wasm_bindgen_test]
async fn auth_inside_a_task_connects_and_the_page_keeps_running() {
    let nango = client().await;
    let status = Rc::new(RefCell::new("idle"));
    // As a Leptos handler does: a signal set (a task woken), then the call.
    *status.borrow_mut() = "working";
    let others = side_tasks(1);
    let connection = nango
        .auth("github-auto-approve", AuthOptions::default())
        .await
        .unwrap();
    assert_eq!(connection.provider_config_key, "github-auto-approve");
    assert_eq!(others.get(), 1);
    page_still_runs(&nango).await;
}

#[wasm_bindgen_test]
async fn auth_after_many_tasks_woken_in_the_same_tick() {
    let nango = client().await;
    let others = side_tasks(5);
    let first = nango.auth("github-auto-approve", AuthOptions::default());
    let more = side_tasks(5);
    assert_eq!(
        first.await.unwrap().provider_config_key,
        "github-auto-approve"
    );
    assert_eq!((others.get(), more.get()), (5, 5));
    page_still_runs(&nango).await;
}

#[wasm_bindgen_test]
async fn auth_after_an_await_of_a_fetch() {
    // The app's backend makes a fresh session first (a fetch), then the call.
    let token = session_token().await;
    let nango = Nango::new(
        NangoOptions::default()
            .connect_session_token(token)
            .host(SERVER),
    )
    .unwrap();
    let others = side_tasks(2);
    let connection = nango
        .auth("github-auto-approve", AuthOptions::default())
        .await
        .unwrap();
    assert_eq!(connection.provider_config_key, "github-auto-approve");
    assert_eq!(others.get(), 2);
    page_still_runs(&nango).await;
}

#[wasm_bindgen_test]
async fn create_inside_a_task() {
    let nango = client().await;
    let others = side_tasks(2);
    let connection = nango
        .create("public-api", AuthOptions::default())
        .await
        .unwrap();
    assert_eq!(connection.provider_config_key, "public-api");
    assert_eq!(others.get(), 2);
    page_still_runs(&nango).await;
}

#[wasm_bindgen_test]
async fn auth_started_from_the_progress_callback_of_another_call() {
    // Repeated: the Firefox freeze showed in 2 of 4 runs from JavaScript.
    for _ in 0..4 {
        let nango = client().await;
        let other = client().await;
        let second: Rc<RefCell<Option<nango_frontend::AuthFuture>>> = Rc::default();
        let slot = Rc::clone(&second);
        let started = Rc::new(Cell::new(false));
        let once = Rc::clone(&started);
        let options = AuthOptions::default().on_event(move |event| {
            if event.kind == AuthEventKind::ServerConnected && !once.replace(true) {
                // Another client's call, from inside the SDK's own callback.
                *slot.borrow_mut() =
                    Some(other.auth("github-auto-approve", AuthOptions::default()));
            }
        });
        let first = nango.auth("github-auto-deny", options).await;
        assert_eq!(first.unwrap_err().error_type(), "callback_err");
        assert!(started.get(), "the callback ran before the call ended");
        let flow = second.borrow_mut().take().unwrap();
        assert_eq!(
            flow.await.unwrap().provider_config_key,
            "github-auto-approve"
        );
        page_still_runs(&nango).await;
    }
}
