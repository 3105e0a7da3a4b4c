// Entry of the npm package: the browser effects of the SDK. Every decision
// (option checks, URLs, bodies, the server's answers, the OAuth popup's
// state machine) is made by the WebAssembly module (src/js/mod.rs); this
// file does what it says: fetch, the popup, the WebSocket, messages, timers,
// the Connect UI iframe, and releases each of them when a call ends.
//
// In a browser the module is instantiated before the import resolves
// (top-level await), so that `auth()` inside a click handler opens its popup
// synchronously, as browsers require. It is embedded in
// `nango_frontend_wasm.js` (no .wasm file to fetch or to configure in a
// bundler). Elsewhere (server-side rendering, workers) importing is safe and
// every method fails with an `AuthError` of type `unsupported_environment`.
import { wasmResponse } from './nango_frontend_wasm.js';

/** The error every rejection of the SDK carries: `type`, `message`, and `status` when the server answered. */
class AuthError extends Error {
  constructor(message, type, status) {
    super(message);
    this.name = 'AuthError';
    this.type = type;
    if (status !== undefined) this.status = status;
  }
}

const inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

/** The module's exports (src/js/abi.rs). */
const wasm = inBrowser ? (await WebAssembly.instantiateStreaming(wasmResponse(), {})).instance.exports : null;
const encoder = inBrowser ? new TextEncoder() : null;
const decoder = inBrowser ? new TextDecoder() : null;

/** Calls an export with `text` in the module's input buffer (and `args`); returns what it returned. */
function send(fn, text, ...args) {
  const bytes = encoder.encode(text);
  const at = wasm.nango_input(bytes.length);
  // The buffer is read after `nango_input`, which may grow (and so replace) it.
  new Uint8Array(wasm.memory.buffer, at, bytes.length).set(bytes);
  return fn(...args);
}

/** The text result of an export: `len` bytes at `nango_output()`. */
function received(len) {
  const at = wasm.nango_output();
  return decoder.decode(new Uint8Array(wasm.memory.buffer, at, len));
}

/** Clients are released when their `Nango` is collected. */
const clients = inBrowser && typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((id) => wasm.nango_client_free(id)) : null;

/** Milliseconds between the end of a flow and the closing of its popup, so that the callback page can post its message. */
const POPUP_CLOSE_GRACE_MS = 500;
/** How often `popup.closed` is read. */
const CLOSE_POLL_MS = 500;
const CONNECT_UI_STYLE =
  'position:fixed;z-index:9999;top:0;left:0;right:0;bottom:0;width:100vw;height:100vh;border:0;background-color:transparent';
/** `nango_client_plan`'s methods. */
const METHODS = { auth: 0, reconnect: 1, create: 2 };
// What the flow state machine is told (see `Flow::on`).
const SOCKET_TEXT = 0, SOCKET_LOST = 1, POPUP_MESSAGE = 2, POPUP_CLOSED = 3, TIMER_FIRED = 4;

const log = (on, message) => {
  if (on) console.log('[nango]', message);
};

const invalidOptions = (message) => new AuthError(message, 'invalid_options');
const aborted = () => new AuthError('The app aborted the authorization flow (AbortSignal).', 'aborted');
const cancelled = (message) => new AuthError(message, 'cancelled');
const blocked = () =>
  new AuthError('The browser blocked the authorization popup: call auth() directly in the click handler, before any await.', 'blocked_by_browser');
/** Any failure as an `AuthError` (a bug would otherwise reject with something untyped). */
const asAuthError = (e) =>
  e instanceof AuthError ? e : new AuthError(`Unexpected failure in nango-frontend-wasm: ${e?.message ?? e}`, 'unknown_error');
const networkError = (cause) =>
  new AuthError(
    `The request to the Nango server failed before an answer arrived (${typeof cause?.message === 'string' ? cause.message : ''}). Check the host, the network and CORS.`,
    'network_error',
  );

/**
 * A JavaScript value as JSON data: plain objects (own enumerable members),
 * arrays, strings, finite numbers, booleans, null. Functions, symbols,
 * bigints and objects of other classes are left out (`undefined`), as are
 * undefined members, unless `undefinedAsNull` (then they are null).
 */
function plain(value, undefinedAsNull = false, depth = 0) {
  if (value === undefined) return undefinedAsNull ? null : undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object' || depth >= 32) return undefined;
  if (Array.isArray(value)) return value.map((item) => plain(item, false, depth + 1) ?? null);
  const proto = Object.getPrototypeOf(value);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return undefined;
  const out = {};
  for (const key of Object.keys(value)) {
    const member = plain(value[key], undefinedAsNull, depth + 1);
    if (member !== undefined) out[key] = member;
  }
  return out;
}

