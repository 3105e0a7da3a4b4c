//! A minimal reproduction of an upstream fault, which the SDK works around
//! (`src/browser/read.rs`): reading a JavaScript value with
//! serde-wasm-bindgen lets an exception thrown by the value (a getter, a
//! Proxy trap) unwind through the WebAssembly frames. Their epilogues do not
//! run, so the shadow stack pointer is never restored: each such read leaks
//! the frames' stack, and once the stack is used up every call into the
//! module traps ("memory access out of bounds").
//!
//! serde-wasm-bindgen 0.6.5 reads objects through imports that do not catch
//! (`obj[key]`, `Object.entries`, `.length`, iterators). Upstream, those
//! imports would be marked `catch` and their exceptions turned into serde
//! errors. The test fails until then, and is ignored: run it with
//! `wasm-pack test --headless --chrome -- --test upstream_serde_reads --
//! --include-ignored`.
#![cfg(target_arch = "wasm32")]

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Options {
    credentials: Option<String>,
}

#[wasm_bindgen_test]
#[ignore = "upstream (serde-wasm-bindgen): a value that throws while read leaks the module's stack"]
fn values_that_throw_while_read_leave_the_module_working() {
    // A Rust function JavaScript calls with a value that throws when read.
    let read = Closure::<dyn FnMut(JsValue)>::new(|value: JsValue| {
        let _ = serde_wasm_bindgen::from_value::<Options>(value);
    });
    let hostile = Function::new_with_args(
        "read, calls",
        "const value = { get credentials() { throw new Error('hostile'); } };
         let thrown = 0;
         for (let i = 0; i < calls; i++) { try { read(value); } catch { thrown++; } }
         return thrown;",
    );
    let thrown = hostile
        .call2(&JsValue::NULL, read.as_ref(), &JsValue::from(100_000))
        .expect("the reads ran");
    assert_eq!(thrown.as_f64(), Some(100_000.0));
    // The module must still run: this read allocates and uses the stack.
    let ok = serde_wasm_bindgen::from_value::<Options>(
        js_sys::JSON::parse(r#"{"credentials":"k"}"#).unwrap(),
    );
    assert!(ok.is_ok());
}
