//! From the client's configuration and one call's options to the request to
//! make: which flow, which URL, which body. Every check that can fail before
//! the network happens here.

use crate::credentials::{Credentials, FieldValue};
use crate::error::{AuthError, ErrorKind};
use crate::host::HostUrls;
use crate::options::{AppCredential, AuthOptions};
use crate::query::{self, Query};

/// Longest integration id or connection id the server takes.
const MAX_ID_LEN: usize = 255;

/// Length of the random part of a connect session token (hex digits).
const TOKEN_HEX_LEN: usize = 64;

/// Prefix of every connect session token.
pub const CONNECT_SESSION_TOKEN_PREFIX: &str = "nango_connect_session_";

/// The request an auth call makes.
#[derive(Clone, PartialEq)]
pub enum AuthPlan {
    /// One POST; `body` is sent as JSON (`None`: no body at all).
    Post {
        /// Full URL, query included.
        url: String,
        /// The credentials, serialized as the body.
        body: Option<Credentials>,
    },
    /// The OAuth popup: the popup is sent to `url` + `&ws_client_id=...`
    /// once the WebSocket has said hello.
    Popup {
        /// `/oauth/connect/{id}?...` URL, without `ws_client_id`.
        url: String,
    },
}

/// Never prints the URL (it holds the session token) nor the body.
impl std::fmt::Debug for AuthPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AuthPlan::Post { .. } => "AuthPlan::Post(<redacted>)",
            AuthPlan::Popup { .. } => "AuthPlan::Popup(<redacted>)",
        })
    }
}

/// The validated client configuration that every plan is made from.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// URLs derived from the host.
    pub urls: HostUrls,
    /// The app's credential, if any.
    pub credential: Option<AppCredential>,
}

impl ClientConfig {
    /// The configuration of a client made with `options`: its host (Nango
    /// Cloud when empty) validated into its URLs.
    pub fn new(options: &crate::options::NangoOptions) -> Result<ClientConfig, AuthError> {
        let host = if options.host.trim().is_empty() {
            crate::host::DEFAULT_HOST
        } else {
            &options.host
        };
        Ok(ClientConfig {
            urls: HostUrls::new(host, &options.websockets_path)?,
            credential: options.credential.clone(),
        })
    }

    /// The token of a connect-session-token client.
    pub fn session_token(&self) -> Option<&str> {
        match &self.credential {
            Some(AppCredential::ConnectSessionToken(token)) => Some(token),
            _ => None,
        }
    }

    /// `reconnect()` needs a connect session token.
    pub fn check_reconnect(&self) -> Result<(), AuthError> {
        match self.session_token() {
            Some(_) => Ok(()),
            None => Err(AuthError::new(
                ErrorKind::MissingConnectSessionToken,
                "Reconnect requires a session token.",
            )),
        }
    }

    /// The app's credential, or `missing_auth_token`; a malformed token or key
    /// is refused with the code the server would answer.
    pub fn checked_credential(&self) -> Result<&AppCredential, AuthError> {
        let credential = self.credential.as_ref().ok_or_else(|| {
            AuthError::new(
                ErrorKind::MissingAuthToken,
                "You must specify a public key OR a connect session token (cf. documentation).",
            )
        })?;
        match credential {
            AppCredential::ConnectSessionToken(token) if !is_connect_session_token(token) => Err(AuthError::new(
                ErrorKind::InvalidConnectSessionTokenFormat,
                "The connect session token is malformed: expected nango_connect_session_ followed by 64 lower-case hex digits.",
            )),
            AppCredential::PublicKey(key) if !is_uuid(key) => {
                Err(AuthError::new(ErrorKind::InvalidPublicKey, "The public key is malformed: expected a UUID."))
            }
            ok => Ok(ok),
        }
    }

    /// The plan for `auth(integration_id, [connection_id], options)`.
    pub fn plan_auth(
        &self,
        integration_id: &str,
        connection_id: Option<&str>,
        options: &AuthOptions,
    ) -> Result<AuthPlan, AuthError> {
        let credential = self.checked_credential()?;
        check_integration_id(integration_id)?;
        // An outbound installation is its own flow, whatever credentials come with it.
        if options.installation_outbound {
            return self.plan_bodiless(
                "/auth/oauth-outbound/",
                integration_id,
                connection_id,
                options,
            );
        }
        if let Some(credentials) = &options.credentials {
            let query = self.query(credential, connection_id, options, false)?;
            let mut body = credentials.clone();
            if let Credentials::TwoStep(fields) = &mut body {
                if !options.assertion_option.is_empty() {
                    let assertion = FieldValue::Object(options.assertion_option.clone());
                    fields.push(("assertionOption".to_owned(), Some(assertion)));
                }
            }
            return Ok(AuthPlan::Post {
                url: self.url(credentials.endpoint(), integration_id, &query),
                body: Some(body),
            });
        }
        let query = self.query(credential, connection_id, options, true)?;
        Ok(AuthPlan::Popup {
            url: self.url("/oauth/connect/", integration_id, &query),
        })
    }

