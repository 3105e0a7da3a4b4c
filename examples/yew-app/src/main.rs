//! Acme CRM's "Integrations" page as a Yew (CSR) app: an API-key
//! integration with a subdomain, a username-and-password one, and an OAuth
//! one with a scopes override, each with its loading / connected / error
//! states, using the `nango-frontend` crate directly. Handlers are written
//! as Yew teaches: `spawn_local(async move { ... })`, state set, then the
//! call awaited. A last card starts the same OAuth call in each of the four
//! ways a click handler can (the browser tests click each one).
//!
//! The connect session token comes from the app's backend (`POST
//! /app/session` on the dev server, which calls Nango with its secret key).

use nango_frontend::{
    AuthError, AuthEventKind, AuthOptions, AuthSuccess, Credentials, Nango, NangoOptions,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

/// What a card shows.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Working(String),
    Connected(String),
    Failed { error_type: String, message: String },
}

fn outcome(result: Result<AuthSuccess, AuthError>) -> Status {
    match result {
        Ok(connection) => Status::Connected(connection.connection_id),
        Err(e) => Status::Failed {
            error_type: e.error_type().to_owned(),
            message: e.message().to_owned(),
        },
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}

/// The page's origin, where the dev server also serves the Nango API.
fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
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

/// A client for a fresh session from the app's backend.
async fn new_client() -> Option<Nango> {
    let token = session_token().await.ok()?;
    Nango::new(
        NangoOptions::default()
            .connect_session_token(token)
            .host(origin()),
    )
    .ok()
}

/// The page's client, once its session is ready (props must compare: a
/// client is only ever replaced by `Some`).
#[derive(Clone, Default)]
struct Client(Option<Nango>);

impl PartialEq for Client {
    fn eq(&self, other: &Client) -> bool {
        self.0.is_some() == other.0.is_some()
    }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    client: Client,
}

#[function_component]
fn App() -> Html {
    let client = use_state(Client::default);
    let session = use_state(|| "Starting a connect session…".to_owned());
    {
        let (client, session) = (client.clone(), session.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                match new_client().await {
                    Some(nango) => {
                        client.set(Client(Some(nango)));
                        session.set("Connect session ready (valid 30 minutes).".to_owned());
                    }
                    None => session.set("Could not start a connect session.".to_owned()),
                }
            });
        });
    }
    let client = (*client).clone();
    html! {
        <>
            <div class="topbar"><span class="logo">{"Acme CRM"}</span><span class="user">{"Yew edition"}</span></div>
            <main>
                <h1>{"Integrations"}</h1>
                <p class="lead">{"Connect the tools your team uses. Your credentials go to Nango, never to Acme's servers."}</p>
                <p class="session" id="session">{(*session).clone()}</p>
                <div class="grid">
                    <ApiKeyCard client={client.clone()} />
                    <BasicCard client={client.clone()} />
                    <OAuthCard client={client.clone()} />
                    <HandlerShapesCard client={client} />
                </div>
            </main>
        </>
    }
}

/// A card's status line.
#[derive(Properties, PartialEq)]
struct StatusProps {
    status: Status,
}

#[function_component]
fn StatusLine(props: &StatusProps) -> Html {
    match &props.status {
        Status::Idle => html! { <p class="status" data-state="idle"></p> },
        Status::Working(text) => {
            html! { <p class="status loading" data-state="loading">{text}</p> }
        }
        Status::Connected(id) => html! {
            <p class="status success" data-state="connected">{"Connected · connection "}<code class="connection-id">{id}</code></p>
        },
        Status::Failed {
            error_type,
            message,
        } => html! {
            <p class="status error" data-state="error"><code class="error-type">{error_type}</code>{" "}{message}</p>
        },
    }
}

/// A text input bound to `value`.
#[derive(Properties, PartialEq)]
struct FieldProps {
    name: AttrValue,
    label: AttrValue,
    value: UseStateHandle<String>,
    #[prop_or(AttrValue::Static("text"))]
    kind: AttrValue,
}

