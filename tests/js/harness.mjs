// Shared set-up of the JavaScript browser tests: the dev server (started by
// scripts/test-browser.sh, URL in NANGO_DEV_SERVER_URL), an "app" origin
// serving pkg/ and the test pages (a different origin, as in production),
// and headless Chromium driven by playwright-core.
import { createServer } from 'node:http';
import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = normalize(join(here, '..', '..'));
export const NANGO = process.env.NANGO_DEV_SERVER_URL || 'http://127.0.0.1:3013';
export const SECRET_KEY = process.env.NANGO_DEV_SECRET_KEY || 'dev-secret-key-0000-0000-0000-000000000000';
export const PUBLIC_KEY = '00000000-0000-4000-8000-000000000000';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };

/** Serves `/pkg/*` from the built package and `/*` from tests/js/pages; a
 * page asked for with `?csp=<policy>` is served with that Content-Security-Policy. */
export async function startAppServer() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = decodeURIComponent(url.pathname);
    const csp = url.searchParams.get('csp');
    const file = path.startsWith('/pkg/') ? join(repoRoot, normalize(path)) : join(here, 'pages', normalize(path.endsWith('/') ? path + 'index.html' : path));
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
        ...(csp ? { 'content-security-policy': csp } : {}),
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

export async function launchBrowser() {
  const userDataDir = await mkdtemp(join(tmpdir(), 'nango-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Keep Chromium's popup blocker on (Playwright turns it off by default):
    // the tests check that the popup opens inside a click and only there.
    ignoreDefaultArgs: ['--disable-popup-blocking'],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return context;
}

/** A call the app's backend makes to Nango with the secret key. */
export async function backend(method, path, body) {
  const res = await fetch(`${NANGO}${path}`, {
    method,
    headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

export async function sessionToken(extra = {}) {
  const { status, body } = await backend('POST', '/connect/sessions', { end_user: { id: 'js-test' }, ...extra });
  if (status !== 201) throw new Error(`session: ${status} ${JSON.stringify(body)}`);
  return body.data.token;
}

export async function storedConnection(connectionId, key) {
  return backend('GET', `/connection/${encodeURIComponent(connectionId)}?provider_config_key=${encodeURIComponent(key)}`);
}

/** Counts, in the page's own world, event listeners added minus removed and
 * WebSockets not yet closed: what a flow leaves behind. */
const COUNTERS = `(() => {
  const counts = { listeners: 0, sockets: 0 };
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const live = new WeakMap();
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    if (fn) {
      let set = live.get(this);
      if (!set) { set = new Set(); live.set(this, set); }
      const key = type + '|' + (typeof opts === 'object' ? !!opts.capture : !!opts);
      const entry = key + '|' + (fn.__id || (fn.__id = Math.random()));
      if (!set.has(entry)) { set.add(entry); counts.listeners++; }
    }
    return add.call(this, type, fn, opts);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, opts) {
    const set = live.get(this);
    if (fn && set) {
      const key = type + '|' + (typeof opts === 'object' ? !!opts.capture : !!opts);
      const entry = key + '|' + fn.__id;
      if (set.delete(entry)) counts.listeners--;
    }
    return remove.call(this, type, fn, opts);
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      counts.sockets++;
      add.call(this, 'close', () => { counts.sockets--; });
    }
  };
  window.__counts = counts;
  const open = window.open;
  window.__openCalls = [];
  window.open = function (...args) {
    window.__openCalls.push(args.map(String));
    return open.apply(this, args);
  };
})();`;

/** Opens the app page that imports the package as web apps do (bare specifier). */
export async function openAppPage(context, appUrl) {
  const page = await context.newPage();
  await page.addInitScript(COUNTERS);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`${appUrl}/index.html`);
  await page.waitForFunction(() => window.sdkReady === true || window.sdkError, null, { timeout: 10000 });
  const failed = await page.evaluate(() => window.sdkError && String(window.sdkError));
  if (failed) throw new Error(`the package failed to load: ${failed}`);
  page.pageErrors = errors;
  return page;
}

/** Runs `fn(sdk, arg)` in the page; `sdk` = { Nango, AuthError, NANGO }. Errors come back as plain objects. */
export async function inPage(page, fn, arg) {
  return page.evaluate(
    async ([source, arg]) => {
      const fn = new Function(`return (${source})`)();
      const describe = (e) => ({
        thrown: true,
        isAuthError: e instanceof window.sdk.AuthError,
        isError: e instanceof Error,
        name: e && e.name,
        type: e && e.type,
        message: e && e.message,
        status: e && e.status,
      });
      try {
        return await fn(window.sdk, arg);
      } catch (e) {
        return describe(e);
      }
    },
    [fn.toString(), arg],
  );
}

/** Registers before/after hooks that start the app server, the browser and
 * the app page, and hands them to `ready({ app, browser, page })`. */
export function useAppPage(ready) {
  const env = {};
  before(async () => {
    env.app = await startAppServer();
    env.browser = await launchBrowser();
    env.page = await openAppPage(env.browser, env.app.url);
    ready(env);
  });
  after(async () => {
    await env.browser?.close();
    await env.app?.close();
  });
}
