// The npm package as users get it: `npm pack`, installed from the tarball
// into a fresh consumer project (target/stacks/<engine>: the engines' runs
// may overlap; node_modules kept between runs), built with Vite, webpack 5
// and esbuild and also used with no bundler, each run in the browser engine
// against the dev server; and, once (in the Chromium run: they do not
// depend on the engine), the tarball's manifest, its types checked with
// `tsc --strict` and its import in Node.js (SSR).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, writeFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, normalize, extname } from 'node:path';
import { NANGO, repoRoot, launchBrowser, pageErrors, sessionToken, storedConnection } from './harness.mjs';
import { ENGINE } from './engines.mjs';

const work = join(repoRoot, 'target', 'stacks', ENGINE);
const onceOnly = { skip: ENGINE !== 'chromium' && 'engine-independent: checked in the Chromium run' };
const sources = join(repoRoot, 'tests', 'stacks');
const TOOLS = { vite: '8.3.8', webpack: '5.113.0', 'webpack-cli': '7.3.1', esbuild: '0.28.2', typescript: '5.9.3', '@nangohq/frontend': '0.71.10' };

let tarball, server, baseUrl, browser;
/** What the consumer pages requested: `<status> <path>`. */
const loaded = [];

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
}

before(async () => {
  await mkdir(work, { recursive: true });
  // The package, packed as it would be published.
  const packed = JSON.parse(run('npm', ['pack', join(repoRoot, 'pkg'), '--json', '--pack-destination', work]));
  tarball = join(work, packed[0].filename);

  // A consumer project with the build tools; installed once, then reused.
  const manifest = { name: 'consumer', private: true, type: 'module', devDependencies: TOOLS };
  const manifestPath = join(work, 'package.json');
  const previous = await readFile(manifestPath, 'utf8').catch(() => '');
  if (previous !== JSON.stringify(manifest, null, 2)) {
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
    await rm(join(work, 'node_modules'), { recursive: true, force: true });
  }
  if (!(await stat(join(work, 'node_modules', 'vite')).catch(() => null))) {
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
  }
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', tarball]);
  await cp(sources, work, { recursive: true });

  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path === '/instrument.js' ? join(repoRoot, 'tests', 'js', 'pages', 'instrument.js') : join(work, normalize(path.endsWith('/') ? path + 'index.html' : path));
    const types = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm' };
    try {
      let body = await readFile(file);
      // Every page records its errors (tests/js/pages/instrument.js, loaded first).
      if (extname(file) === '.html') body = body.toString().replace(/<head>/i, '<head><script src="/instrument.js"></script>');
      res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
      res.end(body);
      loaded.push(`200 ${path}`);
    } catch {
      res.writeHead(404);
      res.end();
      // A browser's own request for a favicon is not the page's.
      if (path !== '/favicon.ico') loaded.push(`404 ${path}`);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

test('the tarball has no runtime dependencies and ships what it declares', onceOnly, async () => {
  const manifest = JSON.parse(await readFile(join(work, 'node_modules', 'nango-frontend-wasm', 'package.json'), 'utf8'));
  assert.equal(manifest.dependencies, undefined);
  assert.equal(manifest.type, 'module');
  assert.equal(manifest.sideEffects, false);
  for (const file of manifest.files) {
    assert.ok(await stat(join(work, 'node_modules', 'nango-frontend-wasm', file)), file);
  }
});

async function runPage(path) {
  const token = await sessionToken();
  const page = await browser.newPage();
  loaded.length = 0;
  await page.goto(`${baseUrl}${path}?host=${encodeURIComponent(NANGO)}&token=${token}`);
  await page.waitForFunction(() => window.result, null, { timeout: 20000 });
  const result = await page.evaluate(() => window.result);
  assert.deepEqual(await pageErrors(page), []);
  await page.close();
  assert.equal(result.ok?.providerConfigKey, 'zendesk', JSON.stringify(result));
  const stored = await storedConnection(result.ok.connectionId, 'zendesk');
  assert.deepEqual(stored.body.connection_config, { subdomain: 'acme' });
  // The WebAssembly module comes embedded in the JavaScript: nothing else is
  // requested, and nothing failed to load.
  assert.ok(!loaded.some((l) => l.endsWith('.wasm')), loaded.join('\n'));
  assert.ok(loaded.every((l) => l.startsWith('200 ')), loaded.join('\n'));
}

test('Vite build', async () => {
  // Served from a sub-path here, hence the relative base.
  run('npx', ['vite', 'build', 'vite', '--base', './', '--outDir', '../dist-vite', '--emptyOutDir', '--logLevel', 'error']);
  await runPage('/dist-vite/index.html');
});

test('webpack 5 build', async () => {
  run('npx', ['webpack', '--mode', 'production', '--entry', './webpack/src/index.js', '--output-path', './dist-webpack']);
  await cp(join(work, 'webpack', 'index.html'), join(work, 'dist-webpack', 'index.html'));
  await runPage('/dist-webpack/index.html');
});

test('esbuild bundle', async () => {
  run('npx', ['esbuild', 'esbuild/src/main.js', '--bundle', '--format=esm', '--outfile=dist-esbuild/main.js', '--log-level=error']);
  await cp(join(work, 'esbuild', 'index.html'), join(work, 'dist-esbuild', 'index.html'));
  await runPage('/dist-esbuild/index.html');
});

test('plain <script type="module"> with no bundler', async () => {
  await runPage('/plain/index.html');
});

test('TypeScript: the official usage compiles under --strict, misuse does not, every official type is matched', onceOnly, () => {
  // consumer.ts: the official SDK's documented usage (this package's
  // declarations checked too: skipLibCheck off); compat.ts: every type the
  // official package exports, compared with this one's.
  for (const config of ['tsconfig.json', 'tsconfig.compat.json']) {
    try {
      run('npx', ['tsc', '-p', config]);
    } catch (e) {
      assert.fail(`tsc -p ${config} failed:\n${e.stdout}${e.stderr}`);
    }
  }
});

test('SSR: importing in Node.js does not throw; methods reject with unsupported_environment', onceOnly, () => {
  const out = run('node', ['ssr.mjs']);
  assert.match(out, /ssr: import ok/);
});
