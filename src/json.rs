//! A small JSON value with a reader and a writer.
//!
//! The SDK reads a handful of server answers and writes a handful of request
//! bodies. A full JSON library would cost more in the `.wasm` than everything
//! else together, so this module keeps only what is needed: numbers stay as
//! their source text (no float parsing or printing), objects keep their key
//! order (request bodies come out in the order the app gave the fields).

use crate::prelude::*;

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonValue {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, kept as its JSON text (for example `"42"` or `"1.5e3"`).
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<JsonValue>),
    /// An object, in source order.
    Object(Vec<(String, JsonValue)>),
}

impl JsonValue {
    /// The member `key` of an object (the last one when a key repeats).
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        match self {
            JsonValue::Object(members) => {
                members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
            }
            _ => None,
        }
    }

    /// The string inside, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            JsonValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean inside, if this is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            JsonValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, JsonValue)]> {
        match self {
            JsonValue::Object(members) => Some(members),
            _ => None,
        }
    }

    /// A string member of an object.
    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(JsonValue::as_str)
    }

    /// Serializes to compact JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_to(&mut out);
        out
    }

    fn write_to(&self, out: &mut String) {
        match self {
            JsonValue::Null => out.push_str("null"),
            JsonValue::Bool(true) => out.push_str("true"),
            JsonValue::Bool(false) => out.push_str("false"),
            JsonValue::Number(text) => out.push_str(text),
            JsonValue::String(s) => write_string(s, out),
            JsonValue::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_to(out);
                }
                out.push(']');
            }
            JsonValue::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(key, out);
                    out.push(':');
                    value.write_to(out);
                }
                out.push('}');
            }
        }
    }
}

impl From<&str> for JsonValue {
    fn from(s: &str) -> Self {
        JsonValue::String(s.to_owned())
    }
}

impl From<String> for JsonValue {
    fn from(s: String) -> Self {
        JsonValue::String(s)
    }
}

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str("\\u");
                let code = c as u32;
                for shift in [12, 8, 4, 0] {
                    out.push(HEX_LOWER[((code >> shift) & 0xF) as usize] as char);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `s` as a JSON string literal (quoted, escaped): for showing a value in a
/// message without the cost of `{:?}` formatting.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_string(s, &mut out);
    out
}

