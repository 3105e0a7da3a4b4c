// The same option objects through the official `@nangohq/frontend` and
// through this package, side by side in the browser against the dev server:
// what reaches the server (its request log) and how the call ends must be
// the same. These are the option objects real apps build that an earlier
// reading of the options changed the meaning of (a JSON copy of the whole
// object); tests/js/differential.test.mjs generates many more.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, NANGO, supports, startAppServer, launchBrowser, openAppPage, sessionToken, recording } from './harness.mjs';

const env = {};
const skipPopups = !supports('popups') && `${ENGINE} shows one view: no popups`;

before(async () => {
  env.app = await startAppServer();
  // The OAuth calls below are made from the test, not from a click.
  env.browser = await launchBrowser({ popupBlockerOff: supports('popups') });
  env.ours = await openAppPage(env.browser, env.app.url);
  env.official = await openAppPage(env.browser, env.app.url, { official: true });
});

after(async () => {
  await env.browser?.close();
  await env.app?.close();
});

const AUTH_PATH = /^\/(oauth\/connect|api-auth|auth|oauth2\/auth)\//;

/** Runs `call(sdk, cfg)` in the page of `sdk` ('ours' or 'official'):
 * the requests the server received, and how the call ended. */
async function through(sdk, call, cfg) {
  const { result, requests } = await recording(() => env[sdk].evaluate(async ([source, cfg]) => {
    const call = new Function(`return (${source})`)();
    try {
      const ok = await call(window.sdk, cfg);
      return { ok: { providerConfigKey: ok.providerConfigKey, isPending: ok.isPending ?? false } };
    } catch (e) {
      return { err: e?.type ?? String(e) };
    }
  }, [call.toString(), cfg]));
  return {
    result,
    // The auth requests (this SDK also checks its token first, the popup asks for a favicon).
    requests: requests.filter((r) => r.method !== 'OPTIONS' && AUTH_PATH.test(new URL(r.url).pathname)).map((r) => {
      const url = new URL(r.url);
      const query = url.search.slice(1).split('&').filter(Boolean).map((pair) => pair.split('=').map(decodeURIComponent))
        .filter(([k]) => k !== 'ws_client_id');
      return { method: r.method, path: decodeURIComponent(url.pathname), query, body: r.body ? JSON.parse(r.body) : null };
    }),
  };
}

/** `call` through both SDKs: both must send the same and end the same. */
async function same(call, extra = {}) {
  const cfg = { token: await sessionToken(), host: NANGO, ...extra };
  const official = await through('official', call, cfg);
  const ours = await through('ours', call, { ...cfg, token: await sessionToken() });
  const withoutToken = (r) => ({
    ...r,
    requests: r.requests.map((q) => ({ ...q, query: q.query.filter(([k]) => k !== 'connect_session_token') })),
  });
  assert.deepEqual(withoutToken(ours), withoutToken(official));
  return ours;
}

test('authorization_params: a member set to undefined is sent as the text undefined (it removes a provider default)', { skip: skipPopups }, async () => {
  const r = await same(({ Nango }, cfg) => new Nango({ connectSessionToken: cfg.token, host: cfg.host })
    .auth('github-auto-deny', { authorization_params: { prompt: 'consent', access_type: undefined, ignored: null } }));
  const connect = r.requests.find((q) => q.path === '/oauth/connect/github-auto-deny');
  assert.deepEqual(connect.query.filter(([k]) => k.startsWith('authorization_params')),
    [['authorization_params[prompt]', 'consent'], ['authorization_params[access_type]', 'undefined']]);
  assert.equal(r.result.err, 'callback_err');
});

test('a member the SDK does not know is never read: a BigInt, a cycle', async () => {
  for (const extra of ['bigint', 'cycle']) {
    const r = await same(({ Nango }, cfg) => {
      const options = { credentials: { apiKey: 'k-1' }, params: { subdomain: 'acme' } };
      if (cfg.extra === 'bigint') options.appState = { count: 10n };
      if (cfg.extra === 'cycle') { options.appState = {}; options.appState.self = options.appState; }
      return new Nango({ connectSessionToken: cfg.token, host: cfg.host }).auth('zendesk', options);
    }, { extra });
    assert.deepEqual(r.result, { ok: { providerConfigKey: 'zendesk', isPending: false } }, extra);
    assert.deepEqual(r.requests[0].body, { apiKey: 'k-1' });
  }
});

test('params made with Object.create(defaults): the inherited members are sent too', async () => {
  const r = await same(({ Nango }, cfg) => {
    const defaults = { subdomain: 'acme', region: 'eu' };
    const params = Object.create(defaults);
    params.region = 'us';
    return new Nango({ connectSessionToken: cfg.token, host: cfg.host })
      .auth('zendesk', { credentials: { apiKey: 'k-2' }, params });
  });
  assert.deepEqual(r.requests[0].query.filter(([k]) => k.startsWith('params')), [['params[region]', 'us'], ['params[subdomain]', 'acme']]);
});

test('options read as options.x: a getter on the prototype, in the (id, connectionId, options) form', async () => {
  const r = await same(({ Nango }, cfg) => {
    class Settings { get credentials() { return { apiKey: 'k-3' }; } }
    // The legacy public key: the connection-id form needs it.
    return new Nango({ publicKey: cfg.publicKey, host: cfg.host }).auth('zendesk', 'conn-1', Object.assign(new Settings(), { params: { subdomain: 'acme' } }));
  }, { publicKey: '00000000-0000-4000-8000-000000000000' });
  assert.deepEqual(r.requests[0].body, { apiKey: 'k-3' });
});

test('timeout: Infinity or NaN is refused (invalid_options), not the default', async () => {
  const token = await sessionToken();
  const types = await env.ours.evaluate(async ({ token, host }) => {
    const nango = new window.sdk.Nango({ connectSessionToken: token, host });
    const out = [];
    for (const timeout of [Infinity, NaN, -Infinity]) {
      out.push(await nango.auth('zendesk', { credentials: { apiKey: 'k' }, timeout }).then(() => 'resolved', (e) => e.type));
    }
    return out;
  }, { token, host: NANGO });
  assert.deepEqual(types, ['invalid_options', 'invalid_options', 'invalid_options']);
});

test('user_scope with an object inside (a Date, whose JSON copy is a string) is refused, as any item that is not a string', async () => {
  const token = await sessionToken();
  const types = await env.ours.evaluate(async ({ token, host }) => {
    const nango = new window.sdk.Nango({ connectSessionToken: token, host });
    const out = [];
    for (const item of [new Date(0), { toJSON: () => 'scope' }, ['nested'], 5]) {
      out.push(await nango.auth('zendesk', { credentials: { apiKey: 'k' }, user_scope: ['read', item] }).then(() => 'resolved', (e) => e.type));
    }
    out.push(await nango.auth('zendesk', { credentials: { apiKey: 'k' }, params: { subdomain: 'acme' }, user_scope: ['read', 'write'] }).then((r) => r.providerConfigKey, (e) => e.type));
    return out;
  }, { token, host: NANGO });
  assert.deepEqual(types, ['invalid_query_params', 'invalid_query_params', 'invalid_query_params', 'invalid_query_params', 'zendesk']);
});
