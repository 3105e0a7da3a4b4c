// The npm package in each browser engine, imported as web apps import the
// official SDK, against the dev server: API-key, basic and params flows,
// the requests on the wire, and every failure as an AuthError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NANGO, PUBLIC_KEY, useAppPage, inPage, pageErrors, recording, sessionToken, storedConnection } from './harness.mjs';

let page;
useAppPage((env) => ({ page } = env));

test('API key with params: one POST, the key in the body only, the result a plain object', async () => {
  const token = await sessionToken();
  const { result, requests } = await recording(() =>
    inPage(page, async ({ Nango }, { token, host }) => {
      const nango = new Nango({ connectSessionToken: token, host });
      const res = await nango.auth('zendesk', { credentials: { apiKey: 'sk-123&x' }, params: { subdomain: 'acme' } });
      return { res, proto: Object.getPrototypeOf(res) === Object.prototype };
    }, { token, host: NANGO }),
  );
  assert.equal(result.thrown, undefined, JSON.stringify(result));
  assert.equal(result.proto, true);
  assert.deepEqual(Object.keys(result.res).sort(), ['connectionId', 'providerConfigKey']);
  assert.equal(result.res.providerConfigKey, 'zendesk');

  const posts = requests.filter((r) => r.method === 'POST');
  assert.equal(posts.length, 1);
  const url = new URL(posts[0].url);
  assert.equal(url.pathname, '/api-auth/api-key/zendesk');
  assert.deepEqual([...url.searchParams], [['connect_session_token', token], ['params[subdomain]', 'acme']]);
  assert.equal(posts[0].headers['content-type'], 'application/json');
  assert.equal(posts[0].body, '{"apiKey":"sk-123&x"}');
  assert.ok(!posts[0].url.includes('sk-123'), 'the key must not be in the URL');

  const stored = await storedConnection(result.res.connectionId, 'zendesk');
  assert.deepEqual(stored.body.connection_config, { subdomain: 'acme' });
  assert.equal(stored.body.credentials.apiKey, 'sk-123&x');
});

test('basic auth, and hostile values in every part survive the trip', async () => {
  const token = await sessionToken();
  const hostile = 'a+b & c=d #e ?f /g %h é 😀 [x]';
  const { result, requests } = await recording(() =>
    inPage(page, ({ Nango }, { token, host, hostile }) =>
      new Nango({ connectSessionToken: token, host }).auth('jira-basic', {
        credentials: { username: 'me@acme.io', password: hostile },
        params: { subdomain: 'acme', [hostile]: hostile, oauth_scopes_override: 'read,write' },
      }), { token, host: NANGO, hostile }),
  );
  assert.equal(result.thrown, undefined, JSON.stringify(result));
  const post = requests.find((r) => r.method === 'POST');
  assert.equal(new URL(post.url).pathname, '/api-auth/basic/jira-basic');
  assert.deepEqual(JSON.parse(post.body), { username: 'me@acme.io', password: hostile });
  const stored = await storedConnection(result.connectionId, 'jira-basic');
  assert.deepEqual(stored.body.connection_config, { subdomain: 'acme', [hostile]: hostile, oauth_scopes_override: 'read,write' });
  assert.equal(stored.body.credentials.password, hostile);
});

test('params reach the server in the order the app wrote them', async () => {
  const token = await sessionToken();
  const { result, requests } = await recording(() =>
    inPage(page, ({ Nango }, { token, host }) =>
      new Nango({ connectSessionToken: token, host }).auth('zendesk', {
        credentials: { apiKey: 'k' },
        params: { subdomain: 'acme', zeta: '1', alpha: '2', 10: 'ten', mid: '3' },
      }), { token, host: NANGO }),
  );
  assert.equal(result.thrown, undefined, JSON.stringify(result));
  const url = new URL(requests.find((r) => r.method === 'POST').url);
  // JavaScript's own order: integer-like keys first, then the others as written.
  assert.deepEqual([...url.searchParams].slice(1), [['params[10]', 'ten'], ['params[subdomain]', 'acme'], ['params[zeta]', '1'], ['params[alpha]', '2'], ['params[mid]', '3']]);
});

test('the connection-id form works in the legacy public-key mode', async () => {
  const { result, requests } = await recording(() =>
    inPage(page, ({ Nango }, { host, key }) =>
      new Nango({ publicKey: key, host }).auth('pagerduty', 'user 42/crm', { credentials: { apiKey: 'k' } }), { host: NANGO, key: PUBLIC_KEY }),
  );
  assert.equal(result.connectionId, 'user 42/crm', JSON.stringify(result));
  const url = new URL(requests.find((r) => r.method === 'POST').url);
  assert.deepEqual([...url.searchParams], [['connection_id', 'user 42/crm'], ['public_key', PUBLIC_KEY]]);
  assert.ok(url.search.includes('connection_id=user%2042%2Fcrm'), url.search);
});

