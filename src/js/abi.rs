//! The module's exports, as `pkg-template/index.js` calls them: numbers in
//! and out, text through two buffers of the module's memory. The entry
//! writes a call's text into the input buffer (`nango_input(len)` gives its
//! address), calls the export, and reads `len` bytes of UTF-8 at
//! `nango_output()`, the length the export returned. Clients and flows are
//! kept here and named by small ids; a released or unknown id answers an
//! error, never touches memory.
//!
//! No binding generator is involved: the entry's dozen lines of calls
//! replace the glue, which would weigh more than they do. The only unsafe
//! code is the `Sync` promise of the module's statics (one thread).

use crate::prelude::*;

use core::cell::Cell;

use super::{answer, connect_ui, decode, redact, Client, Flow};
use crate::error::{AuthError, ErrorKind};

/// The module's state: the two text buffers and the id slots. Per thread
/// in the Rust crate's native tests (which run in parallel); plain statics in
/// the npm package's module, which is `no_std` and has one thread. Each is a
/// `Cell` whose value a call takes and puts back (the module never calls
/// itself back), so there is no borrow flag and no borrow panic.
macro_rules! globals {
    ($($name:ident: $ty:ty = $init:expr;)*) => {
        #[cfg(not(all(feature = "npm-package", target_arch = "wasm32")))]
        std::thread_local! { $(static $name: Cell<$ty> = const { Cell::new($init) };)* }
        $(
            #[cfg(all(feature = "npm-package", target_arch = "wasm32"))]
            static $name: Global<$ty> = Global(Cell::new($init));
        )*
    };
}

globals! {
    INPUT: Vec<u8> = Vec::new();
    OUTPUT: String = String::new();
    CLIENTS: Vec<Option<Client>> = Vec::new();
    FLOWS: Vec<Option<Flow>> = Vec::new();
}

/// A static the module's one thread uses; `with` as on a `thread_local!`.
#[cfg(all(feature = "npm-package", target_arch = "wasm32"))]
struct Global<T>(Cell<T>);

// SAFETY: the npm package's module is built for wasm32 without the `atomics`
// feature: it has no shared memory and no threads, so a `Global` is only ever
// used from the one thread the module runs on.
#[cfg(all(feature = "npm-package", target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl<T> Sync for Global<T> {}

#[cfg(all(feature = "npm-package", target_arch = "wasm32"))]
impl<T> Global<T> {
    fn with<R>(&'static self, f: impl FnOnce(&Cell<T>) -> R) -> R {
        f(&self.0)
    }
}

/// Runs `f` on the value in `cell`, then puts the value back.
fn using<T: Default, R>(cell: &Cell<T>, f: impl FnOnce(&mut T) -> R) -> R {
    let mut value = cell.take();
    let result = f(&mut value);
    cell.set(value);
    result
}

/// The call's text, as the entry wrote it (UTF-8 from `TextEncoder`, so
/// always valid; anything else reads as empty).
fn input() -> String {
    INPUT.with(|i| String::from_utf8(i.take()).unwrap_or_default())
}

/// Stores a result for the entry to read; returns its length in bytes.
fn output(text: String) -> u32 {
    let len = text.len() as u32;
    OUTPUT.with(|o| o.set(text));
    len
}

/// Keeps `item` in the first free slot; its index is its id.
fn keep<T>(slots: &Cell<Vec<Option<T>>>, item: T) -> u32 {
    using(slots, |slots| {
        if let Some((id, slot)) = slots
            .iter_mut()
            .enumerate()
            .find(|(_, slot)| slot.is_none())
        {
            *slot = Some(item);
            return id as u32;
        }
        slots.push(Some(item));
        (slots.len() - 1) as u32
    })
}

/// Runs `f` on the item of `id`, or answers that it was released.
fn with_item<T>(slots: &Cell<Vec<Option<T>>>, id: u32, f: impl FnOnce(&mut T) -> String) -> u32 {
    output(using(slots, |slots| {
        slots
            .get_mut(id as usize)
            .and_then(Option::as_mut)
            .map_or_else(released, f)
    }))
}

fn release<T>(slots: &Cell<Vec<Option<T>>>, id: u32) {
    using(slots, |slots| {
        if let Some(slot) = slots.get_mut(id as usize) {
            *slot = None;
        }
    });
}

fn released() -> String {
    answer(Err(AuthError::new(
        ErrorKind::UnknownError,
        "This Nango client or flow was already released.",
    )))
}

fn with_client(id: u32, f: impl FnOnce(&Client) -> String) -> u32 {
    CLIENTS.with(|c| with_item(c, id, |client| f(client)))
}

/// Makes room for `len` bytes of input; returns where to write them.
#[no_mangle]
pub extern "C" fn nango_input(len: usize) -> *mut u8 {
    INPUT.with(|i| {
        using(i, |bytes| {
            bytes.clear();
            bytes.resize(len, 0);
            bytes.as_mut_ptr()
        })
    })
}

