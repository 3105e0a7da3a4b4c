//! Query strings as the Nango server reads them: `name=value` pairs, and
//! `group[key]=value` pairs gathered into groups (`params`, `credentials`,
//! `authorization_params`), brackets raw or percent-encoded.

/// A parsed query string.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Query {
    /// Plain `name=value` pairs.
    pub flat: Vec<(String, String)>,
    /// `group[key]=value` pairs, in order.
    pub nested: Vec<(String, String, String)>,
}

impl Query {
    /// Parses the raw query (without `?`); `+` is a space, as for Express.
    pub fn parse(raw: Option<&str>) -> Query {
        let mut q = Query::default();
        for (name, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            match name.split_once('[') {
                Some((group, rest)) if rest.ends_with(']') && !group.is_empty() => {
                    q.nested.push((
                        group.to_owned(),
                        rest[..rest.len() - 1].to_owned(),
                        value.into_owned(),
                    ));
                }
                _ => q.flat.push((name.into_owned(), value.into_owned())),
            }
        }
        q
    }

    /// The last value of a plain parameter.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.flat
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The pairs of a group, in order.
    pub fn group<'a>(&'a self, group: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.nested
            .iter()
            .filter(move |(g, _, _)| g == group)
            .map(|(_, k, v)| (k.as_str(), v.as_str()))
    }

    /// A group as a JSON object (last value wins).
    pub fn group_object(&self, group: &str) -> serde_json::Map<String, serde_json::Value> {
        self.group(group)
            .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.to_owned())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_raw_and_encoded_brackets() {
        let q = Query::parse(Some("connect_session_token=t&params%5Bsubdomain%5D=acme%20co&params[region]=eu&user_scope=a%2Cb&x=1+2"));
        assert_eq!(q.get("connect_session_token"), Some("t"));
        assert_eq!(q.get("user_scope"), Some("a,b"));
        assert_eq!(q.get("x"), Some("1 2"));
        assert_eq!(
            q.group("params").collect::<Vec<_>>(),
            vec![("subdomain", "acme co"), ("region", "eu")]
        );
    }
}
