//! The official SDK's option objects, as JavaScript apps pass them: their
//! shapes ([`AuthOptionsObject`], [`NangoOptionsObject`]), member by member,
//! read with serde from the plain copy `browser::read` makes of them, and
//! checked into the typed [`AuthOptions`] and [`NangoOptions`], once, at the
//! boundary: a member of the wrong type is a typed error naming it.

use std::time::Duration;

use serde::Deserialize;

use crate::credentials::{Credentials, FieldValue};
use crate::de::{Entries, Member};
use crate::error::{AuthError, ErrorKind};
use crate::options::{
    AppCredential, AuthOptions, NangoOptions, OAuthOverrides, MAX_POPUP_SIDE, MAX_TIMEOUT_MILLIS,
};

/// The official SDK's auth options object (`ConnectionConfig` and
/// `AuthOptions`), as JavaScript passes it: each member as given.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuthOptionsObject {
    credentials: Member<Entries<Member<FieldValue>>>,
    params: Member<Entries<Member<FieldValue>>>,
    hmac: Member<String>,
    user_scope: Member<Vec<String>>,
    authorization_params: Member<Entries<Member<FieldValue>>>,
    installation: Member<String>,
    #[serde(rename = "assertionOption")]
    assertion_option: Member<Entries<Member<FieldValue>>>,
    #[serde(rename = "detectClosedAuthWindow")]
    detect_closed_auth_window: Member<FieldValue>,
    timeout: Member<FieldValue>,
    #[cfg(nango_test_hooks)]
    #[serde(rename = "__testPanicAfterMs")]
    test_panic_after_ms: Member<FieldValue>,
}

impl TryFrom<AuthOptionsObject> for AuthOptions {
    type Error = AuthError;

    /// Checks each member, with the code the server would answer for the
    /// same fault: `invalid_body` for credentials, `invalid_query_params`
    /// for what goes in the query string, `invalid_options` for the rest.
    fn try_from(o: AuthOptionsObject) -> Result<AuthOptions, AuthError> {
        use ErrorKind::{InvalidBody, InvalidOptions, InvalidQueryParams};
        let mut out = AuthOptions::default();
        match o
            .installation
            .read(wrong(InvalidOptions, "installation", "\"outbound\""))?
        {
            None => {}
            Some(s) if s == "outbound" => out.installation_outbound = true,
            Some(_) => {
                return Err(wrong(InvalidOptions, "installation", "\"outbound\"")(
                    String::new(),
                ))
            }
        }
        if let Some(entries) = o
            .credentials
            .read(wrong(InvalidBody, "credentials", "an object"))?
        {
            let mut fields = Vec::new();
            for (name, value) in entries.0 {
                let value =
                    value.read(|_| AuthError::not_a_string(InvalidBody, "credentials", &name))?;
                fields.push((name, value));
            }
            let string = |name: &str| match fields.iter().rev().find(|(k, _)| k == name) {
                None | Some((_, None)) => Ok(None),
                Some((_, Some(FieldValue::String(s)))) => Ok(Some(s.clone())),
                Some(_) => Err(AuthError::not_a_string(
                    InvalidQueryParams,
                    "credentials",
                    name,
                )),
            };
            out.oauth_overrides = OAuthOverrides {
                client_id: string("oauth_client_id_override")?,
                client_secret: string("oauth_client_secret_override")?,
                refresh_token: string("oauth_refresh_token_override")?,
            };
            // An outbound installation is its own flow, whatever credentials
            // come with it (Connect UI sends `{type: 'OAUTH2'}`).
            if !out.installation_outbound {
                out.credentials = Credentials::from_fields(&fields)?;
            }
        }
        let params = o
            .params
            .read(wrong(InvalidQueryParams, "params", "an object of strings"))?;
        for (name, value) in params.map_or_else(Vec::new, |e| e.0) {
            if let Some(text) = text_of(value, "params", &name)? {
                out.params.push((name, text));
            }
        }
        out.hmac = o
            .hmac
            .read(wrong(InvalidQueryParams, "hmac", "a string"))?
            .filter(|h| !h.is_empty());
        if let Some(scopes) = o.user_scope.read(wrong(
            InvalidQueryParams,
            "user_scope",
            "an array of strings",
        ))? {
            out.user_scope = scopes;
        }
        let authorization_params = o.authorization_params.read(wrong(
            InvalidQueryParams,
            "authorization_params",
            "an object of strings",
        ))?;
        for (name, value) in authorization_params.map_or_else(Vec::new, |e| e.0) {
            let text = text_of(value, "authorization_params", &name)?;
            out.authorization_params.push((name, text));
        }
        let assertion = o.assertion_option.read(wrong(
            InvalidBody,
            "assertionOption",
            "an object of strings",
        ))?;
        for (name, value) in assertion.map_or_else(Vec::new, |e| e.0) {
            if let Some(text) = text_of(value, "assertionOption", &name)? {
                out.assertion_option.push((name, text));
            }
        }
        // Read as the official SDK reads it: any truthy value.
        out.detect_closed_auth_window = o.detect_closed_auth_window.is_truthy();
        const TIMEOUT: &str = "a positive whole number of milliseconds (at most 2147483647)";
        if let Some(ms) = o
            .timeout
            .number(wrong(InvalidOptions, "timeout", TIMEOUT))?
        {
            if !(ms >= 1.0 && ms <= f64::from(MAX_TIMEOUT_MILLIS) && ms.fract() == 0.0) {
                return Err(wrong(InvalidOptions, "timeout", TIMEOUT)(String::new()));
            }
            out.timeout = Some(Duration::from_millis(ms as u64));
        }
        #[cfg(nango_test_hooks)]
        {
            out.panic_after_ms = o
                .test_panic_after_ms
                .number(wrong(InvalidOptions, "__testPanicAfterMs", TIMEOUT))?
                .map(|ms| ms as u32);
        }
        Ok(out)
    }
}