/**
 * An argument of a call, as JSON data. Objects that are not plain data read
 * as "no options"; other values the module cannot take (functions...) as
 * `false`, which it refuses with a typed error. In `authorization_params` an
 * explicit undefined means "remove this default parameter": it is kept, as null.
 */
function argument(value) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object') return plain(value) ?? false;
  const out = plain(value);
  if (out && !Array.isArray(out) && 'authorization_params' in out) {
    out.authorization_params = plain(value.authorization_params, true, 1) ?? out.authorization_params;
  }
  return out ?? null;
}

/**
 * Named members of an options object (inherited and getter members too), as
 * JSON data; a value that is not data (a function, a non-finite number...)
 * becomes one of the wrong type, which the module refuses.
 */
function pick(options, names) {
  if (options === undefined || options === null) return null;
  if (typeof options !== 'object') return false;
  const out = {};
  for (const name of names) {
    const value = options[name];
    if (value === undefined) continue;
    out[name] = typeof value === 'number' && !Number.isFinite(value) ? String(value) : plain(value, false, 1) ?? false;
  }
  return out;
}

/** The options that are not JSON: `signal` and `popup`. */
function readExtras(options) {
  const member = (name) => (options !== null && typeof options === 'object' ? options[name] : undefined);
  const signal = member('signal') ?? undefined;
  if (signal !== undefined && !(typeof AbortSignal === 'function' && signal instanceof AbortSignal)) {
    throw invalidOptions('The option signal must be an AbortSignal.');
  }
  const popup = member('popup') ?? undefined;
  // A window of another browsing context fails `instanceof Window` (another
  // realm), so it is recognised by what it has.
  if (popup !== undefined && !(typeof popup.closed === 'boolean' && typeof popup.postMessage === 'function')) {
    throw invalidOptions('The option popup must be a Window (from window.open).');
  }
  return { signal, popup };
}

/** A result of the module: its JSON, or (`!` and `[type, message, status]`) the `AuthError` it throws. */
function read(result) {
  if (result[0] !== '!') return JSON.parse(result);
  const [type, message, status] = JSON.parse(result.slice(1));
  throw new AuthError(message, type, status ?? undefined);
}

/** The connection the server made, from its answer; or throws its `AuthError`. */
const connection = (status, text) => read(received(send(wasm.nango_decode, text, status)));

/**
 * Runs a flow to its end. `start(finish)` starts it and returns what stops
 * it (releasing what it holds); `finish(error, value)` settles the call once.
 * The timeout and the abort signal end it too.
 */
function settleOnce(start, { timeout, signal }) {
  return new Promise((resolve, reject) => {
    let done = false;
    let stop = null;
    const releases = [];
    const finish = (error, value) => {
      if (done) return;
      done = true;
      for (const release of releases) release();
      stop?.(error, value);
      if (error) reject(error);
      else resolve(value);
    };
    try {
      stop = start(finish);
    } catch (e) {
      finish(asAuthError(e));
    }
    if (done) {
      stop?.();
      return;
    }
    if (timeout) {
      const timer = setTimeout(() => finish(new AuthError(`The authorization flow did not finish within ${timeout} ms.`, 'timeout')), timeout);
      releases.push(() => clearTimeout(timer));
    }
    if (signal) {
      const onAbort = () => finish(aborted());
      signal.addEventListener('abort', onAbort);
      releases.push(() => signal.removeEventListener('abort', onAbort));
    }
  });
}

/** One request; `[status, text]`, or a `network_error`. `signal` aborts it. */
async function request(url, init, signal) {
  let response;
  try {
    response = await fetch(url, { ...init, signal });
    return [response.status, await response.text()];
  } catch (e) {
    if (typeof fetch !== 'function') throw new AuthError('This environment has no fetch().', 'unsupported_environment');
    throw networkError(e);
  }
}

/** The auth POST. */
function postFlow(plan, debug) {
  return (finish) => {
    const controller = new AbortController();
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json' } };
    if (plan.body !== null) init.body = plan.body;
    request(plan.post, init, controller.signal).then(
      ([status, text]) => {
        log(debug, `HTTP ${status}`);
        let result;
        try {
          result = connection(status, text);
        } catch (e) {
          return finish(asAuthError(e));
        }
        finish(null, result);
      },
      (e) => finish(e),
    );
    return () => controller.abort();
  };
}

