//! Acme CRM's "Integrations" page as a Leptos (CSR) app: an API-key
//! integration with a subdomain, a username-and-password one, and an OAuth
//! one with a scopes override, each with its loading / connected / error
//! states, using the `nango-frontend` crate directly. The OAuth card is
//! there twice: with `auth()` called in the click handler, and with the
//! whole handler in one `spawn_local` task, as Leptos apps usually write
//! it. A last card starts the same OAuth call in each of the four ways a
//! click handler can (the browser tests click each one).
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

/// The page's origin, where the dev server also serves the Nango API.
fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

#[component]
fn App() -> impl IntoView {
    // `Nango` lives on this thread: a local signal.
    let nango = RwSignal::new_local(None::<Nango>);
    let (session, set_session) = signal("Starting a connect session…".to_owned());
    spawn_local(async move {
        match session_token().await {
            Ok(token) => match Nango::new(
                NangoOptions::default()
                    .connect_session_token(token)
                    .host(origin()),
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
                <OAuthSpawnFirstCard nango=nango />
                <HandlerShapesCard nango=nango />
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
        set_status.set(outcome(flow.await));
    });
}

fn outcome(result: Result<nango_frontend::AuthSuccess, AuthError>) -> Status {
    match result {
        Ok(connection) => Status::Connected(connection.connection_id),
        Err(e) => Status::Failed {
            error_type: e.error_type().to_owned(),
            message: e.message().to_owned(),
        },
    }
}

/// The GitHub card's options: the scopes override, if any, and the
/// progress states.
fn github_options(scopes: String, set_status: WriteSignal<Status>) -> AuthOptions {
    let options = AuthOptions::default()
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
    if scopes.is_empty() {
        options
    } else {
        options.param("oauth_scopes_override", scopes)
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
    // The call is made in the click handler; its future is awaited in a task.
    let connect = move |_| {
        let options = github_options(scopes.get_untracked(), set_status);
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

#[component]
fn OAuthSpawnFirstCard(nango: RwSignal<Option<Nango>, LocalStorage>) -> impl IntoView {
    let (status, set_status) = signal(Status::Idle);
    let scopes = RwSignal::new(String::new());
    // The whole handler in one task, as Leptos apps write it: a signal set,
    // then the call awaited (the SDK opens the popup right after this poll).
    let connect = move |_| {
        spawn_local(async move {
            let Some(client) = nango.get_untracked() else {
                return;
            };
            set_status.set(Status::Working(
                "Opening the authorization window…".to_owned(),
            ));
            let options = github_options(scopes.get_untracked(), set_status);
            set_status.set(outcome(client.auth("github", options).await));
        });
    };
    view! {
        <section class="card" id="card-github-spawn-first">
            <header><h2>"GitHub"</h2><span class="mode">"OAuth2 · one task"</span></header>
            <Field name="oauth_scopes_override" label="Scopes override (optional)" value=scopes />
            <button class="primary" on:click=connect>"Connect GitHub"</button>
            <StatusLine status=status />
        </section>
    }
}

/// One OAuth call (GitHub, no scopes override),
/// started in each of the ways a click handler can.
#[component]
fn HandlerShapesCard(nango: RwSignal<Option<Nango>, LocalStorage>) -> impl IntoView {
    const ID: &str = "github";
    let statuses = [(); 4].map(|_| signal(Status::Idle));
    let [(s1, set1), (s2, set2), (s3, set3), (s4, set4)] = statuses;
    let ticks = RwSignal::new(0u32);
    let client = move || nango.get_untracked();
    // 1. The call in the handler, its future awaited in a task.
    let one = move |_| {
        let Some(client) = client() else { return };
        set1.set(Status::Working("Connecting…".to_owned()));
        let flow = client.auth(ID, AuthOptions::default());
        spawn_local(async move { set1.set(outcome(flow.await)) });
    };
    // 2. A task first: a signal set, then the call awaited.
    let two = move |_| {
        spawn_local(async move {
            let Some(client) = client() else { return };
            set2.set(Status::Working("Connecting…".to_owned()));
            set2.set(outcome(client.auth(ID, AuthOptions::default()).await));
        });
    };
    // 3. The same, with other tasks woken in the same tick.
    let three = move |_| {
        for _ in 0..3 {
            spawn_local(async move { ticks.update(|n| *n += 1) });
        }
        spawn_local(async move {
            let Some(client) = client() else { return };
            set3.set(Status::Working("Connecting…".to_owned()));
            spawn_local(async move { ticks.update(|n| *n += 1) });
            set3.set(outcome(client.auth(ID, AuthOptions::default()).await));
        });
    };
    // 4. A task that first awaits the app's backend (a fresh session), then calls.
    let four = move |_| {
        spawn_local(async move {
            set4.set(Status::Working(
                "Asking the backend for a session…".to_owned(),
            ));
            let client = match session_token().await.map(|token| {
                Nango::new(
                    NangoOptions::default()
                        .connect_session_token(token)
                        .host(origin()),
                )
            }) {
                Ok(Ok(client)) => client,
                _ => return set4.set(Status::Working("No session.".to_owned())),
            };
            set4.set(outcome(client.auth(ID, AuthOptions::default()).await));
        });
    };
    view! {
        <section class="card" id="card-shapes">
            <header><h2>"Handler shapes"</h2><span class="mode">"OAuth2"</span></header>
            <p class="hint">"The same call, started four ways. Tasks woken: "<span id="ticks">{move || ticks.get()}</span></p>
            <div id="shape-1"><button data-shape="1" on:click=one>"1 · call, then spawn"</button><StatusLine status=s1 /></div>
            <div id="shape-2"><button data-shape="2" on:click=two>"2 · spawn, then call"</button><StatusLine status=s2 /></div>
            <div id="shape-3"><button data-shape="3" on:click=three>"3 · spawn with other tasks"</button><StatusLine status=s3 /></div>
            <div id="shape-4"><button data-shape="4" on:click=four>"4 · spawn, fetch, then call"</button><StatusLine status=s4 /></div>
        </section>
    }
}
