//! Credentials an app collects from its user, and where each kind is sent.
//!
//! [`Credentials`] is the typed form for Rust apps. JavaScript apps pass the
//! same plain objects as to the official SDK; [`Credentials::from_fields`]
//! sorts such an object into a kind with the official SDK's rules, so both
//! APIs reach the same endpoint with the same body. The body is the kind's
//! serde serialization: exactly the fields the server's schema takes.

use serde::{Serialize, Serializer};

pub use crate::de::FieldValue;
use crate::error::{AuthError, ErrorKind};

/// The fields of a credentials object as JavaScript passes it, in its
/// order; a field set to `null` (or `undefined`) is there, with `None`.
///
/// ```
/// use nango_frontend::{Credentials, FieldValue, Fields};
///
/// let fields: Fields = vec![("apiKey".into(), Some(FieldValue::String("sk-123".into())))];
/// assert_eq!(Credentials::from_fields(&fields).unwrap(), Some(Credentials::api_key("sk-123")));
/// ```
pub type Fields = Vec<(String, Option<FieldValue>)>;

/// [`Fields`] as a JSON object.
struct FieldsMap<'a>(&'a [(String, Option<FieldValue>)]);

impl Serialize for FieldsMap<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// Credentials for the flows that need no popup: one POST to the server.
///
/// They serialize as the body of that POST: exactly the fields the server's
/// schema for the kind takes.
///
/// ```
/// use nango_frontend::Credentials;
///
/// let body = serde_json::to_string(&Credentials::api_key("sk-123")).unwrap();
/// assert_eq!(body, r#"{"apiKey":"sk-123"}"#);
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum Credentials {
    /// `API_KEY` integrations.
    ApiKey {
        /// The key.
        api_key: String,
    },
    /// `BASIC` integrations (a missing half is sent as an empty string).
    Basic {
        /// User name.
        username: String,
        /// Password.
        password: String,
    },
    /// `TBA` (NetSuite token-based auth).
    Tba {
        /// Token id.
        token_id: String,
        /// Token secret.
        token_secret: String,
        /// Optional OAuth client id override.
        oauth_client_id_override: Option<String>,
        /// Optional OAuth client secret override.
        oauth_client_secret_override: Option<String>,
    },
    /// `JWT` integrations: the fields are sent as they are (`privateKey` may
    /// be a string or `{id, secret}`).
    Jwt(Fields),
    /// `BILL` integrations.
    Bill {
        /// User name.
        username: String,
        /// Password.
        password: String,
        /// Organization id.
        organization_id: String,
        /// Developer key.
        dev_key: String,
    },
    /// `TWO_STEP` integrations: the fields are sent as they are, with
    /// `type: "TWO_STEP"`.
    TwoStep(Fields),
    /// `SIGNATURE` integrations (sent with `type: "SIGNATURE"`).
    Signature {
        /// User name.
        username: String,
        /// Password.
        password: String,
    },
    /// `AWS_SIGV4` integrations.
    AwsSigV4 {
        /// The IAM role to assume.
        role_arn: String,
        /// Optional AWS region.
        region: Option<String>,
    },
    /// `OAUTH2_CC` (client credentials) integrations.
    OAuth2ClientCredentials {
        /// Client id.
        client_id: String,
        /// Client secret (or use `client_private_key`).
        client_secret: Option<String>,
        /// Client certificate, for mTLS providers.
        client_certificate: Option<String>,
        /// Client private key, instead of a secret.
        client_private_key: Option<String>,
    },
}

/// The body of a POST: every field a kind may send, named as the server's
/// schemas name them, each sent only when the kind has it.
#[derive(Default, Serialize)]
struct Body<'a> {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(rename = "apiKey", skip_serializing_if = "Option::is_none")]
    api_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dev_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_secret: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    oauth_client_id_override: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    oauth_client_secret_override: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role_arn: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_secret: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_certificate: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_private_key: Option<&'a str>,
}