/// Parses JSON text. `None` when the text is not one valid JSON value.
pub fn parse(text: &str) -> Option<JsonValue> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    parser.skip_ws();
    let value = parser.value()?;
    parser.skip_ws();
    (parser.pos == parser.bytes.len()).then_some(value)
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: u32 = 128;

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// The bytes not read yet.
    fn rest(&self) -> &[u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    /// The bytes read since `start`.
    fn since(&self, start: usize) -> &[u8] {
        self.bytes.get(start..self.pos).unwrap_or_default()
    }

    fn eat(&mut self, literal: &[u8]) -> Option<()> {
        if self.rest().starts_with(literal) {
            self.pos += literal.len();
            Some(())
        } else {
            None
        }
    }

    fn value(&mut self) -> Option<JsonValue> {
        match self.peek()? {
            b'n' => self.eat(b"null").map(|_| JsonValue::Null),
            b't' => self.eat(b"true").map(|_| JsonValue::Bool(true)),
            b'f' => self.eat(b"false").map(|_| JsonValue::Bool(false)),
            b'"' => self.string().map(JsonValue::String),
            b'[' => self.nested(Self::array),
            b'{' => self.nested(Self::object),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn nested(&mut self, inner: fn(&mut Self) -> Option<JsonValue>) -> Option<JsonValue> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let value = inner(self);
        self.depth -= 1;
        value
    }

    fn array(&mut self) -> Option<JsonValue> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(JsonValue::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value()?);
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(JsonValue::Array(items));
                }
                _ => return None,
            }
        }
    }

    fn object(&mut self) -> Option<JsonValue> {
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(JsonValue::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.skip_ws();
            self.eat(b":")?;
            self.skip_ws();
            let value = self.value()?;
            members.push((key, value));
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(JsonValue::Object(members));
                }
                _ => return None,
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Option<JsonValue> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        // The slice is ASCII digits and signs, so it is valid UTF-8.
        let text = core::str::from_utf8(self.since(start)).ok()?;
        Some(JsonValue::Number(text.to_owned()))
    }

    fn hex4(&mut self) -> Option<u32> {
        let chunk = self.bytes.get(self.pos..self.pos + 4)?;
        let mut n = 0u32;
        for &b in chunk {
            n = n * 16 + (b as char).to_digit(16)?;
        }
        self.pos += 4;
        Some(n)
    }

    fn string(&mut self) -> Option<String> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            // Copy the longest run without quotes, escapes or control bytes.
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(core::str::from_utf8(self.since(start)).ok()?);
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.pos += 1;
                    let escaped = self.peek()?;
                    self.pos += 1;
                    let c = match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    out.push(c);
                }
                _ => return None, // raw control character
            }
        }
    }

    /// After `\u`: one code point, joining a surrogate pair; a lone surrogate
    /// becomes U+FFFD as in `JSON.parse` followed by a UTF-8 encoding.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.rest().starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return char::from_u32(code);
            }
            self.pos = save;
        }
        Some(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(members: &[(&str, JsonValue)]) -> JsonValue {
        JsonValue::Object(
            members
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn parses_a_server_error_body() {
        let v = parse(r#"{"error":{"code":"invalid_body","errors":[{"path":["apiKey"],"message":"Required"}]}}"#).unwrap();
        let error = v.get("error").unwrap();
        assert_eq!(error.str_field("code"), Some("invalid_body"));
        assert_eq!(error.get("message"), None);
    }

    #[test]
    fn keeps_numbers_as_text_and_nested_values() {
        let v = parse(" [1, -0.5e+3, true, false, null, {\"a\": []}] ").unwrap();
        assert_eq!(
            v,
            JsonValue::Array(vec![
                JsonValue::Number("1".into()),
                JsonValue::Number("-0.5e+3".into()),
                JsonValue::Bool(true),
                JsonValue::Bool(false),
                JsonValue::Null,
                obj(&[("a", JsonValue::Array(vec![]))]),
            ])
        );
    }

    #[test]
    fn decodes_escapes_and_surrogate_pairs() {
        let v = parse(r#""a\"b\\c\/\n\u00e9\ud83d\ude00\ud800x""#).unwrap();
        assert_eq!(v.as_str(), Some("a\"b\\c/\né😀\u{FFFD}x"));
    }

    #[test]
    fn refuses_what_json_parse_refuses() {
        for bad in [
            "",
            "<html>502 Bad Gateway</html>",
            "{",
            "{\"a\":1,}",
            "[1,]",
            "01",
            "1.",
            "-",
            "\"\u{1}\"",
            "{\"a\" 1}",
            "nul",
            "\"\\x\"",
            "{} {}",
            "'a'",
            "1e",
            "[",
        ] {
            assert_eq!(parse(bad), None, "{bad:?} should not parse");
        }
    }

    #[test]
    fn refuses_nesting_too_deep_for_the_stack() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(parse(&deep), None);
        let ok = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(&ok).is_some());
    }

    #[test]
    fn writes_compact_json_that_round_trips() {
        let v = obj(&[
            ("apiKey", "k\"e\\y\n\u{1}\u{2028}".into()),
            ("n", JsonValue::Number("12".into())),
            (
                "nested",
                obj(&[
                    ("id", "x".into()),
                    ("ok", JsonValue::Bool(true)),
                    ("z", JsonValue::Null),
                ]),
            ),
            ("list", JsonValue::Array(vec!["a".into()])),
        ]);
        let text = v.to_json();
        assert_eq!(
            text,
            r#"{"apiKey":"k\"e\\y\n\u0001\u2028","n":12,"nested":{"id":"x","ok":true,"z":null},"list":["a"]}"#
        );
        assert_eq!(parse(&text), Some(v));
        // serde_json agrees on what the text means.
        let theirs: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(theirs["apiKey"], "k\"e\\y\n\u{1}\u{2028}");
    }

    #[test]
    fn last_duplicate_key_wins_like_json_parse() {
        let v = parse(r#"{"a":"1","a":"2"}"#).unwrap();
        assert_eq!(v.str_field("a"), Some("2"));
    }
}