/// The official SDK's constructor options, as JavaScript passes them. Empty
/// strings mean "not set", as with the official SDK's `||` defaults.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NangoOptionsObject {
    host: Member<String>,
    websockets_path: Member<String>,
    connect_session_token: Member<String>,
    public_key: Member<String>,
    width: Member<FieldValue>,
    height: Member<FieldValue>,
    debug: Member<FieldValue>,
}

impl TryFrom<NangoOptionsObject> for NangoOptions {
    type Error = AuthError;

    fn try_from(o: NangoOptionsObject) -> Result<NangoOptions, AuthError> {
        let text = |member: Member<String>, name: &str| {
            member
                .read(wrong(ErrorKind::InvalidOptions, name, "a string"))
                .map(|s| s.filter(|s| !s.is_empty()))
        };
        let mut options = NangoOptions::default();
        if let Some(host) = text(o.host, "host")? {
            options.host = host;
        }
        if let Some(path) = text(o.websockets_path, "websocketsPath")? {
            options.websockets_path = path;
        }
        options.credential = match (
            text(o.connect_session_token, "connectSessionToken")?,
            text(o.public_key, "publicKey")?,
        ) {
            (Some(token), _) => Some(AppCredential::ConnectSessionToken(token)),
            (None, Some(key)) => Some(AppCredential::PublicKey(key)),
            (None, None) => None,
        };
        options.width = pixels(o.width, "width")?.unwrap_or(options.width);
        options.height = pixels(o.height, "height")?.unwrap_or(options.height);
        options.debug = o.debug.is_truthy();
        Ok(options)
    }
}

/// A popup dimension: 1 to 100000 pixels, its fraction dropped.
fn pixels(member: Member<FieldValue>, name: &str) -> Result<Option<u32>, AuthError> {
    const EXPECTED: &str = "a positive number of pixels";
    match member.number(wrong(ErrorKind::InvalidOptions, name, EXPECTED))? {
        None => Ok(None),
        Some(px) if (1.0..=f64::from(MAX_POPUP_SIDE)).contains(&px) => Ok(Some(px as u32)),
        Some(_) => Err(wrong(ErrorKind::InvalidOptions, name, EXPECTED)(
            String::new(),
        )),
    }
}