/// Where the last result is.
#[no_mangle]
pub extern "C" fn nango_output() -> *const u8 {
    OUTPUT.with(|o| using(o, |text| text.as_ptr()))
}

/// A client of the configuration in the input (JSON); returns its id.
#[no_mangle]
pub extern "C" fn nango_client_new() -> u32 {
    let client = Client::new(&input());
    CLIENTS.with(|c| keep(c, client))
}

#[no_mangle]
pub extern "C" fn nango_client_free(id: u32) {
    CLIENTS.with(|c| release(c, id));
}

/// [`Client::error`]
#[no_mangle]
pub extern "C" fn nango_client_error(id: u32) -> u32 {
    with_client(id, Client::error)
}

/// [`Client::base`]
#[no_mangle]
pub extern "C" fn nango_client_base(id: u32) -> u32 {
    with_client(id, Client::base)
}

/// [`Client::plan`] of the call in the input; `method` 0 `auth`, 1
/// `reconnect`, 2 `create`.
#[no_mangle]
pub extern "C" fn nango_client_plan(id: u32, method: u32) -> u32 {
    let method = match method {
        1 => "reconnect",
        2 => "create",
        _ => "auth",
    };
    let args = input();
    with_client(id, |c| c.plan(method, &args))
}

/// [`Client::features`]
#[no_mangle]
pub extern "C" fn nango_client_features(id: u32, screen_width: f64, screen_height: f64) -> u32 {
    with_client(id, |c| c.features(screen_width, screen_height))
}

/// [`Client::connect_ui`] of the props in the input.
#[no_mangle]
pub extern "C" fn nango_client_connect_ui(id: u32) -> u32 {
    let props = input();
    with_client(id, |c| c.connect_ui(&props))
}

/// [`connect_ui`] of the props in the input.
#[no_mangle]
pub extern "C" fn nango_connect_ui() -> u32 {
    output(connect_ui(&input()))
}

/// [`decode`] of the answer body in the input.
#[no_mangle]
pub extern "C" fn nango_decode(status: u32) -> u32 {
    output(decode(u16::try_from(status).unwrap_or(0), &input()))
}

/// [`redact`] of the URL in the input.
#[no_mangle]
pub extern "C" fn nango_redact() -> u32 {
    output(redact(&input()))
}

/// A popup flow to the URL in the input; returns its id.
#[no_mangle]
pub extern "C" fn nango_flow_new(detect_closed: u32) -> u32 {
    let flow = Flow::new(input(), detect_closed != 0);
    FLOWS.with(|f| keep(f, flow))
}

#[no_mangle]
pub extern "C" fn nango_flow_free(id: u32) {
    FLOWS.with(|f| release(f, id));
}

/// [`Flow::on`] with the data in the input.
#[no_mangle]
pub extern "C" fn nango_flow_on(id: u32, kind: u32) -> u32 {
    let data = input();
    let kind = u8::try_from(kind).unwrap_or(u8::MAX);
    FLOWS.with(|f| with_item(f, id, |flow| flow.on(kind, &data)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send(text: &str) {
        let ptr = nango_input(text.len());
        INPUT.with(|i| {
            using(i, |bytes| {
                assert_eq!(bytes.as_ptr(), ptr as *const u8);
                bytes.copy_from_slice(text.as_bytes());
            })
        });
    }

    fn result(len: u32) -> String {
        OUTPUT.with(|o| {
            using(o, |text| {
                assert_eq!(text.len(), len as usize);
                text.clone()
            })
        })
    }

    #[test]
    fn clients_and_flows_live_in_slots_and_answer_through_the_buffers() {
        send(r#"{"host":"http://127.0.0.1:3003"}"#);
        let a = nango_client_new();
        send("{}");
        let b = nango_client_new();
        assert_ne!(a, b);
        assert_eq!(result(nango_client_base(a)), "http://127.0.0.1:3003");
        assert_eq!(result(nango_client_error(b)), "");
        send(r#"["github"]"#);
        assert!(result(nango_client_plan(b, 0)).starts_with(r#"!["missing_auth_token","#));
        nango_client_free(a);
        assert!(result(nango_client_base(a)).starts_with(r#"!["unknown_error","#));
        send("{}");
        assert_eq!(nango_client_new(), a, "a released slot is reused");

        send("http://127.0.0.1:3003/oauth/connect/github");
        let flow = nango_flow_new(0);
        assert!(result(nango_flow_on(flow, 3)).contains("window_closed"));
        nango_flow_free(flow);
        assert!(result(nango_flow_on(flow, 3)).starts_with(r#"!["unknown_error","#));
        send("not json");
        assert!(result(nango_decode(502)).starts_with(r#"!["#));
    }
}
