//! Every public type that can hold a secret (a session token, a public key,
//! a credential, an OAuth client secret, an `hmac`) keeps it out of its
//! `Debug` output: apps log their options and clients with `{:?}`.

use nango_frontend::{
    AppCredential, AuthOptions, ConnectUi, ConnectUiOptions, Credentials, FieldValue, Nango,
    NangoOptions, OAuthOverrides,
};

/// Every secret below contains this, so one search finds any of them.
const SECRET: &str = "s3cr3t";

fn secret(name: &str) -> String {
    format!("{name}-{SECRET}")
}

fn assert_redacted(what: &str, shown: String) {
    assert!(
        !shown.contains(SECRET),
        "{what} shows a secret in Debug: {shown}"
    );
}

#[test]
fn no_public_type_shows_a_secret_in_debug() {
    let token = format!("nango_connect_session_{}", secret("token"));
    let fields = vec![
        ("type".to_owned(), Some(FieldValue::String("JWT".into()))),
        (
            "privateKey".to_owned(),
            Some(FieldValue::Object(vec![
                ("id".into(), "kid".into()),
                ("secret".into(), secret("jwt")),
            ])),
        ),
    ];
    let credentials = [
        Credentials::api_key(secret("api-key")),
        Credentials::basic("ada", secret("password")),
        Credentials::signature("ada", secret("signature")),
        Credentials::Tba {
            token_id: secret("token-id"),
            token_secret: secret("token-secret"),
            oauth_client_id_override: Some("client".into()),
            oauth_client_secret_override: Some(secret("override")),
        },
        Credentials::Jwt(fields.clone()),
        Credentials::TwoStep(vec![(
            "password".into(),
            Some(FieldValue::String(secret("two-step"))),
        )]),
        Credentials::Bill {
            username: "ada".into(),
            password: secret("bill-password"),
            organization_id: "org".into(),
            dev_key: secret("dev-key"),
        },
        Credentials::AwsSigV4 {
            role_arn: "arn:aws:iam::1:role/x".into(),
            region: None,
        },
        Credentials::OAuth2ClientCredentials {
            client_id: "client".into(),
            client_secret: Some(secret("client-secret")),
            client_certificate: Some(secret("certificate")),
            client_private_key: Some(secret("private-key")),
        },
    ];
    for c in &credentials {
        assert_redacted("Credentials", format!("{c:?}"));
    }
    let mut overrides = OAuthOverrides::default();
    overrides.client_id = Some("client".into());
    overrides.client_secret = Some(secret("override-secret"));
    overrides.refresh_token = Some(secret("refresh-token"));
    assert_redacted("OAuthOverrides", format!("{overrides:?}"));
    let mut options = AuthOptions::default()
        .credentials(credentials[0].clone())
        .oauth_overrides(overrides)
        .hmac(secret("hmac"));
    options.credentials = Some(credentials[4].clone());
    assert_redacted("AuthOptions", format!("{options:?}"));

    for credential in [
        AppCredential::ConnectSessionToken(token.clone()),
        AppCredential::PublicKey(secret("public-key")),
    ] {
        assert_redacted("AppCredential", format!("{credential:?}"));
    }
    let nango_options = NangoOptions::default().connect_session_token(&token);
    assert_redacted("NangoOptions", format!("{nango_options:?}"));
    let nango = Nango::new(nango_options).unwrap();
    assert_redacted("Nango", format!("{nango:?}"));

    let ui_options = ConnectUiOptions::default().session_token(&token);
    assert_redacted("ConnectUiOptions", format!("{ui_options:?}"));
    let ui = ConnectUi::new(ui_options).unwrap();
    assert_redacted("ConnectUi", format!("{ui:?}"));
}
