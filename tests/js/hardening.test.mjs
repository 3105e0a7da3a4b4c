// A page that hands the package hostile values: getters and Proxy traps that
// throw while the SDK reads them, fake platform objects, forged message
// events. Every call settles with an AuthError of the type a clean refusal
// has (or throws one, for the constructors): never the `unknown_error` a
// trap becomes, and no "internal error" reaches the console; the same client
// keeps working afterwards, and, with no option
// set, a flow whose popup closed after navigating and a request to a server
// that never answers both settle at the default timeouts (the package's test
// build, `scripts/build-pkg.sh --test-hooks`, has short ones: 3 s and 2 s).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { NANGO, startAppServer, launchBrowser, openAppPage, pageErrors, sessionToken, storedConnection, supports } from './harness.mjs';

const CALLS = Number(process.env.HOSTILE_CALLS || 10_000);
let app, browser, page;

before(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
  page = await openAppPage(browser, app.url);
});

after(async () => {
  await browser?.close();
  await app?.close();
});

/** Calls each hostile case CALLS times in the page, on one client (its
 * token and host are real: no case may reach the network, and the same
 * client must work afterwards); per case, how many calls rejected (or
 * threw) with an AuthError of the `expected` type, and the first other
 * outcome. */
async function hostile(names, token) {
  return page.evaluate(async ({ names, calls, host, token, expected }) => {
    const { Nango, AuthError, ConnectUI } = window.sdk;
    const thrower = () => { throw new Error('hostile'); };
    const traps = { get: thrower, has: thrower, ownKeys: thrower, getOwnPropertyDescriptor: thrower, getPrototypeOf: thrower, apply: thrower };
    const proxy = () => new Proxy({}, traps);
    const revoked = () => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; };
    const aborted = () => { const c = new AbortController(); c.abort(); return c.signal; };
    const n = (window.hostileClient ??= new Nango({ connectSessionToken: token, host }));
    const cases = {
      'auth options with a throwing getter': () => n.auth('zendesk', { get credentials() { throw new Error('x'); } }),
      'auth options as a Proxy that throws': () => n.auth('zendesk', proxy()),
      'auth options as a revoked Proxy': () => n.auth('zendesk', revoked()),
      'params with a throwing getter': () => n.auth('zendesk', { credentials: { apiKey: 'k' }, get params() { throw 1; } }),
      'credentials as a Proxy that throws': () => n.auth('zendesk', { credentials: proxy() }),
      'user_scope as a Proxy array that throws': () => n.auth('github', { user_scope: new Proxy(['a'], traps) }),
      'a member whose toJSON throws': () => n.auth('github', { user_scope: { toJSON: thrower } }),
      'the connection-id form with a Proxy': () => n.auth('zendesk', proxy(), proxy()),
      'a Proxy around an AbortSignal': () => n.auth('github', { signal: new Proxy(new AbortController().signal, {}) }),
      'a fake popup': () => n.auth('github', { popup: { closed: false, postMessage() {}, get location() { throw new Error('x'); } } }),
      // Refused before any request (the signal has aborted), after the
      // callback was read; its `settled` event then throws when called.
      'onEvent as a throwing Proxy': () => n.auth('zendesk', { credentials: { apiKey: 'k' }, signal: aborted(), onEvent: new Proxy(() => {}, traps) }),
      'the constructor with a throwing getter': () => new Nango({ connectSessionToken: 'nango_connect_session_' + 'a'.repeat(64), get host() { throw new Error('x'); } }),
      'the constructor with a Proxy': () => new Nango(proxy()),
      'openConnectUI with a throwing getter': () => n.openConnectUI({ get baseURL() { throw new Error('x'); } }),
      'new ConnectUI with a Proxy': () => new ConnectUI(proxy()),
      'setSessionToken with a Proxy': () => new ConnectUI({}).setSessionToken(proxy()),
    };
    const out = {};
    for (const name of names) {
      let typed = 0;
      let other = null;
      for (let i = 0; i < calls; i++) {
        let outcome;
        try {
          const r = cases[name]();
          outcome = r && typeof r.then === 'function' ? await r.then(() => 'resolved', (e) => e) : r;
        } catch (e) {
          outcome = e;
        }
        if (outcome instanceof AuthError && outcome.type === expected[name]) typed++;
        else other ??= outcome instanceof AuthError ? `AuthError ${outcome.type}: ${outcome.message}` : String(outcome?.stack || outcome);
      }
      out[name] = { typed, other };
    }
    return out;
  }, { names, calls: CALLS, host: NANGO, token, expected: EXPECTED });
}

