// The OAuth popup flow of the npm package in each browser engine, driven by
// real clicks (so the browser grants user activation, with its popup blocker
// on), against the dev server and its fake provider.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NANGO, useAppPage, pageErrors, sessionToken, storedConnection, supports } from './harness.mjs';

let page, browser, app;
useAppPage((env) => ({ page, browser, app } = env));

/** Sets the call the next click makes: `body` is the source of a function
 * `(sdk, cfg) => promise`, run synchronously inside the click handler. */
async function prepareCall(body, cfg) {
  await page.evaluate(([source, cfg]) => {
    const fn = new Function(`return (${source})`)();
    window.makeCall = () => fn(window.sdk, cfg);
  }, [body.toString(), cfg]);
}

/** Clicks the button; returns the popup page (if one opened) and the outcome slot. */
async function click({ expectPopup = true } = {}) {
  const slot = await page.evaluate(() => (window.outcomes || []).length);
  await page.click('#connect');
  const popup = expectPopup ? await page.waitForPopup() : null;
  return { popup, slot };
}

async function outcome(slot, timeout = 15000) {
  await page.waitForFunction((slot) => window.outcomes && window.outcomes[slot], slot, { timeout });
  return page.evaluate((slot) => window.outcomes[slot], slot);
}

async function decide(popup, decision) {
  await popup.waitForURL(/\/provider\/[^/]+\/authorize/, { timeout: 10000 });
  await popup.click(decision === 'approve' ? '#approve' : '#deny');
}

async function waitClosed(popup) {
  await popup.waitForClose();
}

/** Nothing left behind: listeners back to the baseline, no socket open. */
async function assertClean(baseline) {
  await page.waitForFunction((base) => window.__counts.sockets === 0 && window.__counts.listeners === base, baseline, { timeout: 5000 })
    .catch(async () => {
      const counts = await page.evaluate(() => window.__counts);
      assert.fail(`left behind: ${JSON.stringify(counts)} (baseline listeners ${baseline})`);
    });
}

const baseline = () => page.evaluate(() => window.__counts.listeners);
const openCalls = () => page.evaluate(() => window.__openCalls.length);

const authCall = ({ Nango }, cfg) => new Nango({ connectSessionToken: cfg.token, host: cfg.host, websocketsPath: cfg.ws }).auth(cfg.id, cfg.options || {});

test('success: popup in the click, approve, the connection with its params, then everything cleaned up', async () => {
  const base = await baseline();
  const token = await sessionToken();
  await prepareCall(authCall, { token, host: NANGO, id: 'github', options: { params: { oauth_scopes_override: 'read:user,repo', team: 'a&b' }, user_scope: ['chat:write'], authorization_params: { prompt: 'consent' } } });
  const { popup, slot } = await click();
  // Opened empty, synchronously in the click, centred and clamped, with the official features.
  const [url, target, features] = await page.evaluate(() => window.__openCalls.at(-1));
  const { sw, sh } = await page.evaluate(() => ({ sw: screen.width, sh: screen.height }));
  const left = Math.max(sw / 2 - 250, 0), top = Math.max(sh / 2 - 300, 0);
  assert.deepEqual([url, target], ['', '_blank']);
  assert.equal(features, `left=${left},top=${top},width=${Math.min(500, sw)},height=${Math.min(600, sh)},scrollbars=yes,resizable=yes,status=no,toolbar=no,location=no,copyhistory=no,menubar=no,directories=no`);
  await popup.waitForURL(/\/provider\/github\/authorize/);
  const authorizeUrl = new URL(await popup.url());
  assert.equal(authorizeUrl.searchParams.get('scope'), 'read:user repo');
  assert.equal(authorizeUrl.searchParams.get('prompt'), 'consent');
  assert.equal(authorizeUrl.searchParams.get('user_scope'), 'chat:write');
  await decide(popup, 'approve');
  const r = await outcome(slot);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.ok.providerConfigKey, 'github');
  assert.equal(r.ok.isPending, false);
  const stored = await storedConnection(r.ok.connectionId, 'github');
  assert.equal(stored.body.connection_config.team, 'a&b');
  assert.equal(stored.body.credentials.type, 'OAUTH2');
  await waitClosed(popup);
  await assertClean(base);
});

test('provider denial rejects with the server error', async () => {
  const base = await baseline();
  const token = await sessionToken();
  await prepareCall(authCall, { token, host: NANGO, id: 'github' });
  const { popup, slot } = await click();
  await decide(popup, 'deny');
  const r = await outcome(slot);
  assert.equal(r.err?.isAuthError, true, JSON.stringify(r));
  assert.equal(r.err.type, 'callback_err');
  assert.match(r.err.message, /access_denied/);
  await waitClosed(popup);
  await assertClean(base);
});

