//! An app on wasm-bindgen 0.2.118 that enables the crate's feature `js`
//! (its JavaScript exports): it must resolve and build for wasm32.

pub use nango_frontend::Nango;