impl Serialize for Credentials {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let body = match self {
            Credentials::Jwt(fields) | Credentials::TwoStep(fields) => {
                return FieldsMap(fields).serialize(serializer)
            }
            Credentials::ApiKey { api_key } => Body {
                api_key: Some(api_key),
                ..Body::default()
            },
            Credentials::Basic { username, password } => Body {
                username: Some(username),
                password: Some(password),
                ..Body::default()
            },
            Credentials::Signature { username, password } => Body {
                kind: Some("SIGNATURE"),
                username: Some(username),
                password: Some(password),
                ..Body::default()
            },
            Credentials::Tba {
                token_id,
                token_secret,
                oauth_client_id_override,
                oauth_client_secret_override,
            } => Body {
                token_id: Some(token_id),
                token_secret: Some(token_secret),
                oauth_client_id_override: oauth_client_id_override.as_deref(),
                oauth_client_secret_override: oauth_client_secret_override.as_deref(),
                ..Body::default()
            },
            Credentials::Bill {
                username,
                password,
                organization_id,
                dev_key,
            } => Body {
                username: Some(username),
                password: Some(password),
                organization_id: Some(organization_id),
                dev_key: Some(dev_key),
                ..Body::default()
            },
            Credentials::AwsSigV4 { role_arn, region } => Body {
                role_arn: Some(role_arn),
                region: region.as_deref(),
                ..Body::default()
            },
            Credentials::OAuth2ClientCredentials {
                client_id,
                client_secret,
                client_certificate,
                client_private_key,
            } => Body {
                client_id: Some(client_id),
                client_secret: client_secret.as_deref(),
                client_certificate: client_certificate.as_deref(),
                client_private_key: client_private_key.as_deref(),
                ..Body::default()
            },
        };
        body.serialize(serializer)
    }
}

/// Redacts every secret: credentials can end up in logs through `{:?}`.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials::{}(<redacted>)", self.kind_name())
    }
}

/// The field names that are OAuth overrides for the popup flow rather than
/// credentials of their own.
pub const OAUTH_OVERRIDE_FIELDS: [&str; 3] = [
    "oauth_client_id_override",
    "oauth_client_secret_override",
    "oauth_refresh_token_override",
];

impl Credentials {
    /// API-key credentials.
    ///
    /// ```
    /// let c = nango_frontend::Credentials::api_key("sk-123");
    /// assert_eq!(c.endpoint(), "/api-auth/api-key/");
    /// ```
    pub fn api_key(api_key: impl Into<String>) -> Credentials {
        Credentials::ApiKey {
            api_key: api_key.into(),
        }
    }

    /// Username and password credentials (`BASIC`).
    ///
    /// ```
    /// # use nango_frontend::Credentials;
    /// let c = Credentials::basic("me@acme.io", "token");
    /// assert_eq!(c.endpoint(), "/api-auth/basic/");
    /// ```
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Credentials {
        Credentials::Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    /// `SIGNATURE` credentials (WSSE-style username and password).
    ///
    /// ```
    /// # use nango_frontend::Credentials;
    /// let body = serde_json::to_string(&Credentials::signature("u", "p")).unwrap();
    /// assert_eq!(body, r#"{"type":"SIGNATURE","username":"u","password":"p"}"#);
    /// ```
    pub fn signature(username: impl Into<String>, password: impl Into<String>) -> Credentials {
        Credentials::Signature {
            username: username.into(),
            password: password.into(),
        }
    }

    /// A short name of the kind, for logs.
    ///
    /// ```
    /// # use nango_frontend::Credentials;
    /// assert_eq!(Credentials::api_key("k").kind_name(), "ApiKey");
    /// ```
    pub fn kind_name(&self) -> &'static str {
        match self {
            Credentials::ApiKey { .. } => "ApiKey",
            Credentials::Basic { .. } => "Basic",
            Credentials::Tba { .. } => "Tba",
            Credentials::Jwt(_) => "Jwt",
            Credentials::Bill { .. } => "Bill",
            Credentials::TwoStep(_) => "TwoStep",
            Credentials::Signature { .. } => "Signature",
            Credentials::AwsSigV4 { .. } => "AwsSigV4",
            Credentials::OAuth2ClientCredentials { .. } => "OAuth2ClientCredentials",
        }
    }

