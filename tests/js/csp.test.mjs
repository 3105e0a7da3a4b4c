// A page whose Content-Security-Policy forbids WebAssembly still renders:
// importing the package succeeds, and every call fails with a typed
// AuthError that names the cause and the source to add. With
// 'wasm-unsafe-eval' in script-src, the same page connects an account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NANGO, pageErrors, sessionToken, storedConnection, useBrowser } from './harness.mjs';

let app, browser;
useBrowser((env) => ({ app, browser } = env));

async function openPage(policy) {
  const page = await browser.newPage();
  await page.goto(`${app.url}/csp/?csp=${encodeURIComponent(policy)}`);
  await page.waitForFunction(() => window.sdkReady === true, null, { timeout: 10000 });
  return page;
}

test("script-src 'self': the app renders, and every call rejects with a typed AuthError naming 'wasm-unsafe-eval'", async () => {
  const page = await openPage("script-src 'self'");
  assert.equal(await page.textContent('#app'), 'The app rendered.');
  const token = await sessionToken();
  const result = await page.evaluate(async ({ token, host }) => {
    const { Nango, AuthError, ConnectUI } = window.sdk;
    const describe = (e) => ({ isAuthError: e instanceof AuthError, type: e.type, message: e.message });
    const nango = new Nango({ connectSessionToken: token, host });
    const out = {};
    out.apiKey = await nango.auth('zendesk', { credentials: { apiKey: 'k' }, params: { subdomain: 'acme' } }).then(() => 'resolved', describe);
    out.oauth = await nango.auth('github').then(() => 'resolved', describe);
    out.create = await nango.create('public-api').then(() => 'resolved', describe);
    out.reconnect = await nango.reconnect('github').then(() => 'resolved', describe);
    try { nango.openConnectUI({}); out.connectUi = 'opened'; } catch (e) { out.connectUi = describe(e); }
    try { new ConnectUI({}).open(); out.connectUiClass = 'opened'; } catch (e) { out.connectUiClass = describe(e); }
    nango.clear();
    return out;
  }, { token, host: NANGO });
  for (const [name, r] of Object.entries(result)) {
    assert.equal(r.isAuthError, true, `${name}: ${JSON.stringify(r)}`);
    assert.equal(r.type, 'unsupported_environment', name);
    assert.match(r.message, /Content-Security-Policy/, name);
    assert.match(r.message, /'wasm-unsafe-eval'/, name);
    assert.match(r.message, /script-src/, name);
  }
  assert.deepEqual(await pageErrors(page), [], 'no uncaught error on the page');
  console.log(`under script-src 'self': ${result.apiKey.message}`);
  await page.close();
});

test("script-src 'self' 'wasm-unsafe-eval': the same page connects an account", async () => {
  const page = await openPage("script-src 'self' 'wasm-unsafe-eval'");
  assert.equal(await page.textContent('#app'), 'The app rendered.');
  const token = await sessionToken();
  const result = await page.evaluate(({ token, host }) =>
    new window.sdk.Nango({ connectSessionToken: token, host })
      .auth('zendesk', { credentials: { apiKey: 'csp-key' }, params: { subdomain: 'acme' } })
      .then((ok) => ({ ok }), (e) => ({ type: e.type, message: e.message })), { token, host: NANGO });
  assert.equal(result.ok?.providerConfigKey, 'zendesk', JSON.stringify(result));
  const stored = await storedConnection(result.ok.connectionId, 'zendesk');
  assert.equal(stored.body.credentials.apiKey, 'csp-key');
  assert.deepEqual(await pageErrors(page), []);
  await page.close();
});
