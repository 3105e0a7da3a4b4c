//! The Nango host: validated once, then the base of every URL the SDK builds.
//!
//! URLs are read by a WHATWG URL parser, the one that gives the browser's
//! `event.origin`, so the origin computed here is the one messages from the
//! host's pages carry: natively (tests, tools) the `url` crate's, in the
//! browser the browser's own `URL` (through web-sys), which costs the
//! WebAssembly module nothing (the `url` crate would add to it the figure
//! BENCHMARKS.md gives).

use crate::error::{AuthError, ErrorKind};

/// The API base URL used when none is given: Nango Cloud.
pub const DEFAULT_HOST: &str = "https://api.nango.dev";

/// The WebSocket path used when none is given, relative to the host.
pub const DEFAULT_WEBSOCKETS_PATH: &str = "/";

/// URLs derived from the configured host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostUrls {
    /// Base of every API URL, without trailing slash (`https://api.nango.dev`).
    pub base: String,
    /// Origin of the host (`https://api.nango.dev`), as `event.origin` spells it.
    pub origin: String,
    /// WebSocket URL (`wss://api.nango.dev/`).
    pub websocket: String,
}

impl HostUrls {
    /// Validates `host` (an absolute http(s) URL, with no user name,
    /// password, query or fragment) and resolves `websockets_path` against
    /// it, as the official SDK does with `new URL(websocketsPath, host)`, the
    /// scheme then switched to `ws`/`wss`.
    pub fn new(host: &str, websockets_path: &str) -> Result<HostUrls, AuthError> {
        let host = host.trim();
        let url = whatwg::parse(host.trim_end_matches('/'), None)
            .ok_or_else(|| invalid_host(host, "expected an absolute http:// or https:// URL"))?;
        let problem = if !matches!(url.scheme.as_str(), "http" | "https") {
            Some("the scheme must be http or https")
        } else if url.has_credentials {
            Some("user name or password in the host URL are not supported")
        } else if url.has_query_or_fragment {
            Some("a query string or a fragment is not allowed")
        } else if url.origin.contains('%') {
            // A host with a space or another forbidden character: the
            // standard parser refuses it, Chromium's percent-encodes it.
            Some("the host name has a character a host name cannot have")
        } else {
            None
        };
        if let Some(reason) = problem {
            return Err(invalid_host(host, reason));
        }
        let base = format!("{}{}", url.origin, url.path.trim_end_matches('/'));

        let ws_path = match websockets_path.trim() {
            "" => DEFAULT_WEBSOCKETS_PATH,
            path => path,
        };
        let websocket = whatwg::parse(ws_path, Some(&base))
            .and_then(|ws| {
                // What follows `scheme://` (the parser wrote both).
                let rest = ws.href.get(ws.scheme.len() + 3..)?;
                match ws.scheme.as_str() {
                    "https" | "wss" => Some(format!("wss://{rest}")),
                    "http" | "ws" => Some(format!("ws://{rest}")),
                    _ => None,
                }
            })
            .ok_or_else(|| {
                AuthError::new(
                    ErrorKind::InvalidHostUrl,
                    format!("Invalid websocketsPath \"{ws_path}\": expected a path, or an absolute ws(s):// or http(s):// URL."),
                )
            })?;
        Ok(HostUrls {
            base,
            origin: url.origin,
            websocket,
        })
    }
}

fn invalid_host(host: &str, reason: &str) -> AuthError {
    AuthError::new(
        ErrorKind::InvalidHostUrl,
        format!("Invalid URL provided for the Nango host (\"{host}\"): {reason}."),
    )
}

/// The parts of a parsed URL this module reads.
pub(crate) struct ParsedUrl {
    /// Lower-case scheme, without its colon.
    pub scheme: String,
    pub has_credentials: bool,
    pub has_query_or_fragment: bool,
    /// `scheme://host[:port]`, as `event.origin` spells it.
    pub origin: String,
    /// The path, starting with `/` for http(s) URLs.
    pub path: String,
    /// The whole URL, normalized.
    pub href: String,
}

/// The browser's own parser.
#[cfg(target_arch = "wasm32")]
pub(crate) mod whatwg {
    use super::ParsedUrl;

    /// `new URL(input, base)`; `None` when it throws.
    pub fn parse(input: &str, base: Option<&str>) -> Option<ParsedUrl> {
        let url = match base {
            Some(base) => web_sys::Url::new_with_base(input, base),
            None => web_sys::Url::new(input),
        }
        .ok()?;
        let protocol = url.protocol();
        Some(ParsedUrl {
            scheme: protocol.trim_end_matches(':').to_owned(),
            has_credentials: !url.username().is_empty() || !url.password().is_empty(),
            has_query_or_fragment: !url.search().is_empty() || !url.hash().is_empty(),
            origin: url.origin(),
            path: url.pathname(),
            href: url.href(),
        })
    }
}

