//! The Nango host: validated once, then the base of every URL the SDK builds.
//!
//! A strict reader of `http(s)://host[:port][/path]` URLs instead of a full
//! URL library (whose international-domain tables would triple the size of
//! the `.wasm`). What it accepts it normalizes the way browsers do (lower-case
//! scheme and host, default port dropped, `.`/`..` segments resolved) so that
//! the origin it computes equals the `event.origin` the browser reports for
//! pages of that host. What it does not accept is an `invalid_host_url` error:
//! user info, query or fragment in the host, non-ASCII or unusual characters.
//! The native tests compare it with the WHATWG parser of the `url` crate.

use crate::prelude::*;
use crate::text::{self, cat, decimal};

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
    /// Validates `host` and resolves `websockets_path` against it, as the
    /// official SDK does with `new URL(websocketsPath, host)`, the scheme
    /// then switched to `ws`/`wss`.
    pub fn new(host: &str, websockets_path: &str) -> Result<HostUrls, AuthError> {
        let host = text::trim_controls(host);
        let trimmed = text::trim_end(host, b'/');
        let url = HttpUrl::parse(trimmed, false).map_err(|reason| invalid_host(host, reason))?;
        let base = url.base_string();
        let origin = url.origin();

        let ws_path = text::trim_controls(websockets_path);
        let ws_path = if ws_path.is_empty() {
            DEFAULT_WEBSOCKETS_PATH
        } else {
            ws_path
        };
        let ws = url.join(ws_path).map_err(|reason| {
            AuthError::new(
                ErrorKind::InvalidHostUrl,
                cat!("Invalid websocketsPath ", crate::json::quote(ws_path), ": ", reason, "."),
            )
        })?;
        let scheme = if ws.secure { "wss" } else { "ws" };
        let websocket = cat!(scheme, "://", ws.authority(), ws.path_and_query());
        Ok(HostUrls {
            base,
            origin,
            websocket,
        })
    }
}

fn invalid_host(host: &str, reason: &str) -> AuthError {
    AuthError::new(
        ErrorKind::InvalidHostUrl,
        cat!("Invalid URL provided for the Nango host (", crate::json::quote(host), "): ", reason, "."),
    )
}

/// An absolute http(s) / ws(s) URL in the normalized form browsers give it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HttpUrl {
    /// https / wss
    secure: bool,
    /// Lower-case host name, IPv4 address or bracketed IPv6 address.
    host: String,
    /// Explicit non-default port.
    port: Option<u16>,
    /// Path, starting with `/` (only `/` for an empty path).
    path: String,
    /// Query with its `?`, or empty.
    query: String,
}

impl HttpUrl {
    /// Parses an absolute URL. A WebSocket URL may also be `ws(s)://` and
    /// carry a `?query`; the host may not.
    fn parse(s: &str, websocket: bool) -> Result<HttpUrl, &'static str> {
        let (scheme, rest) =
            split_scheme(s).ok_or("expected an absolute http:// or https:// URL")?;
        let secure = match scheme.to_ascii_lowercase().as_str() {
            "https" => true,
            "http" => false,
            "wss" if websocket => true,
            "ws" if websocket => false,
            _ => return Err("the scheme must be http or https"),
        };
        let authority_end = rest
            .bytes()
            .position(|b| matches!(b, b'/' | b'?' | b'#' | b'\\'))
            .unwrap_or(rest.len());
        let (authority, tail) = rest.split_at_checked(authority_end).unwrap_or((rest, ""));
        let (host, port) = parse_authority(authority, secure)?;
        let (path, query) = split_query(tail, websocket)?;
        Ok(HttpUrl {
            secure,
            host,
            port,
            path: normalize_path(path)?,
            query,
        })
    }

    fn authority(&self) -> String {
        match self.port {
            Some(port) => cat!(self.host, ":", decimal(port.into())),
            None => self.host.clone(),
        }
    }

    fn origin(&self) -> String {
        let scheme = if self.secure { "https" } else { "http" };
        cat!(scheme, "://", self.authority())
    }

    fn path_and_query(&self) -> String {
        cat!(self.path, self.query)
    }

    /// The base for API URLs: origin and path, never a trailing slash.
    fn base_string(&self) -> String {
        cat!(self.origin(), text::trim_end(&self.path, b'/'))
    }

    /// Resolves a reference against this URL (RFC 3986 section 5.2).
    fn join(&self, reference: &str) -> Result<HttpUrl, &'static str> {
        if split_scheme(reference).is_some() {
            return HttpUrl::parse(reference, true);
        }
        if let Some(rest) = reference.strip_prefix("//") {
            let scheme = if self.secure { "https" } else { "http" };
            return HttpUrl::parse(&cat!(scheme, "://", rest), true);
        }
        let (path, query) = split_query(reference, true)?;
        let merged = if path.is_empty() {
            self.path.clone()
        } else if path.starts_with('/') {
            path.to_owned()
        } else {
            let dir_end = self.path.bytes().rposition(|b| b == b'/').map_or(0, |i| i + 1);
            cat!(self.path.get(..dir_end).unwrap_or(""), path)
        };
        let query = if path.is_empty() && query.is_empty() {
            self.query.clone()
        } else {
            query
        };
        Ok(HttpUrl {
            path: normalize_path(&merged)?,
            query,
            ..self.clone()
        })
    }
}