    /// The plan for `create(integration_id, [connection_id], config)`: an
    /// unauthenticated integration, no credentials, no popup.
    pub fn plan_create(
        &self,
        integration_id: &str,
        connection_id: Option<&str>,
        options: &AuthOptions,
    ) -> Result<AuthPlan, AuthError> {
        self.plan_bodiless(
            "/auth/unauthenticated/",
            integration_id,
            connection_id,
            options,
        )
    }

    /// A POST with no body to `prefix` + the integration id.
    fn plan_bodiless(
        &self,
        prefix: &str,
        integration_id: &str,
        connection_id: Option<&str>,
        options: &AuthOptions,
    ) -> Result<AuthPlan, AuthError> {
        let credential = self.checked_credential()?;
        check_integration_id(integration_id)?;
        let query = self.query(credential, connection_id, options, false)?;
        Ok(AuthPlan::Post {
            url: self.url(prefix, integration_id, &query),
            body: None,
        })
    }

    fn url(&self, prefix: &str, integration_id: &str, query: &Query) -> String {
        let mut url = String::with_capacity(
            self.urls.base.len() + prefix.len() + integration_id.len() + query.as_str().len(),
        );
        url.push_str(&self.urls.base);
        url.push_str(prefix);
        query::push_component(&mut url, integration_id);
        url.push_str(query.as_str());
        url
    }

    /// The query string, in the official SDK's order, every part encoded.
    fn query(
        &self,
        credential: &AppCredential,
        connection_id: Option<&str>,
        options: &AuthOptions,
        with_overrides: bool,
    ) -> Result<Query, AuthError> {
        let mut q = Query::new();
        if let Some(id) = connection_id.filter(|id| !id.is_empty()) {
            check_connection_id(id)?;
            q.push("connection_id", id);
        }
        match credential {
            AppCredential::PublicKey(key) => q.push("public_key", key),
            AppCredential::ConnectSessionToken(token) => q.push("connect_session_token", token),
        }
        for (name, value) in &options.params {
            if name.is_empty() {
                return Err(AuthError::new(
                    ErrorKind::InvalidQueryParams,
                    "A connection param has an empty name.",
                ));
            }
            q.push_nested("params", name, value);
        }
        if let Some(hmac) = options.hmac.as_deref().filter(|h| !h.is_empty()) {
            q.push("hmac", hmac);
        }
        if !options.user_scope.is_empty() {
            q.push("user_scope", &options.user_scope.join(","));
        }
        if with_overrides {
            let o = &options.oauth_overrides;
            for (name, value) in [
                ("oauth_client_id_override", &o.client_id),
                ("oauth_client_secret_override", &o.client_secret),
                ("oauth_refresh_token_override", &o.refresh_token),
            ] {
                if let Some(value) = value {
                    q.push_nested("credentials", name, value);
                }
            }
        }
        for (name, value) in &options.authorization_params {
            q.push_nested(
                "authorization_params",
                name,
                value.as_deref().unwrap_or("undefined"),
            );
        }
        Ok(q)
    }
}

/// Query parameters whose values are secrets.
const SECRET_QUERY_NAMES: [&str; 4] = [
    "connect_session_token",
    "public_key",
    "hmac",
    "credentials%5B",
];

/// `url` with the values of its secret query parameters replaced by
/// `<redacted>`, for debug logs.
pub fn redact_url(url: &str) -> String {
    let Some((path, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if SECRET_QUERY_NAMES.iter().any(|s| name.starts_with(s)) => {
                format!("{name}=<redacted>")
            }
            _ => pair.to_owned(),
        })
        .collect();
    format!("{path}?{}", pairs.join("&"))
}

/// `nango_connect_session_` followed by 64 lower-case hex digits.
pub fn is_connect_session_token(token: &str) -> bool {
    token
        .strip_prefix(CONNECT_SESSION_TOKEN_PREFIX)
        .is_some_and(|hex| {
            hex.len() == TOKEN_HEX_LEN
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

/// A UUID in its 8-4-4-4-12 hex form.
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Integration ids (provider config keys) as the server takes them:
/// `^[a-zA-Z0-9~:.@ _-]+$`, at most 255 characters; but not `.` or `..`,
/// which a URL path cannot carry (URL parsers remove such a segment, also
/// percent-encoded).
pub fn check_integration_id(id: &str) -> Result<(), AuthError> {
    let ok = !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id != "."
        && id != ".."
        && id.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'~' | b':' | b'.' | b'@' | b' ' | b'_' | b'-')
        });
    if ok {
        Ok(())
    } else {
        Err(AuthError::new(
            ErrorKind::InvalidUriParams,
            format!(
                "Invalid integration id \"{id}\": it must be 1 to {MAX_ID_LEN} characters among letters, digits and ~ : . @ _ - and space, and not . or .."
            ),
        ))
    }
}