test('unknown integration and unknown token settle with typed errors', async () => {
  const base = await baseline();
  const token = await sessionToken();
  // These popups may open and close again before the driver sees them:
  // what is checked is that one opened and that no window is left open.
  const windows = (await browser.handles()).length;
  const opens = await openCalls();
  await prepareCall(authCall, { token, host: NANGO, id: 'no-such-integration' });
  let { slot } = await click({ expectPopup: false });
  let r = await outcome(slot);
  assert.equal(r.err?.type, 'provider_config_err', JSON.stringify(r));

  await prepareCall(authCall, { token: 'nango_connect_session_' + 'e'.repeat(64), host: NANGO, id: 'github' });
  ({ slot } = await click({ expectPopup: false }));
  r = await outcome(slot);
  assert.deepEqual([r.err?.type, r.err?.status], ['unknown_connect_session_token', 401], JSON.stringify(r));
  assert.equal((await openCalls()) - opens, 2, 'each call opened its popup');
  for (let i = 0; (await browser.handles()).length !== windows; i++) {
    assert.ok(i < 100, 'the popups closed');
    await page.waitForTimeout(50);
  }
  await assertClean(base);
});

test('outside a click the browser blocks the popup: blocked_by_browser, nothing left open', async () => {
  const base = await baseline();
  const token = await sessionToken();
  const r = await page.evaluate(async ({ token, host }) => {
    const { Nango, AuthError } = window.sdk;
    // Playwright evaluates with a user gesture; opening a window consumes it,
    // so the SDK's own window.open below runs with no activation, as after
    // an await in a real app.
    window.open('about:blank', '_blank')?.close();
    try {
      await Promise.race([
        new Nango({ connectSessionToken: token, host }).auth('github'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('hung')), 5000)),
      ]);
      return { ok: true };
    } catch (e) {
      return { isAuthError: e instanceof AuthError, type: e.type, message: e.message };
    }
  }, { token, host: NANGO });
  assert.deepEqual([r.isAuthError, r.type], [true, 'blocked_by_browser'], JSON.stringify(r));
  await assertClean(base);
});

test('closing the popup: window_closed with detectClosedAuthWindow, in under 0.6 s', async () => {
  const base = await baseline();
  const token = await sessionToken();
  await prepareCall(authCall, { token, host: NANGO, id: 'github', options: { detectClosedAuthWindow: true } });
  const { popup, slot } = await click();
  await popup.waitForURL(/\/provider\/github\/authorize/);
  // Closed and timed in the page: the WebDriver round trips of closing and
  // of reading the outcome are not the SDK's.
  const closedAt = await page.evaluate(() => window.__closeNewestPopup());
  assert.equal(typeof closedAt, 'number', 'the popup was open');
  const r = await outcome(slot);
  const noticedAfter = r.settledAt - closedAt;
  assert.equal(r.err?.type, 'window_closed', JSON.stringify(r));
  assert.ok(noticedAfter < 600, `window_closed came ${noticedAfter} ms after the popup closed`);
  console.log(`window_closed ${noticedAfter} ms after the popup closed`);
  await assertClean(base);
});

test('without detectClosedAuthWindow a closed popup waits; clear() ends it with cancelled', async () => {
  const base = await baseline();
  const token = await sessionToken();
  await page.evaluate(() => { window.client = null; });
  await prepareCall(({ Nango }, cfg) => {
    window.client = new Nango({ connectSessionToken: cfg.token, host: cfg.host });
    return window.client.auth('github');
  }, { token, host: NANGO });
  const { popup, slot } = await click();
  await popup.waitForURL(/\/provider\/github\/authorize/);
  await popup.close();
  await page.waitForTimeout(1600);
  assert.equal(await page.evaluate((slot) => window.outcomes[slot], slot), null, 'still pending: COOP providers make closed unreliable');
  await page.evaluate(() => window.client.clear());
  const r = await outcome(slot);
  assert.equal(r.err?.type, 'cancelled', JSON.stringify(r));
  await assertClean(base);
});

test('a WebSocket dropped after its hello: denial still arrives through the popup message', async () => {
  const base = await baseline();
  const token = await sessionToken();
  await prepareCall(authCall, { token, host: NANGO, id: 'github', ws: '/?drop_after_ack=1' });
  const { popup, slot } = await click();
  await decide(popup, 'deny');
  const r = await outcome(slot);
  assert.equal(r.err?.type, 'callback_err', JSON.stringify(r));
  await waitClosed(popup);
  await assertClean(base);
});