/** Opens the popup now, inside the click: `window.open` or the app's own window. */
function openPopup(client, adopted) {
  let win = adopted;
  if (!win) {
    try {
      win = window.open('', '_blank', received(wasm.nango_client_features(client, screen.width || 0, screen.height || 0)));
    } catch {
      win = null;
    }
  }
  if (!win || win.closed) throw blocked();
  try {
    const body = win.document.body;
    if (body && body.childElementCount === 0) body.textContent = 'Connecting…';
  } catch {
    // Another origin already: nothing to show.
  }
  return win;
}

/**
 * The OAuth popup flow: the socket's frames, the popup's messages,
 * `popup.closed` and timers go to the state machine, which says what to do.
 */
function popupFlow(plan, win, debug, onEnd) {
  return (finish) => {
    const origin = plan.origin;
    let flow = null;
    let socket = null;
    let timer = null;
    let reconnectTimer = null;
    let tick = null;
    let channel = null;
    let graceful = false;
    let stopped = false;
    const check = new AbortController();

    const end = (error, value) => {
      graceful = true;
      log(debug, error ? 'Flow failed' : 'Flow succeeded');
      finish(error, value);
    };
    const act = (action) => {
      switch (action[0]) {
        case 'navigate':
          log(debug, `Navigating the popup to ${action[2]}`);
          try {
            win.location.href = action[1];
          } catch {
            finish(blocked());
          }
          break;
        case 'reconnect':
          reconnectTimer = setTimeout(() => {
            reconnectTimer = null;
            log(debug, 'Reconnecting the WebSocket');
            connect();
          }, action[1]);
          break;
        case 'ack':
          try {
            win.postMessage({ type: 'nango_oauth_callback_ack' }, origin);
          } catch {
            // The popup is gone: nothing to tell it.
          }
          break;
        case 'timer':
          clearTimeout(timer);
          timer = setTimeout(() => {
            timer = null;
            feed(TIMER_FIRED);
          }, action[1]);
          break;
        case 'ok':
          end(null, action[1]);
          break;
        case 'err':
          end(new AuthError(action[2], action[1]));
          break;
      }
    };
    const feed = (kind, data = '') => {
      if (stopped) return;
      try {
        const { log: line, actions } = JSON.parse(received(send(wasm.nango_flow_on, data, flow, kind)));
        if (line) log(debug, line);
        for (const action of actions) if (!stopped) act(action);
      } catch (e) {
        finish(asAuthError(e));
      }
    };
    const popupMessage = (data) => {
      const json = plain(data);
      if (json !== undefined) feed(POPUP_MESSAGE, JSON.stringify(json));
    };
    const onMessage = (e) => {
      if (e.origin !== origin || (e.source && e.source !== win)) return;
      popupMessage(e.data);
    };
    const closeSocket = () => {
      if (!socket) return;
      socket.onmessage = socket.onclose = socket.onerror = null;
      if (socket.readyState <= WebSocket.OPEN) socket.close();
      socket = null;
    };
    const connect = () => {
      try {
        socket = new WebSocket(plan.ws);
      } catch {
        return finish(new AuthError(`The browser refused the WebSocket URL ${JSON.stringify(plan.ws)}.`, 'invalid_host_url'));
      }
      socket.onmessage = (e) => {
        if (typeof e.data === 'string') feed(SOCKET_TEXT, e.data);
      };
      socket.onclose = socket.onerror = () => {
        closeSocket();
        feed(SOCKET_LOST);
      };
    };
    // Releases everything, whichever way the flow ended (also when it could not start).
    const stop = (error) => {
      stopped = true;
      onEnd();
      if (error?.type === 'cancelled' || error?.type === 'timeout' || error?.type === 'aborted') {
        log(debug, `Flow ended from outside: ${error.type}`);
      }
      window.removeEventListener('message', onMessage);
      channel?.close();
      closeSocket();
      clearTimeout(timer);
      clearTimeout(reconnectTimer);
      clearInterval(tick);
      check.abort();
      if (flow !== null) wasm.nango_flow_free(flow);
      flow = null;
      if (graceful && !win.closed) setTimeout(() => win.close(), POPUP_CLOSE_GRACE_MS);
      else win.close();
    };

    try {
      flow = send(wasm.nango_flow_new, plan.popup, plan.detectClosed ? 1 : 0);
      window.addEventListener('message', onMessage);
      if (location.origin === origin && typeof BroadcastChannel === 'function') {
        channel = new BroadcastChannel('nango-oauth-callback');
        channel.onmessage = (e) => popupMessage(e.data);
      }
      tick = setInterval(() => {
        if (win.closed) feed(POPUP_CLOSED);
      }, CLOSE_POLL_MS);
      log(debug, `Popup opened; connecting to ${plan.ws}`);
      connect();
    } catch (e) {
      stop();
      throw e;
    }
    if (plan.check) {
      // The server answers an unknown or expired token with a JSON 401 in the
      // popup and nothing on the socket: ask it directly. Only a clear
      // refusal counts.
      request(plan.check, { headers: { Authorization: `Bearer ${plan.token}` } }, check.signal).then(([status, text]) => {
        if (status !== 401 && status !== 403) return;
        try {
          connection(status, text);
        } catch (e) {
          log(debug, `The server refused the session token: ${e.type}`);
          finish(e);
        }
      }, () => {});
    }
    return stop;
  };
}

