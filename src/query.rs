//! Query strings of the auth URLs, every name and value percent-encoded.
//!
//! Encoding is the `percent-encoding` crate's (from the `url` family), with
//! the set of characters JavaScript's `encodeURIComponent` encodes, so that
//! `+ & = # ? / %` and spaces reach the server as the app wrote them (a space
//! is `%20`, never `+`).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What `encodeURIComponent` encodes: everything but ASCII letters, digits
/// and `- _ . ! ~ * ' ( )`.
pub const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Appends the percent-encoding of `s` to `out`, as `encodeURIComponent` does.
pub fn push_component(out: &mut String, s: &str) {
    out.extend(utf8_percent_encode(s, COMPONENT));
}

/// A query string under construction: `?a=1&b=2`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Query {
    text: String,
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `name=value`.
    pub fn push(&mut self, name: &str, value: &str) {
        self.start_pair();
        push_component(&mut self.text, name);
        self.text.push('=');
        push_component(&mut self.text, value);
    }

    /// Appends `prefix[key]=value`, the bracket form the Nango server reads
    /// into a nested object (`params[subdomain]=acme`), brackets encoded too.
    pub fn push_nested(&mut self, prefix: &str, key: &str, value: &str) {
        self.start_pair();
        push_component(&mut self.text, prefix);
        self.text.push_str("%5B");
        push_component(&mut self.text, key);
        self.text.push_str("%5D=");
        push_component(&mut self.text, value);
    }

    fn start_pair(&mut self) {
        self.text.push(if self.text.is_empty() { '?' } else { '&' });
    }

    /// The query with its leading `?`, or an empty string when it has no pair.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // In the browser (wasm-pack test --lib) the same tests run on wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn component(s: &str) -> String {
        let mut out = String::new();
        push_component(&mut out, s);
        out
    }

    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(component("abcXYZ019-_.!~*'()"), "abcXYZ019-_.!~*'()");
        assert_eq!(
            component("a b+c&d=e#f?g/h%i"),
            "a%20b%2Bc%26d%3De%23f%3Fg%2Fh%25i"
        );
        assert_eq!(
            component("[]{}|\\^`\"<>,;:@$"),
            "%5B%5D%7B%7D%7C%5C%5E%60%22%3C%3E%2C%3B%3A%40%24"
        );
        assert_eq!(component("é😀\u{0}\n"), "%C3%A9%F0%9F%98%80%00%0A");
        assert_eq!(component(""), "");
    }

    #[test]
    fn decoding_gives_back_every_character() {
        let all: String = (0u32..0x300).filter_map(char::from_u32).collect();
        let encoded = component(&all);
        let decoded: String = url::form_urlencoded::parse(format!("x={encoded}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap();
        assert_eq!(decoded, all);
    }

    #[test]
    fn builds_queries_in_order_with_brackets_encoded() {
        let mut q = Query::new();
        assert_eq!(q.as_str(), "");
        q.push("connect_session_token", "t&x");
        q.push_nested("params", "sub domain", "a=b");
        assert_eq!(
            q.as_str(),
            "?connect_session_token=t%26x&params%5Bsub%20domain%5D=a%3Db"
        );
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&q.as_str().as_bytes()[1..])
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("connect_session_token".to_string(), "t&x".to_string()),
                ("params[sub domain]".to_string(), "a=b".to_string()),
            ]
        );
    }
}
