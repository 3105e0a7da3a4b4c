//! Small string helpers written to keep the `.wasm` small: the standard
//! library's versions of these bring in generic machinery (`join`'s size
//! computations, the `str` pattern searcher) several times over.

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
    use super::join;

    #[test]
    fn joins_like_std() {
        assert_eq!(join::<&str>(&[], ", "), "");
        assert_eq!(join(&["a"], ", "), "a");
        assert_eq!(join(&["a", "", "b"], "/"), "a//b");
        assert_eq!(join(&["x".to_owned(), "y".to_owned()], "; "), "x; y");
    }
}