test('a WebSocket dropped after its hello: success without id settles, never hangs', async () => {
  const base = await baseline();
  const token = await sessionToken();
  await prepareCall(authCall, { token, host: NANGO, id: 'github', ws: '/?drop_after_ack=1' });
  const { popup, slot } = await click();
  await decide(popup, 'approve');
  const r = await outcome(slot);
  assert.equal(r.err?.type, 'connection_id_unavailable', JSON.stringify(r));
  await waitClosed(popup);
  await assertClean(base);
});

test('a late WebSocket hello: the popup waits, then the flow succeeds', async () => {
  const base = await baseline();
  const token = await sessionToken();
  await prepareCall(authCall, { token, host: NANGO, id: 'github', ws: '/?ack_delay_ms=2500' });
  const { popup, slot } = await click();
  await page.waitForTimeout(1000);
  assert.equal(await popup.url(), 'about:blank', 'the popup waits for the hello');
  await decide(popup, 'approve');
  const r = await outcome(slot);
  assert.equal(r.ok?.providerConfigKey, 'github', JSON.stringify(r));
  await waitClosed(popup);
  await assertClean(base);
});

test('spoofed callback messages from other origins are ignored', async () => {
  const base = await baseline();
  const token = await sessionToken();
  await prepareCall(authCall, { token, host: NANGO, id: 'github' });
  const { popup, slot } = await click();
  await popup.waitForURL(/\/provider\/github\/authorize/);
  // From the app's own origin, and from a third origin (an iframe on "localhost").
  const thirdOrigin = app.url.replace('127.0.0.1', 'localhost');
  await page.evaluate((third) => {
    window.postMessage({ type: 'nango_oauth_callback_error', payload: { message: 'spoofed', errorType: 'spoofed' } }, '*');
    const frame = document.createElement('iframe');
    frame.id = 'spoofer';
    frame.srcdoc = '';
    frame.src = third + '/spoof.html';
    document.body.appendChild(frame);
    return new Promise((resolve) => { frame.onload = resolve; });
  }, thirdOrigin);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate((slot) => window.outcomes[slot], slot), null, 'spoofed messages must not settle the flow');
  await page.evaluate(() => document.getElementById('spoofer').remove());
  await decide(popup, 'approve');
  const r = await outcome(slot);
  assert.equal(r.ok?.providerConfigKey, 'github', JSON.stringify(r));
  await waitClosed(popup);
  await assertClean(base);
});

test('a second auth() settles the first with cancelled, then succeeds', async () => {
  const base = await baseline();
  const token = await sessionToken();
  await prepareCall(({ Nango }, cfg) => {
    window.client = window.client2 || (window.client2 = new Nango({ connectSessionToken: cfg.token, host: cfg.host }));
    return window.client.auth('github');
  }, { token, host: NANGO });
  const first = await click();
  await first.popup.waitForURL(/\/provider\/github\/authorize/);
  const second = await click();
  const r1 = await outcome(first.slot);
  assert.equal(r1.err?.type, 'cancelled', JSON.stringify(r1));
  await waitClosed(first.popup);
  await decide(second.popup, 'approve');
  const r2 = await outcome(second.slot);
  assert.equal(r2.ok?.providerConfigKey, 'github', JSON.stringify(r2));
  await waitClosed(second.popup);
  await page.evaluate(() => { window.client2 = null; window.client = null; });
  await assertClean(base);
});

test('two auth() calls in one click, handlers attached after both: the first is cancelled, and no rejection goes unhandled', async () => {
  // The first call uses a window the app opened in an earlier click (one
  // click opens one popup with the blocker on); the second opens its own.
  // Firefox runs promise jobs inside window.open(): the first call must not
  // be rejected before the app has had the chance to handle it.
  const base = await baseline();
  const token = await sessionToken();
  await prepareCall(() => {
    window.preOpened = window.open('', '_blank', 'width=400,height=500');
    return Promise.resolve('pre-opened');
  });
  const pre = await click();
  await prepareCall(({ Nango }, cfg) => {
    const nango = new Nango({ connectSessionToken: cfg.token, host: cfg.host });
    window.twoClient = nango;
    const first = nango.auth('github', { popup: window.preOpened });
    const second = nango.auth('github');
    window.firstOutcome = first.then(() => 'resolved', (e) => e.type);
    return second;
  }, { token, host: NANGO });
  const errorsBefore = (await pageErrors(page)).length;
  const { popup, slot } = await click();
  assert.equal(await page.evaluate(() => window.firstOutcome), 'cancelled');
  await pre.popup.waitForClose();
  await decide(popup, 'approve');
  const r = await outcome(slot);
  assert.equal(r.ok?.providerConfigKey, 'github', JSON.stringify(r));
  await waitClosed(popup);
  await page.waitForTimeout(100);
  assert.deepEqual((await pageErrors(page)).slice(errorsBefore), []);
  await page.evaluate(() => { window.twoClient = null; window.preOpened = null; });
  await assertClean(base);
});

