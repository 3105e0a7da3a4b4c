//! Credentials an app collects from its user, and where each kind is sent.
//!
//! [`Credentials`] is the typed form for Rust apps. JavaScript apps pass the
//! same plain objects as to the official SDK; [`Credentials::from_fields`]
//! sorts such an object into a kind with the official SDK's rules, so both
//! APIs reach the same endpoint with the same body.

use crate::prelude::*;
use crate::text::cat;

use core::cell::Cell;

use crate::error::{AuthError, ErrorKind};
use crate::json::JsonValue;

/// Fields of a JSON object, in order.
pub type Fields = Vec<(String, JsonValue)>;

/// Credentials for the flows that need no popup: one POST to the server.
#[derive(Clone, PartialEq, Eq)]
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
    /// `SIGNATURE` integrations.
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

/// Redacts every secret: credentials can end up in logs through `{:?}`.
impl core::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
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
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Credentials {
        Credentials::Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    /// A short name of the kind, for logs.
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

    /// The JSON body: exactly the fields the server's schema takes.
    pub fn body(&self) -> JsonValue {
        fn s(v: &str) -> JsonValue {
            JsonValue::String(v.to_owned())
        }
        let mut fields: Fields = Vec::new();
        let mut put = |name: &str, value: JsonValue| fields.push((name.to_owned(), value));
        match self {
            Credentials::ApiKey { api_key } => put("apiKey", s(api_key)),
            Credentials::Basic { username, password } => {
                put("username", s(username));
                put("password", s(password));
            }
            Credentials::Tba {
                token_id,
                token_secret,
                oauth_client_id_override,
                oauth_client_secret_override,
            } => {
                put("token_id", s(token_id));
                put("token_secret", s(token_secret));
                if let Some(v) = oauth_client_id_override {
                    put("oauth_client_id_override", s(v));
                }
                if let Some(v) = oauth_client_secret_override {
                    put("oauth_client_secret_override", s(v));
                }
            }
            Credentials::Jwt(all) | Credentials::TwoStep(all) => {
                return JsonValue::Object(all.clone())
            }
            Credentials::Bill {
                username,
                password,
                organization_id,
                dev_key,
            } => {
                put("username", s(username));
                put("password", s(password));
                put("organization_id", s(organization_id));
                put("dev_key", s(dev_key));
            }
            Credentials::Signature { username, password } => {
                put("type", s("SIGNATURE"));
                put("username", s(username));
                put("password", s(password));
            }
            Credentials::AwsSigV4 { role_arn, region } => {
                put("role_arn", s(role_arn));
                if let Some(region) = region {
                    put("region", s(region));
                }
            }
            Credentials::OAuth2ClientCredentials {
                client_id,
                client_secret,
                client_certificate,
                client_private_key,
            } => {
                put("client_id", s(client_id));
                for (name, value) in [
                    ("client_secret", client_secret),
                    ("client_certificate", client_certificate),
                    ("client_private_key", client_private_key),
                ] {
                    if let Some(v) = value {
                        put(name, s(v));
                    }
                }
            }
        }
        JsonValue::Object(fields)
    }

    /// Sorts a credentials object into a kind, with the official SDK's rules
    /// and order. `Ok(None)` when it holds nothing but OAuth overrides (or
    /// nothing at all): then the flow is the OAuth popup.
    pub fn from_fields(fields: &[(String, JsonValue)]) -> Result<Option<Credentials>, AuthError> {
        let has = |name: &str| fields.iter().any(|(k, _)| k == name);
        if fields
            .iter()
            .all(|(k, _)| OAUTH_OVERRIDE_FIELDS.contains(&k.as_str()))
        {
            return Ok(None);
        }
        let get = |name: &str| fields.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v);
        let type_tag = get("type").and_then(JsonValue::as_str);
        let reader = FieldReader {
            get: &get,
            problem: Cell::new(None),
        };

        let credentials = if type_tag == Some("TWO_STEP") {
            Credentials::TwoStep(fields.to_vec())
        } else if type_tag == Some("SIGNATURE") && has("username") && has("password") {
            Credentials::Signature {
                username: reader.required("username"),
                password: reader.required("password"),
            }
        } else if type_tag == Some("AWS_SIGV4") {
            Credentials::AwsSigV4 {
                role_arn: reader.required("role_arn"),
                region: reader.optional("region"),
            }
        } else if has("username") && has("password") && has("organization_id") && has("dev_key") {
            Credentials::Bill {
                username: reader.required("username"),
                password: reader.required("password"),
                organization_id: reader.required("organization_id"),
                dev_key: reader.required("dev_key"),
            }
        } else if has("apiKey") {
            Credentials::ApiKey {
                api_key: reader.required("apiKey"),
            }
        } else if has("username") || has("password") {
            let username = reader.optional("username").unwrap_or_default();
            let password = reader.optional("password").unwrap_or_default();
            reader.check()?;
            if username.is_empty() && password.is_empty() {
                return Err(missing("a username or a password"));
            }
            Credentials::Basic { username, password }
        } else if has("privateKey") || type_tag == Some("JWT") {
            Credentials::Jwt(fields.to_vec())
        } else if has("token_id") && has("token_secret") {
            Credentials::Tba {
                token_id: reader.required("token_id"),
                token_secret: reader.required("token_secret"),
                oauth_client_id_override: reader.optional("oauth_client_id_override"),
                oauth_client_secret_override: reader.optional("oauth_client_secret_override"),
            }
        } else if has("client_id") && (has("client_secret") || has("client_private_key")) {
            let client_secret = reader.optional("client_secret");
            let client_private_key = reader.optional("client_private_key");
            reader.check()?;
            if client_secret.is_none() && client_private_key.is_none() {
                return Err(missing("client_secret or client_private_key"));
            }
            Credentials::OAuth2ClientCredentials {
                client_id: reader.required("client_id"),
                client_secret,
                client_certificate: reader.optional("client_certificate"),
                client_private_key,
            }
        } else {
            let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
            return Err(AuthError::new(
                ErrorKind::MissingCredentials,
                cat!(
                    "These credentials match no auth mode (fields: ",
                    crate::text::join(&names, ", "),
                    "). Expected e.g. {apiKey} or {username, password}."
                ),
            ));
        };
        reader.check()?;
        Ok(Some(credentials))
    }
}