/** The type of each case's refusal. */
const EXPECTED = {
  'auth options with a throwing getter': 'invalid_options',
  'auth options as a Proxy that throws': 'invalid_options',
  'auth options as a revoked Proxy': 'invalid_options',
  'params with a throwing getter': 'invalid_options',
  'credentials as a Proxy that throws': 'invalid_options',
  'user_scope as a Proxy array that throws': 'invalid_options',
  'a member whose toJSON throws': 'invalid_options',
  'the connection-id form with a Proxy': 'invalid_options',
  'a Proxy around an AbortSignal': 'invalid_options',
  'a fake popup': 'invalid_options',
  'onEvent as a throwing Proxy': 'aborted',
  'the constructor with a throwing getter': 'invalid_options',
  'the constructor with a Proxy': 'invalid_options',
  'openConnectUI with a throwing getter': 'invalid_options',
  'new ConnectUI with a Proxy': 'invalid_options',
  'setSessionToken with a Proxy': 'invalid_options',
};

test(`hostile values: ${CALLS} calls each refused with their AuthError type, then the same client still works`, async () => {
  const token = await sessionToken();
  const logged = await page.evaluate(() => window.__console.length);
  for (const name of Object.keys(EXPECTED)) {
    const { [name]: r } = await hostile([name], token);
    assert.equal(r.typed, CALLS, `${name}: ${r.typed} of ${CALLS} refused with ${EXPECTED[name]}; first other outcome: ${r.other}`);
  }
  // The same client, on the same module, still connects an account.
  const ok = await page.evaluate(() => window.hostileClient
    .auth('zendesk', { credentials: { apiKey: 'after-hostile' }, params: { subdomain: 'acme' } })
    .then((r) => r, (e) => ({ error: `${e.type}: ${e.message}` })));
  assert.equal(ok.providerConfigKey, 'zendesk', JSON.stringify(ok));
  assert.equal((await storedConnection(ok.connectionId, 'zendesk')).body.credentials.apiKey, 'after-hostile');
  await page.evaluate(() => { window.hostileClient = null; });
  // No trap on the way: its hook logs "The SDK stopped on an internal error".
  const lines = await page.evaluate((from) => window.__console.slice(from), logged);
  assert.deepEqual(lines.filter((l) => /internal error/.test(l)), [], 'no trap while reading hostile values');
});

test('forged message events during an OAuth flow are ignored, and the flow then succeeds', { skip: !supports('popups') && 'one view: no popup' }, async () => {
  const token = await sessionToken();
  await page.evaluate(({ token, host }) => {
    window.makeCall = () => new window.sdk.Nango({ connectSessionToken: token, host }).auth('github');
  }, { token, host: NANGO });
  const slot = await page.evaluate(() => (window.outcomes || []).length);
  await page.click('#connect');
  const popup = await page.waitForPopup();
  await popup.waitForURL(/\/provider\/github\/authorize/);
  const forged = await page.evaluate(({ calls, origin }) => {
    const thrower = () => { throw new Error('hostile'); };
    const data = new Proxy({}, { get: thrower, has: thrower, ownKeys: thrower, getOwnPropertyDescriptor: thrower });
    for (let i = 0; i < calls; i++) {
      window.dispatchEvent(new MessageEvent('message', { data, origin }));
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'nango_oauth_callback_error', payload: { errorType: 'forged', message: 'forged' } }, origin }));
    }
    return calls;
  }, { calls: CALLS, origin: NANGO });
  assert.equal(forged, CALLS);
  assert.equal(await page.evaluate((slot) => window.outcomes[slot], slot), null, 'forged messages must not settle the flow');
  await popup.click('#approve');
  await page.waitForFunction((slot) => window.outcomes[slot], slot, { timeout: 15000 });
  const r = await page.evaluate((slot) => window.outcomes[slot], slot);
  assert.equal(r.ok?.providerConfigKey, 'github', JSON.stringify(r));
  await popup.waitForClose();
});