/// Connection ids as the server takes them: letters, digits, space and
/// `, . ; : = + ~ [ ] | @ $ { } " ' \ / _ -`, at most 255 characters.
pub fn check_connection_id(id: &str) -> Result<(), AuthError> {
    let ok = id.len() <= MAX_ID_LEN
        && id.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b',' | b'.'
                        | b';'
                        | b':'
                        | b'='
                        | b'+'
                        | b'~'
                        | b'['
                        | b']'
                        | b'|'
                        | b'@'
                        | b'$'
                        | b'{'
                        | b'}'
                        | b'"'
                        | b'\''
                        | b'\\'
                        | b'/'
                        | b'_'
                        | b' '
                        | b'-'
                )
        });
    if ok {
        Ok(())
    } else {
        Err(AuthError::new(
            ErrorKind::InvalidQueryParams,
            format!(
                "Invalid connection id \"{id}\": it has characters the server refuses or is longer than {MAX_ID_LEN}."
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::OAuthOverrides;
    // In the browser (wasm-pack test --lib) the same tests run on wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const TOKEN: &str =
        "nango_connect_session_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn config(credential: Option<AppCredential>) -> ClientConfig {
        ClientConfig {
            urls: HostUrls::new("http://127.0.0.1:3003/", "/").unwrap(),
            credential,
        }
    }

    fn token_config() -> ClientConfig {
        config(Some(AppCredential::ConnectSessionToken(TOKEN.into())))
    }

    fn query_pairs(url: &str) -> Vec<(String, String)> {
        let parsed = url::Url::parse(url).unwrap();
        parsed
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    #[test]
    fn api_key_flow_posts_to_its_endpoint_with_params_in_the_query() {
        let options = AuthOptions::default()
            .credentials(Credentials::api_key("k&y"))
            .param("subdomain", "acme corp");
        let plan = token_config().plan_auth("zendesk", None, &options).unwrap();
        let AuthPlan::Post { url, body } = plan else {
            panic!("expected a POST")
        };
        assert_eq!(url, format!("http://127.0.0.1:3003/api-auth/api-key/zendesk?connect_session_token={TOKEN}&params%5Bsubdomain%5D=acme%20corp"));
        assert_eq!(
            crate::json::to_string(&body).unwrap(),
            r#"{"apiKey":"k&y"}"#
        );
        assert!(!url.contains("k%26y"), "the key must stay out of the URL");
    }

    #[test]
    fn every_query_part_survives_hostile_characters() {
        let mut options = AuthOptions::default()
            .param("a&b=c", "+ & = # ? / %")
            .hmac("h+/=")
            .user_scope("x y")
            .user_scope("z&")
            .authorization_param("prompt", Some("a#b".into()))
            .authorization_param("scope", None);
        options.oauth_overrides = OAuthOverrides {
            client_id: Some("id?".into()),
            client_secret: Some("s%".into()),
            refresh_token: None,
        };
        let plan = config(Some(AppCredential::PublicKey(
            "123e4567-e89b-12d3-a456-426614174000".into(),
        )))
        .plan_auth("my int:1.0@x y", Some("conn/1 {\"a\"}"), &options)
        .unwrap();
        let AuthPlan::Popup { url } = plan else {
            panic!("expected the popup")
        };
        assert!(
            url.starts_with("http://127.0.0.1:3003/oauth/connect/my%20int%3A1.0%40x%20y?"),
            "{url}"
        );
        let expected: Vec<(String, String)> = [
            ("connection_id", "conn/1 {\"a\"}"),
            ("public_key", "123e4567-e89b-12d3-a456-426614174000"),
            ("params[a&b=c]", "+ & = # ? / %"),
            ("hmac", "h+/="),
            ("user_scope", "x y,z&"),
            ("credentials[oauth_client_id_override]", "id?"),
            ("credentials[oauth_client_secret_override]", "s%"),
            ("authorization_params[prompt]", "a#b"),
            ("authorization_params[scope]", "undefined"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(query_pairs(&url), expected);
    }

    #[test]
    fn other_flows_pick_their_endpoint() {
        let c = token_config();
        let outbound = c
            .plan_auth("gh", None, &AuthOptions::default().installation_outbound())
            .unwrap();
        assert!(
            matches!(&outbound, AuthPlan::Post { url, body: None } if url.contains("/auth/oauth-outbound/gh?"))
        );
        let create = c
            .plan_create("unauth", Some(""), &AuthOptions::default().param("k", "v"))
            .unwrap();
        assert!(
            matches!(&create, AuthPlan::Post { url, body: None } if url.contains("/auth/unauthenticated/unauth?connect_session_token=") && url.ends_with("&params%5Bk%5D=v"))
        );

        let two_step = AuthOptions::try_from(crate::test_support::from_json::<
            crate::js_options::AuthOptionsObject,
        >(serde_json::json!(
            {"credentials":{"type":"TWO_STEP","a":"b"},"assertionOption":{"k":"v"}}
        )))
        .unwrap();
        let AuthPlan::Post { url, body } = c.plan_auth("ts", None, &two_step).unwrap() else {
            panic!()
        };
        assert!(url.contains("/auth/two-step/ts?"));
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"type":"TWO_STEP","a":"b","assertionOption":{"k":"v"}})
        );

        // Outbound decides the flow, whatever credentials come with it.
        let outbound = AuthOptions::default()
            .credentials(Credentials::api_key("k"))
            .installation_outbound();
        let plan = c.plan_auth("gh", None, &outbound).unwrap();
        assert!(
            matches!(&plan, AuthPlan::Post { url, body: None } if url.contains("/auth/oauth-outbound/gh?"))
        );
    }

    #[test]
    fn bad_input_fails_before_any_request() {
        let none = config(None)
            .plan_auth("x", None, &AuthOptions::default())
            .unwrap_err();
        assert_eq!(none.kind(), &ErrorKind::MissingAuthToken);

        let bad_token = config(Some(AppCredential::ConnectSessionToken(
            "nango_connect_session_XYZ".into(),
        )));
        assert_eq!(
            bad_token
                .plan_auth("x", None, &AuthOptions::default())
                .unwrap_err()
                .kind(),
            &ErrorKind::InvalidConnectSessionTokenFormat
        );
        let upper = TOKEN
            .to_uppercase()
            .replace("NANGO_CONNECT_SESSION_", CONNECT_SESSION_TOKEN_PREFIX);
        assert!(!is_connect_session_token(&upper));
        assert!(is_connect_session_token(TOKEN));

        let bad_key = config(Some(AppCredential::PublicKey("not-a-uuid".into())));
        assert_eq!(
            bad_key
                .plan_auth("x", None, &AuthOptions::default())
                .unwrap_err()
                .kind(),
            &ErrorKind::InvalidPublicKey
        );

        let c = token_config();
        for id in [
            "",
            "a/b",
            ".",
            "..",
            "../admin",
            "a?b",
            "a#b",
            "a%2Fb",
            "é",
            "a\nb",
            &"x".repeat(256),
        ] {
            assert_eq!(
                c.plan_auth(id, None, &AuthOptions::default())
                    .unwrap_err()
                    .kind(),
                &ErrorKind::InvalidUriParams,
                "{id:?}"
            );
        }
        assert!(c
            .plan_auth(&"x".repeat(255), None, &AuthOptions::default())
            .is_ok());
        for conn in ["a#b", "a?b", "a&b", "a%b", "é", &"c".repeat(256)] {
            assert_eq!(
                c.plan_auth("x", Some(conn), &AuthOptions::default())
                    .unwrap_err()
                    .kind(),
                &ErrorKind::InvalidQueryParams,
                "{conn:?}"
            );
        }
    }

    #[test]
    fn plans_never_print_the_token() {
        let plan = token_config()
            .plan_auth("x", None, &AuthOptions::default())
            .unwrap();
        assert!(!format!("{plan:?}").contains(TOKEN));
    }

    #[test]
    fn redacted_urls_keep_the_shape_but_not_the_secrets() {
        let mut options = AuthOptions::default()
            .param("subdomain", "acme")
            .hmac("hmacsecret");
        options.oauth_overrides.client_secret = Some("csecret".into());
        let AuthPlan::Popup { url } = token_config().plan_auth("x", None, &options).unwrap() else {
            panic!()
        };
        let shown = redact_url(&format!("{url}&ws_client_id=w"));
        assert_eq!(
            shown,
            "http://127.0.0.1:3003/oauth/connect/x?connect_session_token=<redacted>&params%5Bsubdomain%5D=acme&hmac=<redacted>&credentials%5Boauth_client_secret_override%5D=<redacted>&ws_client_id=w"
        );
        assert_eq!(redact_url("http://h/p"), "http://h/p");
    }
}
