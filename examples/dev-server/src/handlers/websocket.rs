//! The WebSocket the SDK opens during an OAuth flow: the server says hello
//! with the client's id, then sends the flow's result to that id.

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

use crate::state::{lock, SharedState};

/// `GET /`: a WebSocket upgrade, or (for a browser) a redirect to the example page.
pub async fn root(
    State(state): State<SharedState>,
    Query(knobs): Query<Knobs>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    match upgrade {
        Ok(upgrade) => upgrade.on_upgrade(move |socket| serve(state, socket, knobs)),
        Err(_) => Redirect::temporary("/examples/custom-ui/").into_response(),
    }
}

/// Test knobs, read from the WebSocket URL's query (an SDK sets them through
/// its `websocketsPath` option): `ack_delay_ms=N` delays the hello (a slow
/// network), `drop_after_ack=1` closes the socket right after it (a proxy
/// dropping an idle connection).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Knobs {
    #[serde(default)]
    ack_delay_ms: u64,
    #[serde(default)]
    drop_after_ack: u8,
}

async fn serve(state: SharedState, mut socket: WebSocket, knobs: Knobs) {
    if knobs.ack_delay_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(
            knobs.ack_delay_ms.min(60_000),
        ))
        .await;
    }
    let ws_client_id = uuid::Uuid::new_v4().to_string();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    lock(&state.ws_clients).insert(ws_client_id.clone(), tx);
    let ack = json!({ "message_type": "connection_ack", "ws_client_id": ws_client_id }).to_string();
    if socket.send(Message::Text(ack.into())).await.is_ok() && knobs.drop_after_ack == 0 {
        // After a result the server forgets the client (the sender is
        // dropped) but keeps the socket open until the client closes it.
        let mut rx = Some(rx);
        loop {
            tokio::select! {
                frame = async { rx.as_mut().expect("checked").recv().await }, if rx.is_some() => match frame {
                    Some(text) => {
                        if socket.send(Message::Text(text.into())).await.is_err() {
                            break;
                        }
                    }
                    None => rx = None,
                },
                incoming = socket.recv() => match incoming {
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                    Some(Ok(_)) => {}
                },
            }
        }
    }
    lock(&state.ws_clients).remove(&ws_client_id);
}