    /// The path prefix (before the integration id) this kind is POSTed to.
    ///
    /// ```
    /// # use nango_frontend::Credentials;
    /// assert_eq!(Credentials::basic("u", "p").endpoint(), "/api-auth/basic/");
    /// ```
    pub fn endpoint(&self) -> &'static str {
        match self {
            Credentials::ApiKey { .. } => "/api-auth/api-key/",
            Credentials::Basic { .. } => "/api-auth/basic/",
            Credentials::Tba { .. } => "/auth/tba/",
            Credentials::Jwt(_) => "/auth/jwt/",
            Credentials::Bill { .. } => "/auth/bill/",
            Credentials::TwoStep(_) => "/auth/two-step/",
            Credentials::Signature { .. } => "/auth/signature/",
            Credentials::AwsSigV4 { .. } => "/auth/aws-sigv4/",
            Credentials::OAuth2ClientCredentials { .. } => "/oauth2/auth/",
        }
    }

    /// Sorts a credentials object into a kind, with the official SDK's rules
    /// and order. `Ok(None)` when it holds nothing but OAuth overrides (or
    /// nothing at all): then the flow is the OAuth popup.
    ///
    /// ```
    /// use nango_frontend::{Credentials, FieldValue};
    ///
    /// let text = |v: &str| Some(FieldValue::String(v.into()));
    /// let fields = vec![("username".into(), text("u")), ("password".into(), text("p"))];
    /// assert_eq!(Credentials::from_fields(&fields).unwrap(), Some(Credentials::basic("u", "p")));
    /// // Only OAuth overrides: the OAuth popup flow, with the overrides in its query.
    /// let overrides = vec![("oauth_client_id_override".into(), text("id"))];
    /// assert_eq!(Credentials::from_fields(&overrides).unwrap(), None);
    /// ```
    pub fn from_fields(
        fields: &[(String, Option<FieldValue>)],
    ) -> Result<Option<Credentials>, AuthError> {
        if fields
            .iter()
            .all(|(k, _)| OAUTH_OVERRIDE_FIELDS.contains(&k.as_str()))
        {
            return Ok(None);
        }
        let f = FieldReader(fields);
        let has = |name: &str| f.get(name).is_some();
        let type_tag = match f.get("type") {
            Some(Some(FieldValue::String(tag))) => Some(tag.as_str()),
            _ => None,
        };

        let credentials = if type_tag == Some("TWO_STEP") {
            Credentials::TwoStep(fields.to_vec())
        } else if type_tag == Some("SIGNATURE") && has("username") && has("password") {
            Credentials::signature(f.required("username")?, f.required("password")?)
        } else if type_tag == Some("AWS_SIGV4") {
            Credentials::AwsSigV4 {
                role_arn: f.required("role_arn")?,
                // Left out when empty, as the official SDK does.
                region: f.optional("region")?.filter(|r| !r.is_empty()),
            }
        } else if has("username") && has("password") && has("organization_id") && has("dev_key") {
            Credentials::Bill {
                username: f.required("username")?,
                password: f.required("password")?,
                organization_id: f.required("organization_id")?,
                dev_key: f.required("dev_key")?,
            }
        } else if has("apiKey") {
            Credentials::api_key(f.required("apiKey")?)
        } else if has("username") || has("password") {
            let username = f.optional("username")?.unwrap_or_default();
            let password = f.optional("password")?.unwrap_or_default();
            if username.is_empty() && password.is_empty() {
                return Err(missing("a username or a password"));
            }
            Credentials::Basic { username, password }
        } else if has("privateKey") || type_tag == Some("JWT") {
            Credentials::Jwt(fields.to_vec())
        } else if has("token_id") && has("token_secret") {
            Credentials::Tba {
                token_id: f.required("token_id")?,
                token_secret: f.required("token_secret")?,
                oauth_client_id_override: f.optional("oauth_client_id_override")?,
                oauth_client_secret_override: f.optional("oauth_client_secret_override")?,
            }
        } else if has("client_id") && (has("client_secret") || has("client_private_key")) {
            let client_id = f.required("client_id")?;
            let client_secret = f.optional("client_secret")?;
            let client_private_key = f.optional("client_private_key")?;
            if client_secret.is_none() && client_private_key.is_none() {
                return Err(missing("client_secret or client_private_key"));
            }
            Credentials::OAuth2ClientCredentials {
                client_id,
                client_secret,
                client_certificate: f.optional("client_certificate")?,
                client_private_key,
            }
        } else {
            let names: Vec<String> = fields.iter().map(|(k, _)| k.clone()).collect();
            return Err(AuthError::new(
                ErrorKind::MissingCredentials,
                format!(
                    "These credentials match no auth mode (fields: {}). Expected e.g. {{apiKey}} or {{username, password}}.",
                    names.join(", ")
                ),
            ));
        };
        Ok(Some(credentials))
    }
}