test('server errors reject with AuthError: type, message, status', async () => {
  const token = await sessionToken();
  const results = await inPage(page, async ({ Nango, AuthError }, { token, host }) => {
    const nango = new Nango({ connectSessionToken: token, host });
    const grab = (p) => p.then(
      (v) => ({ resolved: v }),
      (e) => ({ isAuthError: e instanceof AuthError, isError: e instanceof Error, type: e.type, message: e.message, status: e.status, name: e.name }),
    );
    return {
      unknown: await grab(nango.auth('nope', { credentials: { apiKey: 'k' } })),
      mode: await grab(nango.auth('jira-basic', { credentials: { apiKey: 'k' }, params: { subdomain: 'a' } })),
      missingParam: await grab(nango.auth('zendesk', { credentials: { apiKey: 'k' } })),
      refused: await grab(nango.auth('zendesk', { credentials: { apiKey: 'invalid' }, params: { subdomain: 'a' } })),
      badToken: await grab(new Nango({ connectSessionToken: 'nango_connect_session_' + 'f'.repeat(64), host }).auth('pagerduty', { credentials: { apiKey: 'k' } })),
    };
  }, { token, host: NANGO });
  for (const [name, r] of Object.entries(results)) {
    assert.equal(r.isAuthError, true, `${name}: ${JSON.stringify(r)}`);
    assert.equal(r.isError, true, name);
    assert.equal(r.name, 'AuthError', name);
    assert.ok(r.message && r.message.length > 0, name);
  }
  assert.deepEqual([results.unknown.type, results.unknown.status], ['unknown_provider_config', 404]);
  assert.deepEqual([results.mode.type, results.mode.status], ['invalid_auth_mode', 400]);
  assert.deepEqual([results.missingParam.type, results.missingParam.status], ['missing_connection_config_param', 400]);
  assert.match(results.missingParam.message, /subdomain/);
  assert.equal(results.refused.type, 'connection_test_failed');
  assert.deepEqual([results.badToken.type, results.badToken.status], ['unknown_connect_session_token', 401]);
});

test('bad input is refused before any request, as an AuthError', async () => {
  const token = await sessionToken();
  const { result, requests } = await recording(() =>
    inPage(page, async ({ Nango, AuthError }, { token, host }) => {
      const grab = (p) => Promise.resolve().then(p).then(
        (v) => ({ resolved: v }),
        (e) => ({ isAuthError: e instanceof AuthError, type: e.type, message: e.message }),
      );
      const nango = new Nango({ connectSessionToken: token, host });
      return {
        emptyId: await grab(() => nango.auth('', { credentials: { apiKey: 'k' } })),
        slashId: await grab(() => nango.auth('a/b', { credentials: { apiKey: 'k' } })),
        nonStringId: await grab(() => nango.auth(42, { credentials: { apiKey: 'k' } })),
        emptyKey: await grab(() => nango.auth('pagerduty', { credentials: { apiKey: '' } })),
        numberKey: await grab(() => nango.auth('pagerduty', { credentials: { apiKey: 5 } })),
        objectParam: await grab(() => nango.auth('pagerduty', { credentials: { apiKey: 'k' }, params: { a: { b: 1 } } })),
        noToken: await grab(() => new Nango({ host }).auth('pagerduty', { credentials: { apiKey: 'k' } })),
        badToken: await grab(() => new Nango({ connectSessionToken: 'abc', host }).auth('pagerduty', { credentials: { apiKey: 'k' } })),
        reconnectNoToken: await grab(() => new Nango({ publicKey: '00000000-0000-4000-8000-000000000000', host }).reconnect('pagerduty', {})),
        badHost: await grab(() => new Nango({ connectSessionToken: token, host: 'not a url' })),
        ftpHost: await grab(() => new Nango({ connectSessionToken: token, host: 'ftp://x.io' })),
        badWidth: await grab(() => new Nango({ connectSessionToken: token, host, width: -5 })),
      };
    }, { token, host: NANGO }),
  );
  const expected = {
    emptyId: 'invalid_uri_params',
    slashId: 'invalid_uri_params',
    nonStringId: 'invalid_uri_params',
    emptyKey: 'missing_credentials',
    numberKey: 'invalid_body',
    objectParam: 'invalid_query_params',
    noToken: 'missing_auth_token',
    badToken: 'invalid_connect_session_token_format',
    reconnectNoToken: 'missing_connect_session_token',
    badHost: 'invalid_host_url',
    ftpHost: 'invalid_host_url',
    badWidth: 'invalid_options',
  };
  for (const [name, type] of Object.entries(expected)) {
    assert.equal(result[name].isAuthError, true, `${name}: ${JSON.stringify(result[name])}`);
    assert.equal(result[name].type, type, name);
    assert.ok(result[name].message.length > 0, name);
  }
  assert.deepEqual(requests.filter((r) => r.method !== 'OPTIONS'), [], 'no request may leave for bad input');
});

test('network failures and non-JSON answers are typed', async () => {
  const token = await sessionToken();
  const result = await inPage(page, async ({ Nango, AuthError }, { token, host }) => {
    const grab = (p) => p.then((v) => ({ resolved: v }), (e) => ({ isAuthError: e instanceof AuthError, type: e.type, message: e.message, status: e.status }));
    return {
      offline: await grab(new Nango({ connectSessionToken: token, host: 'http://127.0.0.1:9' }).auth('pagerduty', { credentials: { apiKey: 'k' } })),
      html405: await grab(new Nango({ connectSessionToken: token, host: host + '/examples' }).auth('pagerduty', { credentials: { apiKey: 'k' } })),
    };
  }, { token, host: NANGO });
  assert.deepEqual([result.offline.isAuthError, result.offline.type, result.offline.status], [true, 'network_error', undefined]);
  assert.deepEqual([result.html405.isAuthError, result.html405.type, result.html405.status], [true, 'unknown_error', 405]);
});

test('no uncaught page errors', async () => {
  assert.deepEqual(await pageErrors(page), []);
});
