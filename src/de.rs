//! Serde helpers for the loosely typed values JavaScript apps pass (option
//! objects, event data), so that each shape is a plain `#[derive(Deserialize)]`
//! struct and each fault is reported as the fault of its member.
//!
//! They read from deserializers of values, where a member that fails to
//! deserialize leaves the rest of its object readable: serde-wasm-bindgen in
//! the browser, `serde_json::Value` natively (the tests).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// One member of an object, as given: with `#[serde(default)]` on the
/// struct, a missing member is `Absent` too.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Member<T> {
    /// Missing, `undefined` or `null`.
    #[default]
    Absent,
    /// A value of the expected type.
    Given(T),
    /// A value of another type: serde's description of the mismatch.
    Invalid(String),
}

impl<T> Member<T> {
    /// The value (`None` when absent), or `fault(serde's description)`.
    pub fn read<E>(self, fault: impl FnOnce(String) -> E) -> Result<Option<T>, E> {
        match self {
            Member::Absent => Ok(None),
            Member::Given(value) => Ok(Some(value)),
            Member::Invalid(why) => Err(fault(why)),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Member<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer) {
            Ok(Some(value)) => Member::Given(value),
            Ok(None) => Member::Absent,
            Err(e) => Member::Invalid(e.to_string()),
        })
    }
}

/// A scalar as text: strings as they are, numbers and booleans as
/// JavaScript prints them (the official SDK's params are strings, apps
/// often pass numbers). Objects and arrays are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                if v.is_finite() {
                    Ok(Text(v.to_string()))
                } else {
                    Err(E::invalid_type(de::Unexpected::Float(v), &self))
                }
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// JavaScript truthiness, for flags the official SDK reads with `if (x)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Truthy(pub bool);

impl<'de> Deserialize<'de> for Truthy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TruthyVisitor;
        impl<'de> Visitor<'de> for TruthyVisitor {
            type Value = bool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<bool, E> {
                Ok(v)
            }
            fn visit_i64<E>(self, v: i64) -> Result<bool, E> {
                Ok(v != 0)
            }
            fn visit_u64<E>(self, v: u64) -> Result<bool, E> {
                Ok(v != 0)
            }
            fn visit_f64<E>(self, v: f64) -> Result<bool, E> {
                Ok(v != 0.0 && !v.is_nan())
            }
            fn visit_str<E>(self, v: &str) -> Result<bool, E> {
                Ok(!v.is_empty())
            }
            fn visit_unit<E>(self) -> Result<bool, E> {
                Ok(false)
            }
            fn visit_none<E>(self) -> Result<bool, E> {
                Ok(false)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(true)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(true)
            }
        }
        // What no visitor takes (a function, a symbol) is an object: truthy.
        Ok(Truthy(deserializer.deserialize_any(TruthyVisitor).unwrap_or(true)))
    }
}

/// The members of an object, in their order (a query string keeps it).
#[derive(Debug, Clone, PartialEq)]
pub struct Entries<V>(pub Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// A string, or an array of strings (`user_scope`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneOrMany(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor;
        impl<'de> Visitor<'de> for OneOrManyVisitor {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_owned()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(OneOrMany(items))
            }
        }
        deserializer.deserialize_any(OneOrManyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default)]
    struct Shape {
        a: Member<String>,
        b: Member<String>,
        flag: Truthy,
        entries: Member<Entries<Member<Text>>>,
        scopes: Member<OneOrMany>,
    }

    fn shape(v: serde_json::Value) -> Shape {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_wrong_member_leaves_the_others_readable() {
        let s = shape(json!({ "a": { "x": 1 }, "b": "ok", "flag": "yes" }));
        assert!(matches!(s.a, Member::Invalid(ref why) if why.contains("string")));
        assert_eq!(s.b, Member::Given("ok".into()));
        assert!(s.flag.0);
        let s = shape(json!({ "a": null }));
        assert_eq!((s.a, s.b), (Member::Absent, Member::Absent));
    }

    #[test]
    fn truthiness_is_javascripts() {
        for (v, truthy) in [
            (json!(true), true),
            (json!(false), false),
            (json!(0), false),
            (json!(0.0), false),
            (json!(2), true),
            (json!(""), false),
            (json!("0"), true),
            (json!(null), false),
            (json!([]), true),
            (json!({}), true),
        ] {
            assert_eq!(shape(json!({ "flag": v })).flag.0, truthy, "{v}");
        }
    }

    #[test]
    fn entries_keep_their_order_and_scalars_read_as_text() {
        let s = shape(json!({ "entries": { "z": "1", "a": 2, "m": true, "n": null, "o": {} } }));
        let Member::Given(Entries(entries)) = s.entries else {
            panic!()
        };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        // serde_json's own map is sorted; the browser gives the object's order.
        assert_eq!(keys, ["a", "m", "n", "o", "z"]);
        assert_eq!(entries[0].1, Member::Given(Text("2".into())));
        assert_eq!(entries[1].1, Member::Given(Text("true".into())));
        assert_eq!(entries[2].1, Member::Absent);
        assert!(matches!(entries[3].1, Member::Invalid(_)));
        assert!(matches!(
            shape(json!({ "entries": "x" })).entries,
            Member::Invalid(_)
        ));
    }

    #[test]
    fn one_or_many() {
        assert_eq!(
            shape(json!({ "scopes": "a" })).scopes,
            Member::Given(OneOrMany(vec!["a".into()]))
        );
        assert_eq!(
            shape(json!({ "scopes": ["a", "b"] })).scopes,
            Member::Given(OneOrMany(vec!["a".into(), "b".into()]))
        );
        assert!(matches!(
            shape(json!({ "scopes": [1] })).scopes,
            Member::Invalid(_)
        ));
    }
}
