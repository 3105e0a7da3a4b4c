// How the package loads its WebAssembly module in this engine: gunzipped by
// the browser's DecompressionStream where there is one, else by the fflate
// chunk (gunzip.js, fetched only then), and either way usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NANGO, pageErrors, sessionToken, storedConnection, useBrowser } from './harness.mjs';

let app, browser;
useBrowser((env) => ({ app, browser } = env));

async function connectOn(path) {
  app.requested.length = 0;
  const page = await browser.newPage();
  await page.goto(`${app.url}${path}`);
  await page.waitForFunction(() => window.sdkReady === true || window.sdkError, null, { timeout: 10000 });
  const token = await sessionToken();
  const result = await page.evaluate(({ token, host }) =>
    new window.sdk.Nango({ connectSessionToken: token, host })
      .auth('zendesk', { credentials: { apiKey: 'loading-key' }, params: { subdomain: 'acme' } })
      .then((ok) => ({ ok, native: typeof DecompressionStream === 'function' }), (e) => ({ type: e.type, message: e.message })), { token, host: NANGO });
  assert.equal(result.ok?.providerConfigKey, 'zendesk', JSON.stringify(result));
  assert.equal((await storedConnection(result.ok.connectionId, 'zendesk')).body.credentials.apiKey, 'loading-key');
  assert.deepEqual(await pageErrors(page), []);
  await page.close();
  return { native: result.native, requested: [...app.requested] };
}

test("the engine's own way: DecompressionStream if it has one, the fflate chunk otherwise", async () => {
  const { native, requested } = await connectOn('/index.html');
  assert.equal(requested.includes('/pkg/gunzip.js'), !native, requested.join(' '));
  console.log(`this engine ${native ? 'has' : 'lacks'} DecompressionStream`);
});

test('without DecompressionStream (Safari before 16.4): the fflate chunk gunzips the module', async () => {
  const { native, requested } = await connectOn('/no-decompression-stream.html');
  assert.equal(native, false);
  assert.ok(requested.includes('/pkg/gunzip.js'), requested.join(' '));
});
