//! Small string helpers written to keep the `.wasm` small: the standard
//! library's versions of these bring in generic machinery (`join`'s size
//! computations, the `str` pattern searcher) several times over, and
//! `format!` brings in all of `core::fmt`. Nothing in the npm package's
//! module formats (only the standard out-of-memory report does, which stable
//! Rust cannot replace): its text is put together with [`cat!`] and
//! [`decimal`].

use crate::prelude::*;

/// Text pieces (anything that is `AsRef<str>`) put together in a new
/// `String`: `format!` for the pure modules, without `core::fmt`.
macro_rules! cat {
    ($($part:expr),+ $(,)?) => {
        $crate::text::join(&[$(::core::convert::AsRef::<str>::as_ref(&$part)),+], "")
    };
}
pub(crate) use cat;

/// `n` in decimal digits.
pub(crate) fn decimal(n: u64) -> String {
    let mut digits = Vec::new();
    let mut rest = n;
    loop {
        digits.push(b'0' + (rest % 10) as u8);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

/// Where the first byte `sep` (ASCII) is in `s`.
pub(crate) fn find(s: &str, sep: u8) -> Option<usize> {
    s.bytes().position(|b| b == sep)
}

/// `s` around its first byte `sep` (ASCII): `str::split_once` without the
/// `char` searcher, whose slicing brings panic formatting into the module.
pub(crate) fn split_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    let at = find(s, sep)?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// `s` split at every byte `sep` (ASCII), like `str::split`.
pub(crate) fn split(s: &str, sep: u8) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = s;
    while let Some((part, tail)) = split_once(rest, sep) {
        parts.push(part);
        rest = tail;
    }
    parts.push(rest);
    parts
}

/// `s` without the bytes `sep` (ASCII) at its end.
pub(crate) fn trim_end(s: &str, sep: u8) -> &str {
    let end = s.bytes().rposition(|b| b != sep).map_or(0, |i| i + 1);
    s.get(..end).unwrap_or(s)
}

/// `s` without the ASCII control characters and spaces around it (what
/// the URL parser strips), byte by byte: `str::trim` would bring the
/// Unicode whitespace tables into the module.
pub(crate) fn trim_controls(s: &str) -> &str {
    let start = s.bytes().position(|b| b > b' ').unwrap_or(s.len());
    let end = s.bytes().rposition(|b| b > b' ').map_or(start, |i| i + 1);
    s.get(start..end).unwrap_or("")
}

/// Whether `s` is empty or only ASCII spaces and control characters.
pub(crate) fn is_blank(s: &str) -> bool {
    trim_controls(s).is_empty()
}

/// A whole number written in ASCII digits only (no sign), if it fits a
/// `u32`: `str::parse` without its generic radix and sign handling.
pub(crate) fn digits(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u32, |n, b| {
        let digit = b.is_ascii_digit().then(|| u32::from(b - b'0'))?;
        n.checked_mul(10)?.checked_add(digit)
    })
}

/// `items` joined with `sep`.
pub(crate) fn join<S: AsRef<str>>(items: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cat_and_decimal_print_like_format() {
        let owned = String::from("b");
        assert_eq!(cat!("a", owned, &owned, decimal(0)), "abb0");
        for n in [0, 7, 10, 99, 100, 4096, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }

    #[test]
    fn byte_helpers_work_like_the_str_methods() {
        for s in ["", "a", "a/b", "/a//b/", "//", "é/ü/", "no separator"] {
            assert_eq!(split(s, b'/'), s.split('/').collect::<Vec<_>>(), "{s}");
            assert_eq!(split_once(s, b'/'), s.split_once('/'), "{s}");
            assert_eq!(find(s, b'/'), s.find('/'), "{s}");
            assert_eq!(trim_end(s, b'/'), s.trim_end_matches('/'), "{s}");
        }
    }

    #[test]
    fn trims_ascii_controls_and_spaces() {
        assert_eq!(trim_controls("\t\n http://x \r\0"), "http://x");
        assert_eq!(trim_controls(" é "), "é");
        assert_eq!(trim_controls(" \x01 "), "");
        assert!(is_blank("") && is_blank(" \n\t") && !is_blank(" a "));
    }

    #[test]
    fn reads_whole_numbers_in_digits_only() {
        for s in ["0", "7", "0042", "65535", "4294967295"] {
            assert_eq!(digits(s), s.parse().ok(), "{s}");
        }
        for s in ["", "+1", "-1", "1.5", " 1", "4294967296", "１"] {
            assert_eq!(digits(s), None, "{s}");
        }
    }

    #[test]
    fn joins_like_std() {
        assert_eq!(join::<&str>(&[], ", "), "");
        assert_eq!(join(&["a"], ", "), "a");
        assert_eq!(join(&["a", "", "b"], "/"), "a//b");
        assert_eq!(join(&["x".to_owned(), "y".to_owned()], "; "), "x; y");
    }
}