test('timeout: typed error, popup and socket closed', async () => {
  const base = await baseline();
  const token = await sessionToken();
  await prepareCall(authCall, { token, host: NANGO, id: 'github', options: { timeout: 1500 } });
  const { popup, slot } = await click();
  const r = await outcome(slot);
  assert.equal(r.err?.type, 'timeout', JSON.stringify(r));
  assert.ok(r.ms >= 1400 && r.ms < 5000, `settled after ${r.ms} ms`);
  await waitClosed(popup);
  await assertClean(base);
});

test('AbortSignal: aborted, popup closed; an aborted signal opens nothing', async () => {
  const base = await baseline();
  const token = await sessionToken();
  await prepareCall(({ Nango }, cfg) => {
    window.controller = new AbortController();
    return new Nango({ connectSessionToken: cfg.token, host: cfg.host }).auth('github', { signal: window.controller.signal });
  }, { token, host: NANGO });
  const { popup, slot } = await click();
  await popup.waitForURL(/\/provider\/github\/authorize/);
  await page.evaluate(() => window.controller.abort());
  const r = await outcome(slot);
  assert.equal(r.err?.type, 'aborted', JSON.stringify(r));
  await waitClosed(popup);

  await prepareCall(({ Nango }, cfg) => {
    const c = new AbortController();
    c.abort();
    return new Nango({ connectSessionToken: cfg.token, host: cfg.host }).auth('github', { signal: c.signal });
  }, { token, host: NANGO });
  const opens = await openCalls();
  const again = await click({ expectPopup: false });
  const r2 = await outcome(again.slot);
  assert.equal(r2.err?.type, 'aborted', JSON.stringify(r2));
  assert.equal((await openCalls()) - opens, 0, 'no popup for an aborted signal');
  await page.evaluate(() => { window.controller = undefined; });
  await assertClean(base);
});

test('a popup the app opened itself is used', async () => {
  const base = await baseline();
  const token = await sessionToken();
  await prepareCall(({ Nango }, cfg) => {
    const popup = window.open('', '_blank', 'width=400,height=500');
    return new Nango({ connectSessionToken: cfg.token, host: cfg.host, debug: true }).auth('github', { popup });
  }, { token, host: NANGO });
  const opens = await openCalls();
  const { popup, slot } = await click();
  await decide(popup, 'approve');
  const r = await outcome(slot);
  assert.equal(r.ok?.providerConfigKey, 'github', JSON.stringify(r));
  assert.equal((await openCalls()) - opens, 1, 'exactly one popup was opened (the app\'s)');
  await waitClosed(popup);
  await assertClean(base);
});

test('debug mode logs each step but never the token, a credential or an override secret', async () => {
  const token = await sessionToken();
  const logged = await page.evaluate(() => window.__console.length);
  try {
    await prepareCall(({ Nango }, cfg) => {
      const nango = new Nango({ connectSessionToken: cfg.token, host: cfg.host, debug: true });
      window.debugClient = nango;
      return nango.auth('github', { credentials: { oauth_client_id_override: 'my-client', oauth_client_secret_override: 'override-secret-xyz' }, hmac: 'hmac-secret-xyz' });
    }, { token, host: NANGO });
    const { popup, slot } = await click();
    await decide(popup, 'approve');
    const r = await outcome(slot);
    assert.equal(r.ok?.providerConfigKey, 'github', JSON.stringify(r));
    await page.evaluate(({ token, host }) => new window.sdk.Nango({ connectSessionToken: token, host, debug: true })
      .auth('pagerduty', { credentials: { apiKey: 'api-key-secret-xyz' } }), { token, host: NANGO });
    await waitClosed(popup);
  } finally {
    await page.evaluate(() => { window.debugClient = null; });
  }
  const text = (await page.evaluate((from) => window.__console.slice(from), logged)).join('\n');
  // The result arrives on both channels; whichever comes first is reported, once
  // (WebKitGTK can deliver the popup's message before the socket's frame).
  for (const step of ['popup_opened', 'server_connected', 'Navigating the popup', /result_received (websocket|popup)/, 'settled ok', 'POST ', 'HTTP 200']) {
    assert.ok(typeof step === 'string' ? text.includes(step) : step.test(text), `missing debug step ${step}:\n${text}`);
  }
  assert.equal(text.match(/result_received/g)?.length, 1, `one result_received per flow:\n${text}`);
  for (const secret of [token, token.slice(-64), 'override-secret-xyz', 'hmac-secret-xyz', 'api-key-secret-xyz']) {
    assert.ok(!text.includes(secret), `a secret reached the console:\n${text}`);
  }
});

test('no uncaught page errors', async () => {
  assert.deepEqual(await pageErrors(page), []);
});