/// The `url` crate's parser (natively: tests and tools).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod whatwg {
    use super::ParsedUrl;

    /// `Url::parse(input)` or `base.join(input)`; `None` on failure.
    pub fn parse(input: &str, base: Option<&str>) -> Option<ParsedUrl> {
        let url = match base {
            Some(base) => url::Url::parse(base).ok()?.join(input),
            None => url::Url::parse(input),
        }
        .ok()?;
        Some(ParsedUrl {
            scheme: url.scheme().to_owned(),
            has_credentials: !url.username().is_empty() || url.password().is_some(),
            has_query_or_fragment: url.query().is_some_and(|q| !q.is_empty())
                || url.fragment().is_some_and(|f| !f.is_empty()),
            origin: url.origin().ascii_serialization(),
            path: url.path().to_owned(),
            href: url.as_str().to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // In the browser (wasm-pack test --lib) the same tests run on wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn urls(host: &str, ws: &str) -> HostUrls {
        HostUrls::new(host, ws).unwrap()
    }

    #[test]
    fn defaults_to_nango_cloud() {
        let u = urls(DEFAULT_HOST, DEFAULT_WEBSOCKETS_PATH);
        assert_eq!(u.base, "https://api.nango.dev");
        assert_eq!(u.origin, "https://api.nango.dev");
        assert_eq!(u.websocket, "wss://api.nango.dev/");
    }

    #[test]
    fn strips_trailing_slashes_and_normalizes_like_browsers() {
        let u = urls("  HTTP://LocalHost:3003/// ", "/");
        assert_eq!(u.base, "http://localhost:3003");
        assert_eq!(u.origin, "http://localhost:3003");
        assert_eq!(u.websocket, "ws://localhost:3003/");
        assert_eq!(urls("https://x.io:443/api/", "").base, "https://x.io/api");
        assert_eq!(urls("http://x.io:80", "/").origin, "http://x.io");
        assert_eq!(urls("http://[::1]:8080/n", "/").origin, "http://[::1]:8080");
        // Browsers rewrite short IPv4 forms and IDNs; so does the origin here.
        assert_eq!(
            urls("http://127.1:3003", "/").origin,
            "http://127.0.0.1:3003"
        );
        assert_eq!(
            urls("https://héllo.io", "/").origin,
            "https://xn--hllo-bpa.io"
        );
        assert_eq!(
            urls("http://localhost:80/a/./b/../c", "/").base,
            "http://localhost/a/c"
        );
    }

    #[test]
    fn resolves_the_websockets_path_relative_to_the_host() {
        assert_eq!(urls("https://x.io/api/v1", "/").websocket, "wss://x.io/");
        assert_eq!(
            urls("https://x.io/api/v1", "ws").websocket,
            "wss://x.io/api/ws"
        );
        assert_eq!(
            urls("https://x.io/api/v1/", "./ws").websocket,
            "wss://x.io/api/ws"
        );
        assert_eq!(
            urls("https://x.io/api/v1", "../socket?a=b").websocket,
            "wss://x.io/socket?a=b"
        );
        assert_eq!(
            urls("https://x.io", "wss://other.io:9/w").websocket,
            "wss://other.io:9/w"
        );
        assert_eq!(
            urls("http://x.io", "//other.io/w").websocket,
            "ws://other.io/w"
        );
        assert_eq!(
            urls("http://127.0.0.1:3013", "/?drop_after_ack=1").websocket,
            "ws://127.0.0.1:3013/?drop_after_ack=1"
        );
    }

    #[test]
    fn refuses_what_is_not_a_plain_http_url() {
        for bad in [
            "",
            "api.nango.dev",
            "ftp://x.io",
            "javascript:alert(1)",
            "https://",
            "https://user:pw@x.io",
            "https://x.io?a=b",
            "https://x.io/#f",
            "https://x .io",
            "https://x.io:99999",
            "https://x.io:8a",
            "https://1.2.3.256",
            "https://[::1",
            "https://[zz::1]",
            "not a url",
        ] {
            let err = HostUrls::new(bad, "/").unwrap_err();
            assert_eq!(err.kind(), &ErrorKind::InvalidHostUrl, "{bad:?}");
            assert!(err.message().contains("Nango host"), "{bad:?}");
        }
        for bad_ws in ["ftp://y", "mailto:x@y.z"] {
            let err = HostUrls::new("https://x.io", bad_ws).unwrap_err();
            assert_eq!(err.kind(), &ErrorKind::InvalidHostUrl, "{bad_ws:?}");
        }
    }
}
