// Nothing the package keeps outlives what uses it: many clients made and
// dropped leave the WebAssembly memory where the first batch left it
// (wasm-bindgen frees each `Nango`'s Rust value when its JS object is
// collected, and the allocator reuses the space), and many
// calls on one client leave it where it was after the first calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NANGO, useAppPage, sessionToken, supports } from './harness.mjs';

let browser, app;
useAppPage((env) => ({ browser, app } = env));

// Collecting garbage on demand takes Chromium's DevTools protocol.
const onlyChromium = { skip: !supports('cdp') && "forcing a collection needs Chromium's DevTools protocol" };

/** The app page, with the package's WebAssembly memory readable (the bench's probe, loaded first). */
async function pageWithMemoryProbe() {
  const page = await browser.newPage();
  await page.goto(`${app.url}/memory.html`);
  await page.waitForFunction(() => window.sdkReady === true);
  return page;
}

test('clients made and dropped are released: the wasm memory stops growing', onlyChromium, async () => {
  const page = await pageWithMemoryProbe();
  const sizes = [];
  for (let batch = 0; batch < 3; batch++) {
    await page.evaluate(() => {
      for (let i = 0; i < 20000; i++) new window.sdk.Nango({ connectSessionToken: 'nango_connect_session_' + 'a'.repeat(64), host: 'http://127.0.0.1:1' });
    });
    await browser.driver.sendAndGetDevToolsCommand('HeapProfiler.collectGarbage', {});
    await page.waitForTimeout(100); // finalizers run after the collection
    sizes.push(await page.evaluate(() => window.wasmBytes()));
  }
  assert.equal(sizes[2], sizes[0], `wasm memory after each batch of 20,000 clients: ${sizes.join(', ')} B`);
  await page.close();
});

test('calls on one client: the wasm memory stays where the first calls left it', async () => {
  const page = await pageWithMemoryProbe();
  const token = await sessionToken();
  const sizes = await page.evaluate(async ({ token, host }) => {
    const nango = new window.sdk.Nango({ connectSessionToken: token, host });
    const sizes = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 100; i++) await nango.auth('pagerduty', { credentials: { apiKey: `key-${i}` } });
      for (let i = 0; i < 100; i++) await nango.auth('bad id!').catch(() => {});
      sizes.push(window.wasmBytes());
    }
    return sizes;
  }, { token, host: NANGO });
  assert.equal(sizes[2], sizes[0], `wasm memory after each round: ${sizes.join(', ')} B`);
  await page.close();
});