/** The Nango client, a drop-in for `@nangohq/frontend`'s. */
class Nango {
  #client;
  #debug;
  #cancelCurrent = null;

  /** `new Nango({ connectSessionToken | publicKey, host, websocketsPath, width, height, debug })` */
  constructor(config) {
    const options = pick(config, ['host', 'websocketsPath', 'connectSessionToken', 'publicKey', 'width', 'height']);
    let client, problem;
    try {
      client = send(wasm.nango_client_new, JSON.stringify(options));
      problem = received(wasm.nango_client_error(client));
    } catch (e) {
      throw asAuthError(e);
    }
    if (problem) {
      wasm.nango_client_free(client);
      read(problem);
    }
    this.#client = client;
    clients?.register(this, client);
    this.#debug = Boolean(config && config.debug);
    if (this.#debug) log(true, `Debug mode is enabled. Using host: ${received(wasm.nango_client_base(client))}.`);
  }

  /**
   * `auth(integrationId, options?)` or `auth(integrationId, connectionId, options?)`.
   * Opens the OAuth popup before returning (call it inside the click handler).
   * Extra options: `timeout` (ms), `signal` (AbortSignal), `popup` (a window the app opened itself).
   */
  auth(integrationId, connectionIdOrOptions, moreOptions) {
    return this.#call('auth', integrationId, connectionIdOrOptions, moreOptions);
  }

  /** `reconnect(integrationId, options?)`: requires a connect session token. */
  reconnect(integrationId, options) {
    return this.#call('reconnect', integrationId, options, undefined);
  }

  /** `create(integrationId, connectionConfig?)` or `create(integrationId, connectionId, connectionConfig?)`. */
  create(integrationId, connectionIdOrConfig, moreConfig) {
    return this.#call('create', integrationId, connectionIdOrConfig, moreConfig);
  }

  /** Ends the popup flow in progress: it rejects with `cancelled`. */
  clear() {
    if (this.#cancelCurrent) {
      log(this.#debug, 'clear(): ending the flow in progress');
      this.#cancelCurrent(cancelled('clear() ended this authorization flow.'));
    }
  }

  /**
   * Opens the managed Connect UI and returns it (`open()`, `close()`,
   * `setSessionToken()`). The token defaults to the client's, `apiURL` to the client's host.
   */
  openConnectUI(props) {
    const target = read(received(send(wasm.nango_client_connect_ui, JSON.stringify(connectUiProps(props)), this.#client)));
    const ui = new ConnectUI(props, target);
    ui.open();
    return ui;
  }

  #call(method, integrationId, second, third) {
    const debug = this.#debug;
    let extras;
    let plan;
    try {
      extras = readExtras(typeof second === 'string' ? third : second);
      if (extras.signal?.aborted) throw aborted();
      try {
        const args = JSON.stringify([argument(integrationId), argument(second), argument(third)]);
        plan = read(received(send(wasm.nango_client_plan, args, this.#client, METHODS[method])));
      } catch (e) {
        log(debug, `Refused before any request: ${e.type}`);
        throw e;
      }
    } catch (e) {
      return Promise.reject(asAuthError(e));
    }
    const limits = { timeout: plan.timeout, signal: extras.signal };
    if (plan.post !== undefined) {
      // The URL without its secrets, made only for the log.
      if (debug) log(debug, `POST ${received(send(wasm.nango_redact, plan.post))}`);
      return settleOnce(postFlow(plan, debug), limits);
    }
    // A newer flow replaces the one in progress, then opens its popup, now.
    this.#cancelCurrent?.(cancelled('A newer auth() call replaced this authorization flow.'));
    let win;
    try {
      win = openPopup(this.#client, extras.popup);
    } catch (e) {
      log(debug, 'The popup was blocked');
      return Promise.reject(asAuthError(e));
    }
    let cancel = null;
    const onEnd = () => {
      if (this.#cancelCurrent === cancel) this.#cancelCurrent = null;
    };
    const start = popupFlow(plan, win, debug, onEnd);
    return settleOnce((finish) => {
      cancel = finish;
      this.#cancelCurrent = cancel;
      return start(finish);
    }, limits);
  }
}

/** The Connect UI props the module reads. */
function connectUiProps(props) {
  const picked = pick(props, ['sessionToken', 'baseURL', 'apiURL', 'lang', 'themeOverride']);
  if (picked) picked.detectClosedAuthWindow = Boolean(props.detectClosedAuthWindow);
  return picked;
}

/** Nango's managed Connect UI, in a full-screen iframe. */
class ConnectUI {
  #target;
  #token;
  #onEvent;
  #iframe = null;
  #listener = null;
  #ready = false;
  #overflow = null;

  /** `new ConnectUI({ sessionToken, baseURL, apiURL, lang, themeOverride, detectClosedAuthWindow, onEvent })` */
  constructor(props, target = undefined) {
    target ??= read(received(send(wasm.nango_connect_ui, JSON.stringify(connectUiProps(props)))));
    const onEvent = props?.onEvent ?? undefined;
    if (onEvent !== undefined && typeof onEvent !== 'function') throw invalidOptions('onEvent must be a function.');
    this.#target = target;
    this.#token = target.token ?? undefined;
    this.#onEvent = onEvent;
  }

  /** Shows the UI (again). */
  open() {
    if (this.#iframe?.isConnected) return;
    this.close();
    const body = document.body;
    if (!body) throw new AuthError('The Connect UI needs a page with a body.', 'unsupported_environment');
    const iframe = document.createElement('iframe');
    iframe.src = this.#target.url;
    iframe.id = 'connect-ui';
    iframe.setAttribute('allow', 'clipboard-write');
    iframe.setAttribute('style', CONNECT_UI_STYLE);
    body.appendChild(iframe);
    this.#overflow = body.style.getPropertyValue('overflow');
    body.style.setProperty('overflow', 'hidden');
    this.#listener = (e) => this.#onMessage(e);
    window.addEventListener('message', this.#listener);
    this.#iframe = iframe;
    this.#ready = false;
  }

  /** Removes the UI and restores the page's scrolling. */
  close() {
    this.#ready = false;
    if (this.#listener) window.removeEventListener('message', this.#listener);
    this.#listener = null;
    const iframe = this.#iframe;
    this.#iframe = null;
    if (!iframe) return;
    iframe.remove();
    const style = document.body?.style;
    if (style && this.#overflow !== null) {
      if (this.#overflow === '') style.removeProperty('overflow');
      else style.setProperty('overflow', this.#overflow);
    }
    this.#overflow = null;
  }

  /** Sets the session token; sent to the UI now if it is ready, else when it is. */
  setSessionToken(token) {
    this.#token = token;
    if (this.#ready) this.#sendToken();
  }

  #sendToken() {
    const frame = this.#iframe?.contentWindow;
    if (this.#token === undefined || !frame) return;
    frame.postMessage({ type: 'session_token', sessionToken: this.#token }, this.#target.origin);
  }

  #onMessage(e) {
    const frame = this.#iframe?.contentWindow;
    if (e.origin !== this.#target.origin || !e.source || !frame || e.source !== frame) return;
    const data = plain(e.data);
    if (!data || typeof data !== 'object' || Array.isArray(data) || typeof data.type !== 'string') return;
    if (data.type === 'ready') {
      this.#ready = true;
      this.#sendToken();
    } else if (data.type === 'close') {
      queueMicrotask(() => this.close());
    }
    if (this.#onEvent) {
      try {
        this.#onEvent(e.data);
      } catch (err) {
        console.error('[nango] onEvent threw:', err);
      }
    }
  }
}

const unsupported = () =>
  new AuthError('nango-frontend-wasm needs a browser window (it was called during server-side rendering or in a worker).', 'unsupported_environment');

class ServerSideNango {
  auth() { return Promise.reject(unsupported()); }
  create() { return Promise.reject(unsupported()); }
  reconnect() { return Promise.reject(unsupported()); }
  clear() {}
  openConnectUI() { throw unsupported(); }
}

class ServerSideConnectUI {
  open() { throw unsupported(); }
  close() {}
  setSessionToken() {}
}

const NangoClass = inBrowser ? Nango : ServerSideNango;
const ConnectUIClass = inBrowser ? ConnectUI : ServerSideConnectUI;

export { AuthError, ConnectUIClass as ConnectUI, NangoClass as Nango };
export default NangoClass;