/// The error for an option of the wrong type: `why` is serde's description.
pub(crate) fn wrong<'a>(
    kind: ErrorKind,
    name: &'a str,
    expected: &'a str,
) -> impl FnOnce(String) -> AuthError + 'a {
    move |why| {
        let detail = if why.is_empty() {
            String::new()
        } else {
            format!(" ({why})")
        };
        AuthError::new(
            kind,
            format!("The option {name} must be {expected}{detail}."),
        )
    }
}

/// A member of `params`, `authorization_params` or `assertionOption` as
/// text (numbers and booleans as JavaScript prints them); an object or an
/// array is refused.
fn text_of(value: Member<FieldValue>, group: &str, key: &str) -> Result<Option<String>, AuthError> {
    let kind = if group == "assertionOption" {
        ErrorKind::InvalidBody
    } else {
        ErrorKind::InvalidQueryParams
    };
    let refused = || AuthError::not_a_string(kind.clone(), group, key);
    match value.read(|_| refused())? {
        None => Ok(None),
        Some(v) => v.to_text().map(Some).ok_or_else(refused),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::DEFAULT_WEBSOCKETS_PATH;
    use serde_json::json;
    // In the browser (wasm-pack test --lib) the same tests run on wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use serde_json::Value;

    fn read(v: Value) -> Result<AuthOptions, AuthError> {
        AuthOptions::try_from(crate::test_support::from_json::<AuthOptionsObject>(v))
    }

    fn nango(v: Value) -> Result<NangoOptions, AuthError> {
        NangoOptions::try_from(crate::test_support::from_json::<NangoOptionsObject>(v))
    }

    #[test]
    fn reads_the_official_option_object() {
        let o = read(json!({
            "credentials": { "apiKey": "k" },
            "params": { "subdomain": "acme", "n": 3, "b": false, "skip": null },
            "hmac": "h", "user_scope": ["a", "b"],
            "authorization_params": { "prompt": "consent", "scope": null },
            "detectClosedAuthWindow": true, "timeout": 60000, "unknown": { "x": 1 }
        }))
        .unwrap();
        assert_eq!(o.credentials, Some(Credentials::api_key("k")));
        let mut params = o.params.clone();
        params.sort();
        assert_eq!(
            params,
            vec![
                ("b".into(), "false".into()),
                ("n".into(), "3".into()),
                ("subdomain".into(), "acme".into()),
            ]
        );
        assert_eq!(o.hmac.as_deref(), Some("h"));
        assert_eq!(o.user_scope, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(
            o.authorization_params,
            vec![
                ("prompt".into(), Some("consent".into())),
                ("scope".into(), None)
            ]
        );
        assert!(o.detect_closed_auth_window);
        assert_eq!(o.timeout, Some(Duration::from_millis(60000)));
    }

    #[test]
    fn overrides_alone_stay_a_popup_flow() {
        let o = read(json!({ "credentials": { "oauth_client_id_override": "id", "oauth_client_secret_override": "s" } })).unwrap();
        assert_eq!(o.credentials, None);
        assert_eq!(o.oauth_overrides.client_id.as_deref(), Some("id"));
        assert_eq!(o.oauth_overrides.client_secret.as_deref(), Some("s"));
    }

    #[test]
    fn outbound_installation_is_read_whatever_the_credentials() {
        let o = read(json!({ "installation": "outbound", "credentials": { "type": "OAUTH2" }, "params": {} })).unwrap();
        assert!(o.installation_outbound);
        assert_eq!(o.credentials, None);
    }

    #[test]
    fn wrong_types_are_refused_before_any_request() {
        for (bad, kind) in [
            (
                json!({ "params": "subdomain=acme" }),
                ErrorKind::InvalidQueryParams,
            ),
            (
                json!({ "params": { "a": { "b": "c" } } }),
                ErrorKind::InvalidQueryParams,
            ),
            (
                json!({ "authorization_params": { "a": [1] } }),
                ErrorKind::InvalidQueryParams,
            ),
            (json!({ "user_scope": [1] }), ErrorKind::InvalidQueryParams),
            (
                json!({ "user_scope": "a,b" }),
                ErrorKind::InvalidQueryParams,
            ),
            (json!({ "hmac": 5 }), ErrorKind::InvalidQueryParams),
            (json!({ "credentials": "k" }), ErrorKind::InvalidBody),
            (
                json!({ "credentials": { "apiKey": 5 } }),
                ErrorKind::InvalidBody,
            ),
            (
                json!({ "credentials": { "oauth_client_id_override": 5 } }),
                ErrorKind::InvalidQueryParams,
            ),
            (json!({ "assertionOption": "x" }), ErrorKind::InvalidBody),
            (
                json!({ "assertionOption": { "a": {} } }),
                ErrorKind::InvalidBody,
            ),
            (
                json!({ "credentials": { "type": "TWO_STEP", "a": [1] } }),
                ErrorKind::InvalidBody,
            ),
            (json!({ "timeout": -1 }), ErrorKind::InvalidOptions),
            (json!({ "timeout": 1.5 }), ErrorKind::InvalidOptions),
            (json!({ "timeout": 0 }), ErrorKind::InvalidOptions),
            (json!({ "timeout": "60000" }), ErrorKind::InvalidOptions),
            (json!({ "timeout": 1e10 }), ErrorKind::InvalidOptions),
            (
                json!({ "timeout": 2147483648u32 }),
                ErrorKind::InvalidOptions,
            ),
            (
                json!({ "installation": "inbound" }),
                ErrorKind::InvalidOptions,
            ),
        ] {
            let err = read(bad.clone()).unwrap_err();
            assert_eq!(err.kind(), &kind, "{bad}");
            assert!(err.message().len() > 10, "{bad}");
        }
        let err = read(json!({ "params": { "region": { "x": 1 } } })).unwrap_err();
        assert!(
            err.message().starts_with("params.region must be a string"),
            "{}",
            err.message()
        );
        assert_eq!(
            read(json!({ "credentials": { "apiKey": "" } }))
                .unwrap_err()
                .kind(),
            &ErrorKind::MissingCredentials
        );
        assert_eq!(read(json!({})).unwrap(), AuthOptions::default());
    }

    #[test]
    fn reads_the_constructor_options() {
        let o = nango(json!({
            "host": "http://127.0.0.1:3003", "websocketsPath": "", "publicKey": "pk",
            "connectSessionToken": "t", "width": 640.5, "height": null, "x": 1
        }))
        .unwrap();
        assert_eq!(o.host, "http://127.0.0.1:3003");
        assert_eq!(o.websockets_path, DEFAULT_WEBSOCKETS_PATH);
        assert_eq!(
            o.credential,
            Some(AppCredential::ConnectSessionToken("t".into()))
        );
        assert_eq!((o.width, o.height), (640, 600));
        assert!(!o.debug);
        let key =
            nango(json!({ "connectSessionToken": "", "publicKey": "pk", "debug": "yes" })).unwrap();
        assert_eq!(key.credential, Some(AppCredential::PublicKey("pk".into())));
        assert!(key.debug);
        assert_eq!(nango(json!({})).unwrap(), NangoOptions::default());
        for (px, ok) in [
            (1.0, Some(1)),
            (640.9, Some(640)),
            (100000.0, Some(100_000)),
            (100000.5, None),
            (0.5, None),
            (-5.0, None),
        ] {
            assert_eq!(
                nango(json!({ "width": px })).ok().map(|o| o.width),
                ok,
                "{px}"
            );
        }
        for bad in [
            json!({ "host": 3 }),
            json!({ "width": 0 }),
            json!({ "height": "600" }),
            json!({ "width": 1e9 }),
        ] {
            let err = nango(bad.clone()).unwrap_err();
            assert_eq!(err.kind(), &ErrorKind::InvalidOptions, "{bad}");
        }
    }
}
