// openConnectUI() / ConnectUI with a stand-in Connect UI page served from a
// second origin: the iframe, the token hand-over, origin-checked events,
// close from either side, nothing left behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NANGO, startAppServer, launchBrowser, openAppPage, pageErrors, sessionToken } from './harness.mjs';

let app, browser, page, uiBase;

before(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
  page = await openAppPage(browser, app.url);
  uiBase = app.url.replace('127.0.0.1', 'localhost') + '/connect-ui';
});

after(async () => {
  await browser?.close();
  await app?.close();
});

const events = () => page.evaluate(() => window.uiEvents.map((e) => e.type));
const baseline = () => page.evaluate(() => window.__counts.listeners);

test('openConnectUI: iframe, token sent to the UI origin, events, close() cleans up', async () => {
  const base = await baseline();
  const token = await sessionToken();
  const src = await page.evaluate(({ token, host, uiBase }) => {
    window.uiEvents = [];
    document.body.style.overflow = 'scroll';
    const nango = new window.sdk.Nango({ connectSessionToken: token, host });
    window.ui = nango.openConnectUI({ baseURL: uiBase, lang: 'fr', themeOverride: 'dark', onEvent: (e) => window.uiEvents.push(e) });
    window.ui.open(); // a second open() must not add a second iframe
    return document.getElementById('connect-ui').src;
  }, { token, host: NANGO, uiBase });
  const url = new URL(src);
  assert.equal(url.pathname, '/connect-ui/');
  assert.equal(url.searchParams.get('apiURL'), NANGO);
  assert.equal(url.searchParams.get('lang'), 'fr');
  assert.equal(url.searchParams.get('theme'), 'dark');
  await page.waitForFunction(() => window.uiEvents.some((e) => e.type === 'connect'));
  assert.deepEqual(await events(), ['ready', 'settings_changed', 'connect']);
  const connect = await page.evaluate(() => window.uiEvents.find((e) => e.type === 'connect').payload);
  assert.equal(connect.connectionId, token, 'the UI received the client token');
  assert.equal(connect.apiURL, NANGO);
  assert.equal(await page.evaluate(() => document.querySelectorAll('iframe#connect-ui').length), 1);
  assert.equal(await page.evaluate(() => document.body.style.overflow), 'hidden');

  // setSessionToken after ready reaches the UI.
  await page.evaluate(() => window.ui.setSessionToken('nango_connect_session_second'));
  await page.waitForFunction(() => window.uiEvents.filter((e) => e.type === 'connect').length === 2);
  assert.equal(await page.evaluate(() => window.uiEvents.at(-1).payload.connectionId), 'nango_connect_session_second');

  // Spoofed events from the app's own origin are not the UI's.
  await page.evaluate(() => window.postMessage({ type: 'close' }, '*'));
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => !!document.getElementById('connect-ui')), true);

  await page.evaluate(() => window.ui.close());
  assert.equal(await page.evaluate(() => document.getElementById('connect-ui')), null);
  assert.equal(await page.evaluate(() => document.body.style.overflow), 'scroll', 'the page scroll is restored');
  await page.evaluate(() => { window.ui = null; });
  await page.waitForFunction((b) => window.__counts.listeners === b, base);
});

test('a close event from the UI removes it; new ConnectUI() works too and can reopen', async () => {
  const base = await baseline();
  await page.evaluate(({ uiBase }) => {
    window.uiEvents = [];
    window.ui = new window.sdk.ConnectUI({ sessionToken: 'nango_connect_session_direct', baseURL: uiBase, onEvent: (e) => window.uiEvents.push(e) });
    window.ui.open();
  }, { uiBase });
  const frame = page.frameLocator('#connect-ui');
  await page.waitForFunction(() => window.uiEvents.some((e) => e.type === 'connect'));
  assert.equal(await page.evaluate(() => window.uiEvents.find((e) => e.type === 'connect').payload.apiURL), 'https://api.nango.dev');
  await frame.locator('#close').click();
  await page.waitForFunction(() => !document.getElementById('connect-ui'));
  assert.ok((await events()).includes('close'));
  await page.waitForFunction((b) => window.__counts.listeners === b, base);

  await page.evaluate(() => window.ui.open());
  await page.waitForFunction(() => !!document.getElementById('connect-ui'));
  await page.evaluate(() => { window.ui.close(); window.ui = null; });
  await page.waitForFunction((b) => window.__counts.listeners === b, base);
});

test('no uncaught page errors', async () => {
  assert.deepEqual(await pageErrors(page), []);
});
