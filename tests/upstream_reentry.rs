//! A minimal reproduction of an upstream fault, kept out of `make test`'s
//! Firefox run because it stops the page's futures for good there.
//!
//! wasm-bindgen-futures (its queue lives in js-sys 0.3.107,
//! `futures/queue.rs`) runs every task from one `FnMut` closure, scheduled
//! with `queueMicrotask`. Firefox runs pending promise jobs inside
//! `window.open()` (Mozilla bug 1855409): a window opened while a task is
//! polled, after another task was woken in the same run, invokes that
//! closure while it is still running. wasm-bindgen refuses ("closure invoked
//! recursively or after being dropped"), the queue stays marked as
//! scheduled, and no future on the page is polled again. Chromium and WebKit
//! do not run promise jobs there, and the test passes in Chromium
//! (`scripts/test-browser.sh` runs it there).
//!
//! To see the fault: `wasm-pack test --headless --firefox -- --test
//! upstream_reentry -- --include-ignored` never finishes. The SDK keeps
//! window calls and app callbacks out of polls (`src/browser/timer.rs`'s
//! `soon` and `later`, `src/browser/popup.rs`, `src/browser/progress.rs`):
//! apps may call `auth()` inside `spawn_local`
//! (tests/web_handler_shapes.rs). An upstream fix would let the queue
//! survive the re-entry (for example, by checking again that it is
//! scheduled after a refused call).
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
#[ignore = "upstream (wasm-bindgen-futures + Firefox): stops every future on the page in Firefox"]
async fn a_window_opened_inside_a_poll_leaves_the_task_queue_running() {
    let ran = Rc::new(Cell::new(false));
    let flag = Rc::clone(&ran);
    // Another task, woken (scheduled) in this run of the queue...
    wasm_bindgen_futures::spawn_local(async move { flag.set(true) });
    // ... then a window opened inside this poll (the popup blocker is off
    // under wasm-bindgen-test).
    let window = web_sys::window().unwrap();
    let popup = window
        .open_with_url_and_target_and_features("", "_blank", "width=200,height=200")
        .unwrap()
        .expect("wasm-bindgen-test runs with the popup blocker off");
    popup.close().unwrap();
    // Both tasks must still be polled: the timer wakes this one.
    TimeoutFuture::new(50).await;
    assert!(ran.get());
}
