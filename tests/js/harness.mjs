// Shared set-up of the JavaScript browser suites: the dev server (started by
// scripts/test-browser.sh, URL in NANGO_DEV_SERVER_URL), an "app" origin
// serving pkg/ and the test pages (a different origin, as in production),
// and the browser engine of this run (NANGO_BROWSER: chromium, firefox,
// webkitgtk or wpe), driven over W3C WebDriver with its popup blocker on.
import { createServer, request as httpRequest } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { readFile, mkdir, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { ENGINE, startSession, supports } from './engines.mjs';
import { Browser, assertPopupBlockerOn as checkBlocker } from './webdriver-page.mjs';

export { ENGINE, supports };

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = normalize(join(here, '..', '..'));
export const NANGO = process.env.NANGO_DEV_SERVER_URL || 'http://127.0.0.1:3013';
export const SECRET_KEY = process.env.NANGO_DEV_SECRET_KEY || 'dev-secret-key-0000-0000-0000-000000000000';
export const PUBLIC_KEY = '00000000-0000-4000-8000-000000000000';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };

/** The tag every HTML page served here gets first: tests/js/pages/instrument.js. */
const INSTRUMENT = '<script src="/instrument.js"></script>';

/** The official `@nangohq/frontend` (a devDependency), bundled once as an
 * ES module for the test pages (`/official/index.js`): the differential and
 * back-to-back suites run it beside this package; rebuilt per version. */
const OFFICIAL_VERSION = JSON.parse(await readFile(join(repoRoot, 'node_modules', '@nangohq', 'frontend', 'package.json'), 'utf8')).version;
const OFFICIAL_DIR = join(repoRoot, 'target', 'test-browser', `official-${OFFICIAL_VERSION}`);
async function bundleOfficial() {
  if (existsSync(join(OFFICIAL_DIR, 'index.js'))) return;
  // Built beside, then renamed into place: suites of other engines running
  // at the same time never read a half-written bundle.
  const { build } = await import('esbuild');
  const building = `${OFFICIAL_DIR}.${process.pid}`;
  await mkdir(building, { recursive: true });
  await build({
    entryPoints: { index: join(repoRoot, 'bench', 'official-entry.js') },
    bundle: true, format: 'esm', platform: 'browser', outdir: building, logLevel: 'warning',
  });
  // Another suite may have put its own in place first: then it is used.
  await rename(building, OFFICIAL_DIR).catch(() => rm(building, { recursive: true, force: true }));
}

/** The app page's own paths; every other path goes to the Nango API when
 * the app server stands in front of it (`{ api }`). */
const APP_PATHS = /^\/(pkg|pkg-test-hooks|bench|official|pages)\/|^\/[\w.-]+\.(html|js)$|^\/$/;

/** Sends `req` (an HTTP request or a WebSocket upgrade) on to `api` as it
 * came, its Host header included: the dev server then builds its URLs
 * (redirects, the OAuth callback) on this origin, as a self-hosted Nango
 * behind the app's own domain does. */
function forward(api, req, res) {
  const target = new URL(api);
  const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => { res.writeHead(502); res.end('bad gateway'); });
  req.pipe(upstream);
}

function forwardUpgrade(api, req, socket, head) {
  const target = new URL(api);
  const upstream = tcpConnect(Number(target.port), target.hostname, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    upstream.write(lines.join('\r\n') + '\r\n\r\n');
    upstream.write(head);
    socket.pipe(upstream).pipe(socket);
  });
  const end = () => { socket.destroy(); upstream.destroy(); };
  upstream.on('error', end);
  socket.on('error', end);
}

/** Serves `/pkg/*` from the built package, `/pkg-test-hooks/*` from its test
 * build (`scripts/build-pkg.sh --test-hooks`), `/official/*` (the official
 * SDK, bundled), `/bench/*` (the bench's probes) and `/*` from
 * tests/js/pages; a page asked for with `?csp=<policy>` is served with that
 * Content-Security-Policy. With `{ api: NANGO }` it also stands in front of
 * the dev server (every other path, WebSockets included), so that the page
 * and the Nango API share one origin. `requested` lists the paths asked
 * for, in order. */
