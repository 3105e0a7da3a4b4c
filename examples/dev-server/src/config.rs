//! The integrations the server knows, read from a JSON file.

use serde::Deserialize;

/// The integrations built into the server (`integrations.json` beside
/// `Cargo.toml`), used when no `--config` is given.
pub const DEFAULT_INTEGRATIONS: &str = include_str!("../integrations.json");

/// The config file.
#[derive(Debug, Clone, Deserialize)]
pub struct IntegrationsFile {
    pub integrations: Vec<Integration>,
}

/// One integration (a provider config, in Nango's words).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Integration {
    /// The integration id apps pass to `auth()`.
    pub unique_key: String,
    /// The provider behind it.
    pub provider: String,
    /// Name shown to users.
    #[serde(default)]
    pub display_name: Option<String>,
    /// `API_KEY`, `BASIC`, `OAUTH2`, `TBA`, `JWT`, `BILL`, `TWO_STEP`,
    /// `SIGNATURE`, `AWS_SIGV4`, `OAUTH2_CC`, `NONE`, `APP` (outbound).
    pub auth_mode: String,
    /// Connection config params the user supplies (`params[...]`).
    #[serde(default)]
    pub connection_config: Vec<ConnectionParam>,
    /// OAuth client settings (OAuth2 integrations).
    #[serde(default)]
    pub oauth: Option<OAuthClient>,
}

/// A connection config param an integration takes.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct ConnectionParam {
    pub name: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub example: Option<String>,
    /// A regular expression the value must match.
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub required: bool,
}

/// The OAuth app registered with the (fake) provider.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct OAuthClient {
    pub client_id: String,
    #[serde(skip_serializing)]
    pub client_secret: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    /// `"approve"` or `"deny"`: the fake provider decides without showing
    /// its page (for tests that cannot click).
    #[serde(default)]
    pub auto_decision: Option<String>,
}

impl IntegrationsFile {
    /// Parses a config file's text.
    pub fn parse(text: &str) -> Result<IntegrationsFile, String> {
        let file: IntegrationsFile =
            serde_json::from_str(text).map_err(|e| format!("invalid integrations file: {e}"))?;
        for i in &file.integrations {
            if i.unique_key.is_empty()
                || !i
                    .unique_key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"~:.@ _-".contains(&b))
            {
                return Err(format!("invalid integration id {:?}", i.unique_key));
            }
            for param in &i.connection_config {
                if let Some(p) = &param.pattern {
                    regex::Regex::new(p).map_err(|e| {
                        format!("invalid pattern of {}.{}: {e}", i.unique_key, param.name)
                    })?;
                }
            }
            if i.auth_mode == "OAUTH2" && i.oauth.is_none() {
                return Err(format!(
                    "OAuth2 integration {:?} needs an \"oauth\" section",
                    i.unique_key
                ));
            }
        }
        Ok(file)
    }
}

/// Whether `value` matches the param's `pattern` (a regular expression;
/// patterns are checked when the file is read).
pub fn matches_pattern(pattern: &str, value: &str) -> bool {
    regex::Regex::new(pattern).is_ok_and(|r| r.is_match(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_integrations_parse() {
        let file = IntegrationsFile::parse(DEFAULT_INTEGRATIONS).unwrap();
        assert!(file
            .integrations
            .iter()
            .any(|i| i.unique_key == "zendesk" && i.auth_mode == "API_KEY"));
    }

    #[test]
    fn patterns() {
        let p = "^[a-z0-9][a-z0-9-]*$";
        assert!(matches_pattern(p, "acme"));
        assert!(matches_pattern(p, "a-1"));
        assert!(!matches_pattern(p, "-a"));
        assert!(!matches_pattern(p, "Acme"));
        assert!(!matches_pattern(p, "a.b"));
        assert!(!matches_pattern(p, ""));
    }
}