#[function_component]
fn Field(props: &FieldProps) -> Html {
    let value = props.value.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        value.set(e.target_unchecked_into::<HtmlInputElement>().value());
    });
    html! {
        <label>{&props.label}
            <input name={&props.name} type={&props.kind} autocomplete="off" value={(*props.value).clone()} {oninput} />
        </label>
    }
}

/// A click handler that runs `call` with the page's client in a task,
/// showing `Connecting…` first and the outcome after.
fn connect(
    client: &Client,
    status: &UseStateHandle<Status>,
    call: impl Fn(Nango) -> nango_frontend::AuthFuture + 'static,
) -> Callback<MouseEvent> {
    let (client, status) = (client.0.clone(), status.clone());
    Callback::from(move |_| {
        let Some(nango) = client.clone() else { return };
        let status = status.clone();
        let flow = &call;
        status.set(Status::Working("Connecting…".to_owned()));
        let future = flow(nango);
        spawn_local(async move { status.set(outcome(future.await)) });
    })
}

#[function_component]
fn ApiKeyCard(props: &CardProps) -> Html {
    let status = use_state(|| Status::Idle);
    let api_key = use_state(String::new);
    let subdomain = use_state(String::new);
    let onclick = {
        let (api_key, subdomain) = (api_key.clone(), subdomain.clone());
        connect(&props.client, &status, move |nango| {
            nango.auth(
                "zendesk",
                AuthOptions::default()
                    .credentials(Credentials::api_key((*api_key).clone()))
                    .param("subdomain", (*subdomain).clone()),
            )
        })
    };
    html! {
        <section class="card" id="card-zendesk">
            <header><h2>{"Zendesk"}</h2><span class="mode">{"API key"}</span></header>
            <Field name="apiKey" label="API key" value={api_key} kind="password" />
            <Field name="subdomain" label="Subdomain" value={subdomain} />
            <button class="primary" {onclick}>{"Connect"}</button>
            <StatusLine status={(*status).clone()} />
        </section>
    }
}

#[function_component]
fn BasicCard(props: &CardProps) -> Html {
    let status = use_state(|| Status::Idle);
    let username = use_state(String::new);
    let password = use_state(String::new);
    let subdomain = use_state(String::new);
    let onclick = {
        let (username, password, subdomain) =
            (username.clone(), password.clone(), subdomain.clone());
        connect(&props.client, &status, move |nango| {
            nango.auth(
                "jira-basic",
                AuthOptions::default()
                    .credentials(Credentials::basic((*username).clone(), (*password).clone()))
                    .param("subdomain", (*subdomain).clone()),
            )
        })
    };
    html! {
        <section class="card" id="card-jira-basic">
            <header><h2>{"Jira"}</h2><span class="mode">{"Basic"}</span></header>
            <Field name="username" label="Username or email" value={username} />
            <Field name="password" label="API token" value={password} kind="password" />
            <Field name="subdomain" label="Site" value={subdomain} />
            <button class="primary" {onclick}>{"Connect"}</button>
            <StatusLine status={(*status).clone()} />
        </section>
    }
}

#[function_component]
fn OAuthCard(props: &CardProps) -> Html {
    let status = use_state(|| Status::Idle);
    let scopes = use_state(String::new);
    // As Yew apps write it: a task first, state set, then the call awaited
    // (the SDK opens the popup right after this poll, within the click).
    let onclick = {
        let (client, status, scopes) = (props.client.0.clone(), status.clone(), scopes.clone());
        Callback::from(move |_: MouseEvent| {
            let (client, status, scopes) = (client.clone(), status.clone(), (*scopes).clone());
            spawn_local(async move {
                let Some(nango) = client else { return };
                status.set(Status::Working(
                    "Opening the authorization window…".to_owned(),
                ));
                let progress = status.clone();
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
                        progress.set(Status::Working(text.to_owned()));
                    });
                if !scopes.is_empty() {
                    options = options.param("oauth_scopes_override", scopes);
                }
                status.set(outcome(nango.auth("github", options).await));
            });
        })
    };
    html! {
        <section class="card" id="card-github">
            <header><h2>{"GitHub"}</h2><span class="mode">{"OAuth2"}</span></header>
            <Field name="oauth_scopes_override" label="Scopes override (optional)" value={scopes} />
            <button class="primary" {onclick}>{"Connect GitHub"}</button>
            <StatusLine status={(*status).clone()} />
        </section>
    }
}