/// `scheme://rest` split at the first `://`. (Byte search: the `str`
/// pattern searcher and checked string slicing would each bring panic
/// formatting code into the module.)
fn split_scheme(s: &str) -> Option<(&str, &str)> {
    let at = s.as_bytes().windows(3).position(|w| w == b"://")?;
    let (scheme, rest) = s.split_at_checked(at)?;
    Some((scheme, rest.get(3..)?))
}

fn parse_authority(authority: &str, secure: bool) -> Result<(String, Option<u16>), &'static str> {
    if text::find(authority, b'@').is_some() {
        return Err("user name or password in the host URL are not supported");
    }
    let (host, port_text) = if authority.starts_with('[') {
        let close = text::find(authority, b']').ok_or("unclosed IPv6 address")?;
        let (host, after) = authority
            .split_at_checked(close + 1)
            .unwrap_or((authority, ""));
        let inner = host.get(1..close).unwrap_or("");
        if inner.is_empty()
            || !inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err("invalid IPv6 address");
        }
        match after {
            "" => (host, None),
            _ => (
                host,
                Some(
                    after
                        .strip_prefix(':')
                        .ok_or("unexpected characters after the IPv6 address")?,
                ),
            ),
        }
    } else {
        match text::split_once(authority, b':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("the host name is empty");
    }
    if !host.starts_with('[') {
        check_host_name(host)?;
    }
    let port = match port_text {
        None | Some("") => None,
        Some(p) => {
            if p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err("invalid port");
            }
            let n = text::digits(p).ok_or("invalid port")?;
            let n = u16::try_from(n).map_err(|_| "invalid port")?;
            let default = if secure { 443 } else { 80 };
            (n != default).then_some(n)
        }
    };
    Ok((host.to_ascii_lowercase(), port))
}

/// Host names: ASCII letters, digits, `-`, `_` and dots. A name that ends in a
/// numeric label must be a plain dotted-quad IPv4 address (browsers rewrite
/// other numeric forms such as `127.1`, which would break origin checks).
fn check_host_name(host: &str) -> Result<(), &'static str> {
    if !host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err("the host name has characters a host name cannot have");
    }
    let labels = text::split(text::trim_end(host, b'.'), b'.');
    if labels.iter().any(|l| l.is_empty()) {
        return Err("the host name has an empty label");
    }
    let last = labels.last().copied().unwrap_or_default();
    let numeric =
        last.bytes().all(|b| b.is_ascii_digit()) || last.to_ascii_lowercase().starts_with("0x");
    if numeric {
        let is_quad = labels.len() == 4
            && labels.iter().all(|l| {
                l.len() <= 3
                    && l.bytes().all(|b| b.is_ascii_digit())
                    && (l.len() == 1 || !l.starts_with('0'))
                    && text::digits(l).is_some_and(|n| n <= 255)
            });
        if !is_quad || host.ends_with('.') {
            return Err("an IP address must be written as four decimal numbers (a.b.c.d)");
        }
    }
    Ok(())
}