test('a freed client and a freed Connect UI refuse their calls with an AuthError', async () => {
  const r = await page.evaluate(async () => {
    const { Nango, ConnectUI, AuthError } = window.sdk;
    const n = new Nango({ connectSessionToken: 'nango_connect_session_' + 'c'.repeat(64), host: 'http://127.0.0.1:9' });
    n.free();
    const describe = (e) => [e instanceof AuthError, e.type, /freed/.test(e.message)];
    const out = {};
    for (const method of ['auth', 'create', 'reconnect']) out[method] = await n[method]('zendesk', {}).then(() => 'resolved', describe);
    try { n.openConnectUI({}); out.openConnectUI = 'opened'; } catch (e) { out.openConnectUI = describe(e); }
    out.clear = n.clear() === undefined;
    const ui = new ConnectUI({});
    ui.free();
    try { ui.open(); out.open = 'opened'; } catch (e) { out.open = describe(e); }
    out.close = ui.close() === undefined;
    return out;
  });
  for (const method of ['auth', 'create', 'reconnect', 'openConnectUI', 'open']) {
    assert.deepEqual(r[method], [true, 'unknown_error', true], `${method}: ${JSON.stringify(r[method])}`);
  }
  assert.deepEqual([r.clear, r.close], [true, true]);
});

test('no uncaught page errors', async () => {
  assert.deepEqual(await pageErrors(page), []);
});

/** A TCP server that accepts connections and never answers. */
async function silentServer() {
  const sockets = new Set();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(resolve);
    }),
  };
}