/// One OAuth call (GitHub, no scopes override),
/// started in each of the ways a click handler can.
#[function_component]
fn HandlerShapesCard(props: &CardProps) -> Html {
    const ID: &str = "github";
    let statuses = [
        use_state(|| Status::Idle),
        use_state(|| Status::Idle),
        use_state(|| Status::Idle),
        use_state(|| Status::Idle),
    ];
    let ticks = use_state(|| 0u32);
    let client = props.client.0.clone();
    // 1. The call in the handler, its future awaited in a task.
    let one = {
        let (client, status) = (client.clone(), statuses[0].clone());
        Callback::from(move |_: MouseEvent| {
            let Some(nango) = client.clone() else { return };
            status.set(Status::Working("Connecting…".to_owned()));
            let flow = nango.auth(ID, AuthOptions::default());
            let status = status.clone();
            spawn_local(async move { status.set(outcome(flow.await)) });
        })
    };
    // 2. A task first: state set, then the call awaited.
    let two = {
        let (client, status) = (client.clone(), statuses[1].clone());
        Callback::from(move |_: MouseEvent| {
            let (client, status) = (client.clone(), status.clone());
            spawn_local(async move {
                let Some(nango) = client else { return };
                status.set(Status::Working("Connecting…".to_owned()));
                status.set(outcome(nango.auth(ID, AuthOptions::default()).await));
            });
        })
    };
    // 3. The same, with other tasks woken in the same tick.
    let three = {
        let (client, status, ticks) = (client.clone(), statuses[2].clone(), ticks.clone());
        Callback::from(move |_: MouseEvent| {
            for _ in 0..3 {
                let ticks = ticks.clone();
                spawn_local(async move { ticks.set(*ticks + 1) });
            }
            let (client, status, ticks) = (client.clone(), status.clone(), ticks.clone());
            spawn_local(async move {
                let Some(nango) = client else { return };
                status.set(Status::Working("Connecting…".to_owned()));
                spawn_local(async move { ticks.set(*ticks + 1) });
                status.set(outcome(nango.auth(ID, AuthOptions::default()).await));
            });
        })
    };
    // 4. A task that first awaits the app's backend (a fresh session), then calls.
    let four = {
        let status = statuses[3].clone();
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            spawn_local(async move {
                status.set(Status::Working(
                    "Asking the backend for a session…".to_owned(),
                ));
                let Some(nango) = new_client().await else {
                    return status.set(Status::Working("No session.".to_owned()));
                };
                status.set(outcome(nango.auth(ID, AuthOptions::default()).await));
            });
        })
    };
    let line = |i: usize| html! { <StatusLine status={(*statuses[i]).clone()} /> };
    html! {
        <section class="card" id="card-shapes">
            <header><h2>{"Handler shapes"}</h2><span class="mode">{"OAuth2"}</span></header>
            <p class="hint">{"The same call, started four ways. Tasks woken: "}<span id="ticks">{*ticks}</span></p>
            <div id="shape-1"><button data-shape="1" onclick={one}>{"1 · call, then spawn"}</button>{line(0)}</div>
            <div id="shape-2"><button data-shape="2" onclick={two}>{"2 · spawn, then call"}</button>{line(1)}</div>
            <div id="shape-3"><button data-shape="3" onclick={three}>{"3 · spawn with other tasks"}</button>{line(2)}</div>
            <div id="shape-4"><button data-shape="4" onclick={four}>{"4 · spawn, fetch, then call"}</button>{line(3)}</div>
        </section>
    }
}