/// Splits `path?query`; refuses a fragment, and a query unless allowed.
fn split_query(tail: &str, allow_query: bool) -> Result<(&str, String), &'static str> {
    if text::find(tail, b'#').is_some() {
        return Err("a fragment (#) is not allowed");
    }
    match text::split_once(tail, b'?') {
        Some(_) if !allow_query => Err("a query string (?) is not allowed"),
        Some((path, query)) => {
            check_chars(query, true)?;
            Ok((path, cat!("?", query)))
        }
        None => Ok((tail, String::new())),
    }
}

/// Characters allowed unescaped in a path (RFC 3986 `pchar` and `/`), or in a
/// query (which also allows `?`); `%` only as the start of an escape.
fn check_chars(s: &str, query: bool) -> Result<(), &'static str> {
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ok = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'/'
            )
            || (query && b == b'?')
            || (b == b'%'
                && bytes
                    .get(i + 1..i + 3)
                    .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)));
        if !ok {
            return Err("the path has characters that must be percent-encoded");
        }
    }
    Ok(())
}

/// Checks the characters of a path and resolves its `.` and `..` segments.
fn normalize_path(path: &str) -> Result<String, &'static str> {
    check_chars(path, false)?;
    let mut out: Vec<&str> = Vec::new();
    let segments = text::split(path.strip_prefix('/').unwrap_or(path), b'/');
    let count = segments.len();
    for (i, segment) in segments.into_iter().enumerate() {
        let last = i + 1 == count;
        match segment {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    Ok(cat!("/", crate::text::join(&out, "/")))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn refuses_what_is_not_a_plain_http_url() {
        for bad in [
            "",
            "api.nango.dev",
            "ftp://x.io",
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "https://user:pw@x.io",
            "https://x.io?a=b",
            "https://x.io/#f",
            "https://x .io",
            "https://x.io:99999",
            "https://x.io:8a",
            "https://x.io/a b",
            "https://x.io\\evil",
            "https://héllo.io",
            "https://127.1",
            "https://0x7f.0.0.1",
            "https://1.2.3.256",
            "https://[::1",
            "https://[zz::1]",
            "https://a..b",
        ] {
            let err = HostUrls::new(bad, "/").unwrap_err();
            assert_eq!(err.kind(), &ErrorKind::InvalidHostUrl, "{bad:?}");
            assert!(!err.message().is_empty());
        }
        assert!(HostUrls::new("https://x.io", "/a b").is_err());
        assert!(HostUrls::new("https://x.io", "ftp://y").is_err());
        assert!(HostUrls::new("wss://x.io", "/").is_err());
    }

    /// What it accepts, it reads as the WHATWG URL parser does.
    #[test]
    fn agrees_with_the_whatwg_parser() {
        let hosts = [
            "https://api.nango.dev",
            "http://127.0.0.1:3003",
            "HTTPS://API.Example.COM:8443/nango/",
            "http://localhost:80/a/./b/../c",
            "https://x.io/%7Euser/",
            "http://[::1]:3003",
            "https://my_host-1.example.com/p;x=1/q",
            "https://x.io:/",
        ];
        let ws_paths = [
            "/",
            "ws",
            "./w/",
            "../../up",
            "/abs/path?x=1&y=%20",
            "?q",
            "wss://o.io/s",
            "//o.io:1/s",
        ];
        for host in hosts {
            for ws in ws_paths {
                let ours = urls(host, ws);
                let trimmed = host.trim_end_matches('/');
                let base = url::Url::parse(trimmed).unwrap();
                let whatwg_ws = base
                    .join(ws)
                    .unwrap()
                    .to_string()
                    .replacen("https://", "wss://", 1)
                    .replacen("http://", "ws://", 1);
                assert_eq!(ours.websocket, whatwg_ws, "host {host:?} path {ws:?}");
                assert_eq!(
                    ours.origin,
                    base.origin().ascii_serialization(),
                    "host {host:?}"
                );
                let whatwg_base = base.to_string();
                assert_eq!(
                    ours.base,
                    whatwg_base.trim_end_matches('/'),
                    "host {host:?}"
                );
            }
        }
    }
}
