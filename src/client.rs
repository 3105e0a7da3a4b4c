//! [`Nango`], the client: the typed Rust API of the SDK.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use crate::browser::{self, http, log};
use crate::error::{AuthError, ErrorKind};
use crate::host::HostUrls;
use crate::options::{AppCredential, AuthOptions, NangoOptions};
use crate::plan::{redact_url, AuthPlan, ClientConfig};
use crate::response::{self, AuthSuccess};

/// The future of an auth call. Dropping it cancels the flow and releases
/// everything it holds (request, popup, socket, listeners, timers).
pub type AuthFuture = Pin<Box<dyn Future<Output = Result<AuthSuccess, AuthError>>>>;

/// A Nango client for one connect session (or public key).
///
/// ```no_run
/// use nango_frontend::{AuthOptions, Credentials, Nango, NangoOptions};
///
/// # async fn connect(token: String) -> Result<(), nango_frontend::AuthError> {
/// let nango = Nango::new(NangoOptions::default().connect_session_token(token))?;
/// let connection = nango
///     .auth("zendesk", AuthOptions::default().credentials(Credentials::api_key("sk-123")).param("subdomain", "acme"))
///     .await?;
/// println!("connected: {}", connection.connection_id);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Nango {
    inner: Rc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: ClientConfig,
    width: u32,
    height: u32,
    debug: bool,
}

impl Nango {
    /// A client for `options`; an unusable host is an `invalid_host_url`
    /// error. A missing or malformed token is reported by the first auth call.
    pub fn new(options: NangoOptions) -> Result<Nango, AuthError> {
        let host = if options.host.trim().is_empty() { crate::host::DEFAULT_HOST } else { &options.host };
        let urls = HostUrls::new(host, &options.websockets_path)?;
        log::debug(options.debug, &format!("Debug mode is enabled. Using host: {}.", urls.base));
        let inner = Inner {
            config: ClientConfig { urls, credential: options.credential },
            width: if options.width == 0 { 500 } else { options.width },
            height: if options.height == 0 { 600 } else { options.height },
            debug: options.debug,
        };
        Ok(Nango { inner: Rc::new(inner) })
    }

    /// Connects an account of `integration_id`: with credentials in
    /// `options`, one POST to the server; without, the OAuth popup.
    pub fn auth(&self, integration_id: &str, options: AuthOptions) -> AuthFuture {
        self.auth_connection(integration_id, None, options)
    }

    /// [`auth`](Self::auth) for a given connection id (legacy public-key
    /// mode: the server refuses connection ids with connect session tokens).
    pub fn auth_connection(&self, integration_id: &str, connection_id: Option<&str>, options: AuthOptions) -> AuthFuture {
        let plan = self.inner.config.plan_auth(integration_id, connection_id, &options);
        self.run(plan, options.timeout_ms)
    }

    /// Reconnects an existing connection: the connect session token must
    /// have been made for it. Without a token, `missing_connect_session_token`.
    pub fn reconnect(&self, integration_id: &str, options: AuthOptions) -> AuthFuture {
        if !matches!(self.inner.config.credential, Some(AppCredential::ConnectSessionToken(_))) {
            return ready_err(AuthError::new(ErrorKind::MissingConnectSessionToken, "Reconnect requires a session token."));
        }
        self.auth(integration_id, options)
    }

    /// Creates a connection of an integration that needs no auth.
    pub fn create(&self, integration_id: &str, connection_id: Option<&str>, options: AuthOptions) -> AuthFuture {
        let plan = self.inner.config.plan_create(integration_id, connection_id, &options);
        self.run(plan, options.timeout_ms)
    }

    fn run(&self, plan: Result<AuthPlan, AuthError>, timeout_ms: Option<u32>) -> AuthFuture {
        let flow: AuthFuture = match plan {
            Err(e) => {
                log::debug(self.inner.debug, &format!("Refused before any request: {}", e.error_type()));
                return ready_err(e);
            }
            Ok(AuthPlan::Post { url, body }) => {
                let debug = self.inner.debug;
                log::debug(debug, &format!("POST {}", redact_url(&url)));
                Box::pin(async move {
                    let (status, text) = http::post_json(&url, body.as_deref()).await?;
                    log::debug(debug, &format!("HTTP {status}"));
                    response::decode(status, &text)
                })
            }
            Ok(AuthPlan::Popup { .. }) => {
                return ready_err(AuthError::new(ErrorKind::UnknownError, "The OAuth popup flow is not available yet."));
            }
        };
        match timeout_ms {
            None => flow,
            Some(ms) => Box::pin(browser::race(flow, async move {
                gloo_timers::future::TimeoutFuture::new(ms).await;
                Err(AuthError::new(ErrorKind::Timeout, format!("The authorization flow did not finish within {ms} ms.")))
            })),
        }
    }
}

fn ready_err(e: AuthError) -> AuthFuture {
    Box::pin(std::future::ready(Err(e)))
}
