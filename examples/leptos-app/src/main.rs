//! Acme CRM's "Integrations" page as a Leptos (CSR) app: an API-key
//! integration with a subdomain, a username-and-password one, and an OAuth
//! one with a scopes override, each with its loading / connected / error
//! states, using the `nango-frontend` crate directly.
//!
//! The connect session token comes from the app's backend (`POST
//! /app/session` on the dev server, which calls Nango with its secret key).

use leptos::prelude::*;
use leptos::task::spawn_local;
use nango_frontend::{AuthError, AuthEventKind, AuthOptions, Credentials, Nango, NangoOptions};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What a card shows.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Working(String),
    Connected(String),
    Failed { error_type: String, message: String },
}

fn main() {
    mount_to_body(App);
}

/// The connect session token, from the app's own backend.
async fn session_token() -> Result<String, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str("{}"));
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str_and_init("/app/session", &init))
            .await?
            .dyn_into()?;
    let json = JsFuture::from(response.json()?).await?;
    let data = js_sys::Reflect::get(&json, &"data".into())?;
    js_sys::Reflect::get(&data, &"token".into())?
        .as_string()
        .ok_or_else(|| "no token in the answer".into())
}

#[component]
fn App() -> impl IntoView {
    // `Nango` lives on this thread: a local signal.
    let nango = RwSignal::new_local(None::<Nango>);
    let (session, set_session) = signal("Starting a connect session…".to_owned());
    spawn_local(async move {
        let host = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        match session_token().await {
            Ok(token) => match Nango::new(
                NangoOptions::default()
                    .connect_session_token(token)
                    .host(host),
            ) {
                Ok(client) => {
                    nango.set(Some(client));
                    set_session.set("Connect session ready (valid 30 minutes).".to_owned());
                }
                Err(e) => set_session.set(format!("Could not make the client: {}", e.message())),
            },
            Err(_) => set_session.set("Could not start a connect session.".to_owned()),
        }
    });
    view! {
        <div class="topbar"><span class="logo">"Acme CRM"</span><span class="user">"Leptos edition"</span></div>
        <main>
            <h1>"Integrations"</h1>
            <p class="lead">"Connect the tools your team uses. Your credentials go to Nango, never to Acme's servers."</p>
            <p class="session" id="session">{move || session.get()}</p>
            <div class="grid">
                <ApiKeyCard nango=nango />
                <BasicCard nango=nango />
                <OAuthCard nango=nango />
            </div>
        </main>
    }
}

/// Starts `integration_id`'s call with `options` (inside the click: the
/// OAuth popup opens now), shows `working` until it ends, then how it ended.
fn start(
    nango: RwSignal<Option<Nango>, LocalStorage>,
    integration_id: &str,
    options: AuthOptions,
    working: &str,
    set_status: WriteSignal<Status>,
) {
    let Some(client) = nango.get_untracked() else {
        return;
    };
    set_status.set(Status::Working(working.to_owned()));
    let flow = client.auth(integration_id, options);
    spawn_local(async move {
        set_status.set(match flow.await {
            Ok(connection) => Status::Connected(connection.connection_id),
            Err(e) => failed(&e),
        });
    });
}

fn failed(e: &AuthError) -> Status {
    Status::Failed {
        error_type: e.error_type().to_owned(),
        message: e.message().to_owned(),
    }
}

/// A card's status line.
#[component]
fn StatusLine(status: ReadSignal<Status>) -> impl IntoView {
    move || {
        match status.get() {
        Status::Idle => view! { <p class="status" data-state="idle"></p> }.into_any(),
        Status::Working(text) => view! { <p class="status loading" data-state="loading">{text}</p> }.into_any(),
        Status::Connected(id) => view! {
            <p class="status success" data-state="connected">"Connected · connection "<code class="connection-id">{id}</code></p>
        }
        .into_any(),
        Status::Failed { error_type, message } => view! {
            <p class="status error" data-state="error"><code class="error-type">{error_type}</code>" "{message}</p>
        }
        .into_any(),
    }
    }
}

/// A text input bound to `value`.
#[component]
fn Field(
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    view! {
        <label>{label}
            <input name=name type=kind autocomplete="off" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
        </label>
    }
}

#[component]
fn ApiKeyCard(nango: RwSignal<Option<Nango>, LocalStorage>) -> impl IntoView {
    let (status, set_status) = signal(Status::Idle);
    let api_key = RwSignal::new(String::new());
    let subdomain = RwSignal::new(String::new());
    let connect = move |_| {
        let options = AuthOptions::default()
            .credentials(Credentials::api_key(api_key.get_untracked()))
            .param("subdomain", subdomain.get_untracked());
        start(nango, "zendesk", options, "Connecting…", set_status);
    };
    view! {
        <section class="card" id="card-zendesk">
            <header><h2>"Zendesk"</h2><span class="mode">"API key"</span></header>
            <Field name="apiKey" label="API key" value=api_key kind="password" />
            <Field name="subdomain" label="Subdomain" value=subdomain />
            <button class="primary" on:click=connect>"Connect"</button>
            <StatusLine status=status />
        </section>
    }
}

#[component]
fn BasicCard(nango: RwSignal<Option<Nango>, LocalStorage>) -> impl IntoView {
    let (status, set_status) = signal(Status::Idle);
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let subdomain = RwSignal::new(String::new());
    let connect = move |_| {
        let options = AuthOptions::default()
            .credentials(Credentials::basic(
                username.get_untracked(),
                password.get_untracked(),
            ))
            .param("subdomain", subdomain.get_untracked());
        start(nango, "jira-basic", options, "Connecting…", set_status);
    };
    view! {
        <section class="card" id="card-jira-basic">
            <header><h2>"Jira"</h2><span class="mode">"Basic"</span></header>
            <Field name="username" label="Username or email" value=username />
            <Field name="password" label="API token" value=password kind="password" />
            <Field name="subdomain" label="Site" value=subdomain />
            <button class="primary" on:click=connect>"Connect"</button>
            <StatusLine status=status />
        </section>
    }
}

#[component]
fn OAuthCard(nango: RwSignal<Option<Nango>, LocalStorage>) -> impl IntoView {
    let (status, set_status) = signal(Status::Idle);
    let scopes = RwSignal::new(String::new());
    // Inside the click, before any await: the SDK opens its popup right here.
    let connect = move |_| {
        let mut options = AuthOptions::default()
            .detect_closed_auth_window(true)
            .on_event(move |event| {
                let text = match event.kind {
                    AuthEventKind::ServerConnected => {
                        "Waiting for GitHub… log in and approve in the window."
                    }
                    AuthEventKind::PopupClosed => "Popup closed.",
                    AuthEventKind::ResultReceived { .. } => "GitHub answered; finishing…",
                    _ => return,
                };
                set_status.set(Status::Working(text.to_owned()));
            });
        let scopes = scopes.get_untracked();
        if !scopes.is_empty() {
            options = options.param("oauth_scopes_override", scopes);
        }
        let working = "Opening the authorization window…";
        start(nango, "github", options, working, set_status);
    };
    view! {
        <section class="card" id="card-github">
            <header><h2>"GitHub"</h2><span class="mode">"OAuth2"</span></header>
            <Field name="oauth_scopes_override" label="Scopes override (optional)" value=scopes />
            <button class="primary" on:click=connect>"Connect GitHub"</button>
            <StatusLine status=status />
        </section>
    }
}
