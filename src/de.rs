//! Serde helpers for the loosely typed values JavaScript apps pass (option
//! objects, event data), so that each shape is a plain `#[derive(Deserialize)]`
//! struct and each fault is reported as the fault of its member.
//!
//! They read from deserializers of values, where a member that fails to
//! deserialize leaves the rest of its object readable: serde-wasm-bindgen in
//! the browser, `serde_json::Value` natively (the tests).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};

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

/// A value JavaScript gives where the SDK mostly expects a string: the
/// fields of credentials (strings, but a JWT private key may be given as
/// `{id, secret}` and a two-step flow's fields may be numbers or booleans),
/// connection params (numbers and booleans are taken as JavaScript prints
/// them), the flags read with JavaScript truthiness (`debug`).
///
/// ```
/// use nango_frontend::FieldValue;
///
/// assert_eq!(FieldValue::Number(3.0).to_text().as_deref(), Some("3"));
/// let key = FieldValue::Object(vec![("id".into(), "k1".into()), ("secret".into(), "s".into())]);
/// assert_eq!(key.get("id"), Some("k1"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// A string.
    String(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// An object of strings, in its order.
    #[serde(serialize_with = "as_map")]
    Object(Vec<(String, String)>),
}

fn as_map<S: Serializer>(pairs: &[(String, String)], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = FieldValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a number, a boolean or an object of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldValue, E> {
                Ok(FieldValue::String(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<FieldValue, E> {
                Ok(FieldValue::String(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<FieldValue, E> {
                Ok(FieldValue::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldValue, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(FieldValue::Object(pairs))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

impl FieldValue {
    /// The string member `name` of an object (the last one, when a name repeats).
    ///
    /// ```
    /// # use nango_frontend::FieldValue;
    /// let payload = FieldValue::Object(vec![("errorType".into(), "callback_err".into())]);
    /// assert_eq!(payload.get("errorType"), Some("callback_err"));
    /// ```
    pub fn get(&self, name: &str) -> Option<&str> {
        match self {
            FieldValue::Object(pairs) => pairs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    /// The value as text (numbers and booleans as JavaScript prints them);
    /// `None` for an object.
    ///
    /// ```
    /// # use nango_frontend::FieldValue;
    /// assert_eq!(FieldValue::Bool(true).to_text().as_deref(), Some("true"));
    /// assert_eq!(FieldValue::Object(vec![]).to_text(), None);
    /// ```
    pub fn to_text(&self) -> Option<String> {
        match self {
            FieldValue::String(s) => Some(s.clone()),
            FieldValue::Number(n) => Some(n.to_string()),
            FieldValue::Bool(b) => Some(b.to_string()),
            FieldValue::Object(_) => None,
        }
    }
}

impl Member<FieldValue> {
    /// The member as a number (`None` when absent), or `fault(serde's
    /// description, if any)`.
    pub fn number<E>(self, fault: impl FnOnce(String) -> E) -> Result<Option<f64>, E> {
        match self {
            Member::Absent => Ok(None),
            Member::Given(FieldValue::Number(n)) => Ok(Some(n)),
            Member::Given(_) => Err(fault(String::new())),
            Member::Invalid(why) => Err(fault(why)),
        }
    }

    /// JavaScript truthiness of the member (anything that is not a string,
    /// a number, a boolean or an object of strings is an object: truthy).
    pub fn is_truthy(&self) -> bool {
        match self {
            Member::Absent => false,
            Member::Given(FieldValue::String(s)) => !s.is_empty(),
            Member::Given(FieldValue::Number(n)) => *n != 0.0 && !n.is_nan(),
            Member::Given(FieldValue::Bool(b)) => *b,
            Member::Given(FieldValue::Object(_)) | Member::Invalid(_) => true,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;
    // In the browser (wasm-pack test --lib) the same tests run on wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default)]
    struct Shape {
        a: Member<String>,
        b: Member<String>,
        flag: Member<FieldValue>,
        entries: Member<Entries<Member<FieldValue>>>,
    }

    fn shape(v: serde_json::Value) -> Shape {
        crate::test_support::from_json(v)
    }

    #[test]
    fn a_wrong_member_leaves_the_others_readable() {
        let s = shape(json!({ "a": { "x": 1 }, "b": "ok", "flag": "yes" }));
        assert!(matches!(s.a, Member::Invalid(ref why) if why.contains("string")));
        assert_eq!(s.b, Member::Given("ok".into()));
        assert!(s.flag.is_truthy());
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
            (json!({ "a": [1] }), true),
        ] {
            assert_eq!(shape(json!({ "flag": v })).flag.is_truthy(), truthy, "{v}");
        }
    }

    #[test]
    fn entries_keep_their_order_and_scalars_read_as_text() {
        let s = shape(
            json!({ "entries": { "z": "1", "a": 2, "m": true, "n": null, "o": {}, "p": [] } }),
        );
        let Member::Given(Entries(entries)) = s.entries else {
            panic!()
        };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        // The object's own order, as the app wrote it (natively too: the
        // tests use serde_json with `preserve_order`).
        assert_eq!(keys, ["z", "a", "m", "n", "o", "p"]);
        let text = |i: usize| match &entries[i].1 {
            Member::Given(v) => v.to_text(),
            _ => None,
        };
        assert_eq!(text(0).as_deref(), Some("1"));
        assert_eq!(text(1).as_deref(), Some("2"));
        assert_eq!(text(2).as_deref(), Some("true"));
        assert_eq!(entries[3].1, Member::Absent);
        assert_eq!(entries[4].1, Member::Given(FieldValue::Object(vec![])));
        assert_eq!(text(4), None);
        assert!(matches!(entries[5].1, Member::Invalid(_)));
        assert!(matches!(
            shape(json!({ "entries": "x" })).entries,
            Member::Invalid(_)
        ));
    }
}
