// Every auth mode and method of the npm package, called as the official SDK
// is called, against the dev server: the endpoint and body on the wire, the
// result, what the server stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NANGO, backend, useAppPage, inPage, recording, sessionToken, storedConnection, supports } from './harness.mjs';

let page;
useAppPage((env) => ({ page } = env));

async function call(method, args, token) {
  const { result, requests } = await recording(async () =>
    inPage(page, ({ Nango }, { method, args, token, host }) => new Nango({ connectSessionToken: token, host })[method](...args), { method, args, token: token || (await sessionToken()), host: NANGO }),
  );
  return {
    result,
    requests: requests.filter((r) => r.method === 'POST').map((r) => ({ url: new URL(r.url), body: r.body })),
  };
}

const cases = [
  ['TBA', 'netsuite-tba', { credentials: { token_id: 't-id', token_secret: 't-secret', oauth_client_id_override: 'cid' }, params: { accountId: '123' } },
    '/auth/tba/netsuite-tba', { token_id: 't-id', token_secret: 't-secret', oauth_client_id_override: 'cid' }],
  ['JWT (type)', 'ghost-admin', { credentials: { type: 'JWT', privateKeyId: 'kid', issuerId: 'iss', privateKey: 'pem' } },
    '/auth/jwt/ghost-admin', { type: 'JWT', privateKeyId: 'kid', issuerId: 'iss', privateKey: 'pem' }],
  ['JWT (legacy privateKey object)', 'ghost-admin', { credentials: { privateKey: { id: 'a', secret: 'b' } } },
    '/auth/jwt/ghost-admin', { privateKey: { id: 'a', secret: 'b' } }],
  ['Bill', 'bill', { credentials: { username: 'u', password: 'p', organization_id: 'o', dev_key: 'd' } },
    '/auth/bill/bill', { username: 'u', password: 'p', organization_id: 'o', dev_key: 'd' }],
  ['two-step', 'two-step', { credentials: { type: 'TWO_STEP', username: 'u', password: 'p' }, assertionOption: { method: 'sms' } },
    '/auth/two-step/two-step', { type: 'TWO_STEP', username: 'u', password: 'p', assertionOption: { method: 'sms' } }],
  ['signature', 'wsse', { credentials: { type: 'SIGNATURE', username: 'u', password: 'p' } },
    '/auth/signature/wsse', { type: 'SIGNATURE', username: 'u', password: 'p' }],
  ['AWS SigV4', 'aws', { credentials: { type: 'AWS_SIGV4', role_arn: 'arn:aws:iam::1:role/x', region: 'eu-west-1' } },
    '/auth/aws-sigv4/aws', { role_arn: 'arn:aws:iam::1:role/x', region: 'eu-west-1' }],
  ['OAuth2 client credentials', 'oauth2-cc', { credentials: { client_id: 'c', client_secret: 's' } },
    '/oauth2/auth/oauth2-cc', { client_id: 'c', client_secret: 's' }],
  ['outbound', 'github-app', { installation: 'outbound' }, '/auth/oauth-outbound/github-app', null],
  // What Nango's Connect UI sends for an outbound installation: the installation decides the flow.
  ['outbound, as Connect UI calls it', 'github-app', { installation: 'outbound', credentials: { type: 'OAUTH2' }, params: {} }, '/auth/oauth-outbound/github-app', null],
];

for (const [name, id, options, path, body] of cases) {
  test(`${name}: POST ${path}`, async () => {
    const { result, requests } = await call('auth', [id, options]);
    assert.equal(result.thrown, undefined, JSON.stringify(result));
    assert.equal(result.providerConfigKey, id);
    assert.equal(requests.length, 1);
    assert.equal(requests[0].url.pathname, path);
    assert.equal(requests[0].url.searchParams.has('connect_session_token'), true);
    if (body === null) assert.equal(requests[0].body ?? null, null, 'no body at all');
    else assert.deepEqual(JSON.parse(requests[0].body), body);
    if (name.startsWith('outbound')) assert.equal(result.isPending, true);
    const stored = await storedConnection(result.connectionId, id);
    assert.equal(stored.status, 200);
  });
}

test('create(): unauthenticated integrations, with and without a connection id', async () => {
  const { result, requests } = await call('create', ['public-api', { params: { region: 'eu' } }]);
  assert.equal(result.providerConfigKey, 'public-api', JSON.stringify(result));
  assert.equal(requests[0].url.pathname, '/auth/unauthenticated/public-api');
  assert.equal(requests[0].body ?? null, null);
  assert.equal((await storedConnection(result.connectionId, 'public-api')).body.connection_config.region, 'eu');

  const legacy = await inPage(page, ({ Nango }, { host }) =>
    new Nango({ publicKey: '00000000-0000-4000-8000-000000000000', host }).create('public-api', 'my-conn', { params: { a: 'b' } }), { host: NANGO });
  assert.equal(legacy.connectionId, 'my-conn', JSON.stringify(legacy));
});

test('reconnect(): a reconnect session updates the same connection', async () => {
  const first = (await call('auth', ['pagerduty', { credentials: { apiKey: 'old' } }])).result;
  const { body } = await backend('POST', '/connect/sessions/reconnect', { connection_id: first.connectionId, integration_id: 'pagerduty' });
  const { result } = await call('reconnect', ['pagerduty', { credentials: { apiKey: 'new' } }], body.data.token);
  assert.equal(result.connectionId, first.connectionId, JSON.stringify(result));
  assert.equal((await storedConnection(first.connectionId, 'pagerduty')).body.credentials.apiKey, 'new');
});

test('credentials that are only OAuth overrides stay a popup flow (overrides in the query)', { skip: !supports('popups') && 'one view: no popup' }, async () => {
  const token = await sessionToken();
  const { requests } = await recording(async () => {
    await page.evaluate(({ token, host }) => {
      window.makeCall = () => {
        window.overrideClient = new window.sdk.Nango({ connectSessionToken: token, host });
        return window.overrideClient.auth('github', { credentials: { oauth_client_id_override: 'my id', oauth_client_secret_override: 's&s', oauth_refresh_token_override: 'r' } });
      };
    }, { token, host: NANGO });
    const slot = await page.evaluate(() => (window.outcomes || []).length);
    await page.click('#connect');
    const popup = await page.waitForPopup();
    await popup.waitForURL(/\/provider\/github\/authorize/);
    await page.evaluate(() => window.overrideClient.clear());
    await page.waitForFunction((slot) => window.outcomes[slot], slot);
    assert.equal(await page.evaluate((slot) => window.outcomes[slot].err?.type, slot), 'cancelled');
    await popup.waitForClose();
  });
  const url = new URL(requests.find((r) => r.url.includes('/oauth/connect/')).url);
  assert.equal(url.pathname, '/oauth/connect/github');
  assert.equal(url.searchParams.get('credentials[oauth_client_id_override]'), 'my id');
  assert.equal(url.searchParams.get('credentials[oauth_client_secret_override]'), 's&s');
  assert.equal(url.searchParams.get('credentials[oauth_refresh_token_override]'), 'r');
});

test('credentials matching no mode are refused before any request', async () => {
  const { result, requests } = await call('auth', ['pagerduty', { credentials: { foo: 'bar' } }]);
  assert.deepEqual([result.isAuthError, result.type], [true, 'missing_credentials'], JSON.stringify(result));
  assert.equal(requests.length, 0);
});
