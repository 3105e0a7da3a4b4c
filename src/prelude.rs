//! What the pure modules use from `alloc`: the std prelude's owned types,
//! named here so the modules build the same with std (the Rust crate) and
//! without it (the npm package's `no_std` module).

pub(crate) use alloc::borrow::ToOwned;
pub(crate) use alloc::string::String;
pub(crate) use alloc::vec;
pub(crate) use alloc::vec::Vec;