test('with no options, a request to a server that never answers settles with timeout at the default', async () => {
  const testPage = await openAppPage(browser, app.url, { testHooks: true });
  const silent = await silentServer();
  try {
    const r = await testPage.evaluate(({ host }) => {
      const started = performance.now();
      return new window.sdk.Nango({ connectSessionToken: 'nango_connect_session_' + 'b'.repeat(64), host })
        .auth('zendesk', { credentials: { apiKey: 'k' } })
        .then(() => ({ resolved: true }), (e) => ({ type: e.type, message: e.message, ms: performance.now() - started }));
    }, { host: silent.url });
    assert.equal(r.type, 'timeout', JSON.stringify(r));
    assert.match(r.message, /within 2000 ms \(the default/);
    assert.ok(r.ms >= 1900 && r.ms < 6000, `settled after ${r.ms} ms`);
  } finally {
    await silent.close();
    await testPage.close();
  }
});

test('with no options, a popup closed after it navigated settles with timeout at the default', { skip: !supports('popups') && 'one view: no popup' }, async () => {
  const testPage = await openAppPage(browser, app.url, { testHooks: true });
  try {
    const token = await sessionToken();
    await testPage.evaluate(({ token, host }) => {
      window.makeCall = () => new window.sdk.Nango({ connectSessionToken: token, host }).auth('github');
    }, { token, host: NANGO });
    await testPage.click('#connect');
    const popup = await testPage.waitForPopup();
    await popup.waitForURL(/\/provider\/github\/authorize/);
    await popup.close();
    await testPage.waitForFunction(() => window.outcomes?.[0], null, { timeout: 10000 });
    const r = await testPage.evaluate(() => window.outcomes[0]);
    assert.equal(r.err?.type, 'timeout', JSON.stringify(r));
    assert.match(r.err.message, /within 3000 ms \(the default/);
    assert.ok(r.ms >= 2900 && r.ms < 6000, `settled after ${r.ms} ms`);
  } finally {
    await testPage.close();
  }
});

test('a panic mid-flow: the call rejects with its message, its popup and socket are released, a new client works', { skip: !supports('popups') && 'one view: no popup' }, async () => {
  const testPage = await openAppPage(browser, app.url, { testHooks: true });
  try {
    const listeners = await testPage.evaluate(() => window.__counts.listeners);
    const token = await sessionToken();
    await testPage.evaluate(({ token, host }) => {
      // The test build's trigger: the popup flow panics 2.5 s after it
      // started (time for a slow machine to see the popup first).
      window.makeCall = () => {
        window.oldClient = new window.sdk.Nango({ connectSessionToken: token, host });
        return window.oldClient.auth('github', { __testPanicAfterMs: 2500 });
      };
    }, { token, host: NANGO });
    await testPage.click('#connect');
    const popup = await testPage.waitForPopup();
    await popup.waitForURL(/\/provider\/github\/authorize/);
    await testPage.waitForFunction(() => window.outcomes?.[0], null, { timeout: 10000 });
    const r = await testPage.evaluate(() => window.outcomes[0]);
    assert.equal(r.err?.isAuthError, true, JSON.stringify(r));
    assert.equal(r.err.type, 'unknown_error');
    assert.match(r.err.message, /a panic on demand, mid-flow/);
    assert.ok(r.ms >= 2400 && r.ms < 6000, `rejected ${r.ms} ms after the call (the panic: at 2500 ms)`);
    await popup.waitForClose();
    await testPage.waitForFunction((base) => window.__counts.sockets === 0 && window.__counts.listeners === base, listeners, { timeout: 3000 });
    // The trap itself reaches the page as an uncaught RuntimeError; nothing else.
    const errors = await pageErrors(testPage);
    assert.ok(errors.length >= 1 && errors.every((e) => /unreachable/i.test(e)), errors.join('\n'));

    // A client made before the trap belongs to the stopped instance:
    // wasm-bindgen refuses its calls (nothing of it reaches the new one),
    // and the call rejects with a typed error.
    const stale = await testPage.evaluate(() => window.oldClient.auth('zendesk', { credentials: { apiKey: 'k' } })
      .then(() => 'resolved', (e) => ({ isAuthError: e instanceof window.sdk.AuthError, type: e.type, message: e.message })));
    assert.deepEqual([stale.isAuthError, stale.type], [true, 'unknown_error'], JSON.stringify(stale));
    assert.match(stale.message, /stale object/);
    await testPage.evaluate(() => window.oldClient.free());

    // A new client runs on a fresh instance: a credentials flow and an OAuth flow.
    const token2 = await sessionToken();
    const ok = await testPage.evaluate(({ token, host }) => new window.sdk.Nango({ connectSessionToken: token, host })
      .auth('zendesk', { credentials: { apiKey: 'after-panic' }, params: { subdomain: 'acme' } })
      .then((r) => r, (e) => ({ error: `${e.type}: ${e.message}` })), { token: token2, host: NANGO });
    assert.equal(ok.providerConfigKey, 'zendesk', JSON.stringify(ok));
    await testPage.evaluate(({ token, host }) => {
      window.makeCall = () => new window.sdk.Nango({ connectSessionToken: token, host }).auth('github-auto-approve');
    }, { token: token2, host: NANGO });
    await testPage.click('#connect');
    await testPage.waitForFunction(() => window.outcomes?.[1], null, { timeout: 10000 });
    const again = await testPage.evaluate(() => window.outcomes[1]);
    assert.equal(again.ok?.providerConfigKey, 'github-auto-approve', JSON.stringify(again));
  } finally {
    await testPage.close();
  }
});

test('a panic with the Connect UI open: the iframe is removed and the page scrolls again; a new client works', { skip: !supports('popups') && 'one view: no popup' }, async () => {
  const testPage = await openAppPage(browser, app.url, { testHooks: true });
  try {
    const token = await sessionToken();
    const uiBase = `${app.url.replace('127.0.0.1', 'localhost')}/connect-ui`;
    await testPage.evaluate(({ token, host }) => {
      document.body.style.overflow = 'scroll';
      window.uiClient = new window.sdk.Nango({ connectSessionToken: token, host });
      // The test build's trigger: a popup flow that panics 1.5 s after it started.
      window.makeCall = () => window.uiClient.auth('github', { __testPanicAfterMs: 1500 });
    }, { token, host: NANGO });
    // The Connect UI opens over the page first, then the flow starts: the
    // 1.5 s count begins only after both are checked, however slow the
    // machine. The button is lifted above the UI's full-page iframe so that
    // the click reaches it.
    await testPage.evaluate(({ uiBase }) => { window.ui = window.uiClient.openConnectUI({ baseURL: uiBase }); }, { uiBase });
    assert.equal(await testPage.evaluate(() => [!!document.getElementById('connect-ui'), document.body.style.overflow].join()), 'true,hidden');
    await testPage.evaluate(() => Object.assign(document.getElementById('connect').style, { position: 'relative', zIndex: '10000' }));
    await testPage.click('#connect');
    await testPage.waitForFunction(() => window.outcomes?.[0], null, { timeout: 10000 });
    const r = await testPage.evaluate(() => window.outcomes[0]);
    assert.equal(r.err?.type, 'unknown_error', JSON.stringify(r));
    assert.equal(await testPage.evaluate(() => document.getElementById('connect-ui')), null, 'the Connect UI is gone');
    assert.equal(await testPage.evaluate(() => document.body.style.overflow), 'scroll', 'the page scrolls again');
    // The app's own close() of the stale UI is harmless; a new client connects.
    await testPage.evaluate(() => { window.ui.close(); window.ui = null; window.uiClient = null; });
    const ok = await testPage.evaluate(({ token, host }) => new window.sdk.Nango({ connectSessionToken: token, host })
      .auth('zendesk', { credentials: { apiKey: 'after-ui-panic' }, params: { subdomain: 'acme' } })
      .then((r) => r.providerConfigKey, (e) => `${e.type}: ${e.message}`), { token: await sessionToken(), host: NANGO });
    assert.equal(ok, 'zendesk');
  } finally {
    await testPage.close();
  }
});
