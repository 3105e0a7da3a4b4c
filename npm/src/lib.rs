//! The npm package's WebAssembly module: the `nango-frontend` crate with
//! its JavaScript exports (its feature `js`: `Nango` and `ConnectUI`
//! exported with `#[wasm_bindgen]`), built by `scripts/build-pkg.sh`.
//!
//! It is a crate of its own so that the library's features stay additive:
//! a Rust app that depends on `nango-frontend` keeps its own allocator, and
//! gets the JavaScript exports only if it asks for `js`.

// The exports live in the library: linking it is what this crate is for.
pub use nango_frontend::{ConnectUi, Nango};

/// A small free-list allocator for the whole module instead of the default
/// one (a few KB less of the `.wasm`). The module runs on one thread.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: the package's module runs on one thread (no shared memory).
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