fn missing(what: &str) -> AuthError {
    AuthError::new(
        ErrorKind::MissingCredentials,
        cat!("You must specify credentials: ", what, " is missing or empty."),
    )
}

/// Reads string fields. A missing or mistyped field is noted (the first
/// one) and reported by [`FieldReader::check`], after the fields are read:
/// what an early return per field would report, with one error path
/// instead of one per field (a smaller module).
struct FieldReader<'a> {
    get: &'a dyn Fn(&str) -> Option<&'a JsonValue>,
    problem: Cell<Option<AuthError>>,
}

impl FieldReader<'_> {
    /// A field that must be a non-empty string.
    fn required(&self, name: &str) -> String {
        match self.optional(name) {
            Some(v) if !v.is_empty() => v,
            _ => {
                self.note(missing(&cat!("credentials.", name)));
                String::new()
            }
        }
    }

    /// A field that may be absent or null, and is a string otherwise.
    fn optional(&self, name: &str) -> Option<String> {
        match (self.get)(name) {
            None | Some(JsonValue::Null) => None,
            Some(JsonValue::String(s)) => Some(s.clone()),
            Some(_) => {
                self.note(AuthError::new(
                    ErrorKind::InvalidBody,
                    cat!("credentials.", name, " must be a string."),
                ));
                None
            }
        }
    }

    fn note(&self, problem: AuthError) {
        let first = self.problem.take().unwrap_or(problem);
        self.problem.set(Some(first));
    }

    /// The first problem noted, if any.
    fn check(&self) -> Result<(), AuthError> {
        match self.problem.take() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn classify(json: &str) -> Result<Option<Credentials>, AuthError> {
        let v = parse(json).unwrap();
        Credentials::from_fields(v.as_object().unwrap())
    }

    fn endpoint_and_body(json: &str) -> (&'static str, String) {
        let c = classify(json).unwrap().unwrap();
        (c.endpoint(), c.body().to_json())
    }

    #[test]
    fn api_key_and_basic_send_exactly_their_fields() {
        assert_eq!(
            endpoint_and_body(r#"{"apiKey":"k"}"#),
            ("/api-auth/api-key/", r#"{"apiKey":"k"}"#.into())
        );
        assert_eq!(
            endpoint_and_body(r#"{"username":"u","password":"p"}"#),
            (
                "/api-auth/basic/",
                r#"{"username":"u","password":"p"}"#.into()
            )
        );
        assert_eq!(
            endpoint_and_body(r#"{"username":"u"}"#).1,
            r#"{"username":"u","password":""}"#
        );
        assert_eq!(
            endpoint_and_body(r#"{"password":"p","username":null}"#).1,
            r#"{"username":"","password":"p"}"#
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
                r#"{"type":"TWO_STEP","username":"u","n":1}"#,
                "/auth/two-step/",
                r#"{"type":"TWO_STEP","username":"u","n":1}"#,
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
            assert_eq!(
                endpoint_and_body(input),
                (endpoint, body.to_string()),
                "{input}"
            );
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
