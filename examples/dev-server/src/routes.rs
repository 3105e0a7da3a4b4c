//! Every route of the server, in one place.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tower_http::services::ServeDir;

use crate::handlers::credentials::{self as cred, Mode};
use crate::handlers::{
    app_backend, connections, oauth, provider, request_log, sessions, websocket,
};
use crate::state::SharedState;

/// A POST route for a credential endpoint.
fn credential_route(mode: &'static Mode) -> axum::routing::MethodRouter<SharedState> {
    post(move |state, path, query, headers, body| {
        cred::handle(mode, state, path, query, headers, body)
    })
}

/// The application.
pub fn router(state: SharedState) -> Router {
    let pkg = ServeDir::new(state.static_root.join("pkg"));
    let examples = ServeDir::new(state.static_root.join("examples"));
    Router::new()
        // WebSocket (websocketsPath "/"), or the example page for a browser.
        .route("/", get(websocket::root))
        // The app's backend (secret key).
        .route("/connect/sessions", post(sessions::create))
        .route("/connect/sessions/reconnect", post(sessions::reconnect))
        .route("/connection/{connection_id}", get(connections::show))
        .route("/connections", get(connections::list))
        // The end user's browser (connect session token).
        .route("/connect/session", get(sessions::show))
        .route("/connect/integrations", get(sessions::integrations))
        // Flows with no popup.
        .route("/api-auth/api-key/{key}", credential_route(&cred::API_KEY))
        .route("/api-auth/basic/{key}", credential_route(&cred::BASIC))
        .route("/auth/tba/{key}", credential_route(&cred::TBA))
        .route("/auth/jwt/{key}", credential_route(&cred::JWT))
        .route("/auth/bill/{key}", credential_route(&cred::BILL))
        .route("/auth/two-step/{key}", credential_route(&cred::TWO_STEP))
        .route("/auth/signature/{key}", credential_route(&cred::SIGNATURE))
        .route("/auth/aws-sigv4/{key}", credential_route(&cred::AWS_SIGV4))
        .route("/oauth2/auth/{key}", credential_route(&cred::OAUTH2_CC))
        .route(
            "/auth/unauthenticated/{key}",
            credential_route(&cred::UNAUTHENTICATED),
        )
        .route(
            "/auth/oauth-outbound/{key}",
            credential_route(&cred::OAUTH_OUTBOUND),
        )
        // The OAuth popup flow and the fake provider.
        .route("/oauth/connect/{key}", get(oauth::connect))
        .route("/oauth/callback", get(oauth::callback))
        .route("/provider/{provider}/authorize", get(provider::authorize))
        .route("/provider/{provider}/decision", post(provider::decide))
        .route("/provider/{provider}/token", post(provider::token))
        // The example app's own backend.
        .route("/app/session", post(app_backend::session))
        .route(
            "/app/connection/{connection_id}",
            get(app_backend::connection),
        )
        // What the server received (the browser tests read it).
        .route("/dev/requests", get(request_log::list))
        .route("/dev/pid", get(request_log::pid))
        // Static files: the npm package and the examples.
        .nest_service("/pkg", pkg)
        .nest_service("/examples", examples)
        .layer(middleware::from_fn(cors))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            request_log::record,
        ))
        .with_state(state)
}

/// CORS as on Nango's public routes: any origin, preflight answered with 204.
async fn cors(request: Request<Body>, next: Next) -> Response {
    let mut response = if request.method() == Method::OPTIONS {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET,HEAD,PUT,PATCH,POST,DELETE"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type, Authorization, Accept, Origin, X-Requested-With"),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    response
}