fn missing(what: &str) -> AuthError {
    AuthError::new(
        ErrorKind::MissingCredentials,
        format!("You must specify credentials: {what} is missing or empty."),
    )
}

/// Reads string fields of a credentials object.
struct FieldReader<'a>(&'a [(String, Option<FieldValue>)]);

impl FieldReader<'_> {
    /// The field (the last one, when a name repeats): `None` when absent.
    fn get(&self, name: &str) -> Option<&Option<FieldValue>> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// A field that must be a non-empty string.
    fn required(&self, name: &str) -> Result<String, AuthError> {
        match self.optional(name)? {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(missing(&format!("credentials.{name}"))),
        }
    }

    /// A field that may be absent or null, and is a string otherwise.
    fn optional(&self, name: &str) -> Result<Option<String>, AuthError> {
        match self.get(name) {
            None | Some(None) => Ok(None),
            Some(Some(FieldValue::String(s))) => Ok(Some(s.clone())),
            Some(_) => Err(AuthError::not_a_string(
                ErrorKind::InvalidBody,
                "credentials",
                name,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // In the browser (wasm-pack test --lib) the same tests run on wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use serde_json::Value;

    /// A credentials object's fields, from JSON text.
    pub(crate) fn fields(json: &str) -> Fields {
        let entries: crate::de::Entries<Option<FieldValue>> = serde_json::from_str(json).unwrap();
        entries.0
    }

    fn classify(json: &str) -> Result<Option<Credentials>, AuthError> {
        Credentials::from_fields(&fields(json))
    }

    /// The endpoint, and the body as JSON (compared as values: key order is free).
    fn endpoint_and_body(json: &str) -> (&'static str, Value) {
        let c = classify(json).unwrap().unwrap();
        (c.endpoint(), serde_json::to_value(&c).unwrap())
    }

    fn v(json: &str) -> Value {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn api_key_and_basic_send_exactly_their_fields() {
        assert_eq!(
            endpoint_and_body(r#"{"apiKey":"k"}"#),
            ("/api-auth/api-key/", v(r#"{"apiKey":"k"}"#))
        );
        assert_eq!(
            endpoint_and_body(r#"{"username":"u","password":"p"}"#),
            ("/api-auth/basic/", v(r#"{"username":"u","password":"p"}"#))
        );
        assert_eq!(
            endpoint_and_body(r#"{"username":"u"}"#).1,
            v(r#"{"username":"u","password":""}"#)
        );
        assert_eq!(
            endpoint_and_body(r#"{"password":"p","username":null}"#).1,
            v(r#"{"username":"","password":"p"}"#)
        );
    }

    #[test]
    fn only_overrides_or_nothing_means_the_popup_flow() {
        assert_eq!(classify("{}").unwrap(), None);
        assert_eq!(
            classify(r#"{"oauth_client_id_override":"id"}"#).unwrap(),
            None
        );
        assert_eq!(
            classify(r#"{"oauth_client_id_override":"i","oauth_client_secret_override":"s","oauth_refresh_token_override":"r"}"#)
                .unwrap(),
            None
        );
    }

    #[test]
    fn every_mode_goes_to_its_endpoint() {
        let cases = [
            (
                r#"{"token_id":"t","token_secret":"s","oauth_client_id_override":"o"}"#,
                "/auth/tba/",
                r#"{"token_id":"t","token_secret":"s","oauth_client_id_override":"o"}"#,
            ),
            (
                r#"{"type":"JWT","privateKeyId":"k","issuerId":"i","privateKey":"pk"}"#,
                "/auth/jwt/",
                r#"{"type":"JWT","privateKeyId":"k","issuerId":"i","privateKey":"pk"}"#,
            ),
            (
                r#"{"privateKey":{"id":"a","secret":"b"}}"#,
                "/auth/jwt/",
                r#"{"privateKey":{"id":"a","secret":"b"}}"#,
            ),
            (
                r#"{"username":"u","password":"p","organization_id":"o","dev_key":"d"}"#,
                "/auth/bill/",
                r#"{"username":"u","password":"p","organization_id":"o","dev_key":"d"}"#,
            ),
            (
                r#"{"type":"TWO_STEP","username":"u","n":1,"ok":true}"#,
                "/auth/two-step/",
                r#"{"type":"TWO_STEP","username":"u","n":1.0,"ok":true}"#,
            ),
            (
                r#"{"type":"SIGNATURE","username":"u","password":"p"}"#,
                "/auth/signature/",
                r#"{"type":"SIGNATURE","username":"u","password":"p"}"#,
            ),
            (
                r#"{"type":"AWS_SIGV4","role_arn":"arn:aws:iam::1:role/x"}"#,
                "/auth/aws-sigv4/",
                r#"{"role_arn":"arn:aws:iam::1:role/x"}"#,
            ),
            (
                r#"{"type":"AWS_SIGV4","role_arn":"r","region":"eu-west-1"}"#,
                "/auth/aws-sigv4/",
                r#"{"role_arn":"r","region":"eu-west-1"}"#,
            ),
            (
                r#"{"client_id":"c","client_secret":"s"}"#,
                "/oauth2/auth/",
                r#"{"client_id":"c","client_secret":"s"}"#,
            ),
            (
                r#"{"client_id":"c","client_private_key":"k","client_certificate":"cert"}"#,
                "/oauth2/auth/",
                r#"{"client_id":"c","client_certificate":"cert","client_private_key":"k"}"#,
            ),
        ];
        for (input, endpoint, body) in cases {
            assert_eq!(endpoint_and_body(input), (endpoint, v(body)), "{input}");
        }
    }

    #[test]
    fn bad_credentials_are_typed_errors() {
        let err = classify(r#"{"apiKey":""}"#).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::MissingCredentials);
        assert!(err.message().contains("apiKey"));
        assert_eq!(
            classify(r#"{"apiKey":null}"#).unwrap_err().kind(),
            &ErrorKind::MissingCredentials
        );
        assert_eq!(
            classify(r#"{"apiKey":42}"#).unwrap_err().kind(),
            &ErrorKind::InvalidBody
        );
        assert_eq!(
            classify(r#"{"username":"","password":""}"#)
                .unwrap_err()
                .kind(),
            &ErrorKind::MissingCredentials
        );
        assert_eq!(
            classify(r#"{"foo":"bar"}"#).unwrap_err().kind(),
            &ErrorKind::MissingCredentials
        );
        assert_eq!(
            classify(r#"{"type":"AWS_SIGV4"}"#).unwrap_err().kind(),
            &ErrorKind::MissingCredentials
        );
    }

    #[test]
    fn debug_output_never_shows_secrets() {
        let c = Credentials::basic("alice", "hunter2");
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("alice"),
            "{shown}"
        );
    }
}