export async function startAppServer({ api } = {}) {
  const requested = [];
  await bundleOfficial();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (api && !APP_PATHS.test(url.pathname)) return forward(api, req, res);
    requested.push(url.pathname);
    const path = decodeURIComponent(url.pathname);
    const csp = url.searchParams.get('csp');
    const file = /^\/(pkg|bench)\//.test(path) ? join(repoRoot, normalize(path))
      : path.startsWith('/pkg-test-hooks/') ? join(repoRoot, 'target', normalize(path))
      : path.startsWith('/official/') ? join(OFFICIAL_DIR, normalize(path.slice('/official/'.length)))
      : join(here, 'pages', normalize(path.endsWith('/') ? path + 'index.html' : path));
    try {
      let body = await readFile(file);
      if (extname(file) === '.html') body = body.toString().replace(/<head>/i, `<head>${INSTRUMENT}`);
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
  if (api) server.on('upgrade', (req, socket, head) => forwardUpgrade(api, req, socket, head));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  appOrigins.add(url);
  return { url, requested, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A browser of this run's engine, on a WebDriver session of its own.
 * `{ popupBlockerOff: true }`: with the engine's popup blocker off, for the
 * shapes that open a popup after an `await` (no browser lets those through
 * with its blocker on, whatever the SDK). */
export async function launchBrowser({ popupBlockerOff = false } = {}) {
  const session = await startSession(ENGINE, { popupBlockerOff });
  const browser = await new Browser(session, { checkPopupBlocker: !popupBlockerOff }).init();
  browser.popupBlockerOff = popupBlockerOff;
  return browser;
}

/** Fails unless the engine's popup blocker is on (every session checks it
 * on its first page, webdriver-page.mjs; the suites may check again). */
export function assertPopupBlockerOn(page) {
  return checkBlocker(page, ENGINE);
}

/** Opens the app page that imports the package as web apps do (bare
 * specifier); `{ testHooks: true }`: its test build instead; `{ official:
 * true }`: the official SDK instead (`window.sdk` has the same names). */
export async function openAppPage(browser, appUrl, { testHooks = false, official = false } = {}) {
  const page = await browser.newPage();
  const query = testHooks ? '?pkg=test-hooks' : official ? '?pkg=official' : '';
  await page.goto(`${appUrl}/index.html${query}`);
  await page.waitForFunction(() => window.sdkReady === true || window.sdkError, null, { timeout: 10000 });
  const failed = await page.evaluate(() => window.sdkError && String(window.sdkError));
  if (failed) throw new Error(`the package failed to load: ${failed}`);
  if (!browser.popupBlockerOff) await assertPopupBlockerOn(page);
  return page;
}

/** For a page served elsewhere (the dev server's examples): records its
 * uncaught errors and unhandled rejections from now on, as instrument.js does. */
export async function watchErrors(page) {
  await page.evaluate(() => {
    if (window.__pageErrors) return;
    window.__pageErrors = [];
    window.addEventListener('error', (e) => window.__pageErrors.push(`error: ${e.message}`));
    window.addEventListener('unhandledrejection', (e) => window.__pageErrors.push(`unhandled rejection: ${e.reason?.message ?? e.reason}`));
  });
}

/** Uncaught errors and unhandled rejections the page saw (instrument.js). */
export function pageErrors(page) {
  return page.evaluate(() => window.__pageErrors);
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

/** The origins of the app servers this process started: the requests of
 * its pages carry one (`Origin`, or `Referer` for a popup's navigation). */
const appOrigins = new Set();

/** Whether a request of the dev server's log came from a page of this
 * process (other suites, of any engine, may run at the same time). */
function ours(r) {
  const from = r.headers?.origin ?? r.headers?.referer;
  return typeof from === 'string' && [...appOrigins].some((o) => from === o || from.startsWith(`${o}/`));
}

/** The requests the dev server received from this process's pages while
 * `fn` ran, as it received them: `{ method, url, headers, body }` (its
 * request log, `/dev/requests`). */
export async function recording(fn) {
  const { body: before } = await backend('GET', '/dev/requests');
  const result = await fn();
  const { body: all } = await backend('GET', `/dev/requests?after=${before.last}`);
  const requests = all.requests
    .filter((r) => ours(r) && !r.path.startsWith('/dev/') && !(r.method === 'POST' && r.path === '/connect/sessions'))
    .map((r) => ({ method: r.method, url: `${NANGO}${r.path}`, headers: r.headers, body: r.body }));
  return { result, requests };
}

/** Runs `fn(sdk, arg)` in the page; `sdk` = { Nango, AuthError, ConnectUI }. Errors come back as plain objects. */
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

/** Registers before/after hooks that start the app server and the browser
 * (and, with `{ page: true }`, the app page), and hands them to
 * `ready({ app, browser, page })`. */
export function useBrowser(ready, { page = false } = {}) {
  const env = {};
  before(async () => {
    env.app = await startAppServer();
    env.browser = await launchBrowser();
    if (page) env.page = await openAppPage(env.browser, env.app.url);
    ready(env);
  });
  after(async () => {
    await env.browser?.close();
    await env.app?.close();
  });
}

/** `useBrowser` with the app page. */
export function useAppPage(ready) {
  useBrowser(ready, { page: true });
}
