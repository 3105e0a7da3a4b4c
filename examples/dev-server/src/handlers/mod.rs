//! Request handlers, one module per area. Routes are declared in
//! [`crate::routes`].

pub mod app_backend;
pub mod common;
pub mod connections;
pub mod credentials;
pub mod oauth;
pub mod provider;
pub mod request_log;
pub mod sessions;
pub mod websocket;
