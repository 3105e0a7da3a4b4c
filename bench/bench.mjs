// `make bench`: this SDK (pkg/) and the official @nangohq/frontend side by
// side, in one headless Chromium run against the dev server on loopback.
// Prints a table of medians and ratios ours/official and writes BENCHMARKS.md.
//
// Environment: NANGO_DEV_SERVER_URL (started by scripts/bench.sh).
import { build } from 'esbuild';
import { readFile, writeFile, copyFile, rm, mkdir } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import { cpus } from 'node:os';
import { launchBrowser, sessionToken, NANGO } from '../tests/js/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(root, 'target', 'bench');
const N_LOADS = Number(process.env.BENCH_LOADS || 40);
const N_CALLS = Number(process.env.BENCH_CALLS || 300);
const N_WARMUP = 30;
const N_OAUTH = Number(process.env.BENCH_OAUTH || 30);
const N_MEMORY = 1000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Bundles both SDKs minified with esbuild, as an app would ship them. */
async function bundle() {
  await rm(out, { recursive: true, force: true });
  const common = { bundle: true, minify: true, format: 'esm', splitting: true, logLevel: 'error', absWorkingDir: root };
  // Shipped-size bundles: exactly what an app imports.
  await build({ ...common, stdin: { contents: "export { default, AuthError } from './pkg/index.js';", resolveDir: root, loader: 'js' }, outdir: join(out, 'size-ours') });
  await build({ ...common, entryPoints: [join(here, 'official-entry.js')], outdir: join(out, 'size-official') });
  // Benchmark bundles (ours adds a probe of the wasm memory).
  await build({ ...common, entryPoints: { index: join(here, 'ours-entry.js') }, outdir: join(out, 'ours') });
  await build({ ...common, entryPoints: { index: join(here, 'official-entry.js') }, outdir: join(out, 'official') });
  await copyFile(join(here, 'page.html'), join(out, 'page.html'));
  // The packages' files as published, loaded unbundled (ES modules).
  await mkdir(join(out, 'ours-pkg'), { recursive: true });
  for (const f of ['index.js', 'nango_frontend_wasm.js']) await copyFile(join(root, 'pkg', f), join(out, 'ours-pkg', f));
  const dist = join(root, 'node_modules', '@nangohq', 'frontend', 'dist');
  await mkdir(join(out, 'official-pkg'), { recursive: true });
  for (const f of readdirSync(dist).filter((f) => f.endsWith('.js') && !f.includes('test'))) {
    await copyFile(join(dist, f), join(out, 'official-pkg', f));
  }
}

/** Bytes the browser loads at import: the bundle's chunks (for this SDK, with its embedded WebAssembly module). */
async function shippedSize(dir, files) {
  let raw = 0, gz = 0, br = 0;
  for (const f of files) {
    const bytes = await readFile(join(out, dir, f));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
    br += brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gz, br };
}

async function staticServer() {
  const types = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm' };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    try {
      const body = await readFile(join(out, path));
      res.writeHead(200, { 'content-type': types[extname(path)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

async function openBench(browser, base, sdk) {
  const page = await browser.newPage();
  await page.goto(`${base}/page.html?sdk=${sdk}`);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 20000 });
  return page;
}

/** One fresh page load with the cache disabled: milliseconds from `import()` to the module being usable. */
async function importToReady(browser, base, sdk) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.goto(`${base}/page.html?sdk=${sdk}`);
  await page.waitForFunction(() => window.ready === true);
  const ms = await page.evaluate(() => window.importToReady);
  await page.close();
  return ms;
}

/** `N_LOADS` import-to-ready times of each SDK (page `sdk + suffix`), alternating so that machine noise hits both alike. */
async function alternatingLoads(browser, base, suffix) {
  const times = { ours: [], official: [] };
  for (let i = 0; i < N_LOADS; i++) {
    for (const sdk of i % 2 ? ['official', 'ours'] : ['ours', 'official']) {
      times[sdk].push(await importToReady(browser, base, sdk + suffix));
    }
  }
  return times;
}

async function apiKeyLatency(page, token, n, warmup = N_WARMUP) {
  return page.evaluate(async ({ token, host, n, warmup }) => {
    const nango = new window.Nango({ connectSessionToken: token, host });
    const one = () => nango.auth('pagerduty', { credentials: { apiKey: 'bench-key' } });
    for (let i = 0; i < warmup; i++) await one();
    const times = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await one();
      times.push(performance.now() - t);
    }
    return times;
  }, { token, host: NANGO, n, warmup });
}

/** JS values (objects, closures, arrays, strings, numbers...) alive in a heap snapshot: what a leak would add to. */
async function liveValues(cdp) {
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const { snapshot, nodes } = JSON.parse(chunks.join(''));
  const fields = snapshot.meta.node_fields;
  const typeNames = snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const values = new Set(['object', 'closure', 'array', 'string', 'concatenated string', 'sliced string', 'number', 'regexp', 'symbol', 'bigint']);
  let count = 0;
  for (let i = 0; i < nodes.length; i += fields.length) if (values.has(typeNames[nodes[i + typeAt]])) count++;
  return count;
}

async function heap(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.wasmMemory());
  return { js: usedSize, wasm, values: await liveValues(cdp) };
}

/** Heap after a warm-up of N_MEMORY auths, then after N_MEMORY and 3 x N_MEMORY more. */
async function memory(browser, base, sdk, token) {
  const page = await openBench(browser, base, sdk);
  const cdp = await page.context().newCDPSession(page);
  await apiKeyLatency(page, token, N_MEMORY - N_WARMUP); // warm-up: JIT, caches, wasm heap high-water mark
  const points = [await heap(page, cdp)];
  for (const more of [1, 2]) {
    await apiKeyLatency(page, token, more * N_MEMORY - N_WARMUP);
    points.push(await heap(page, cdp));
  }
  await page.close();
  return points;
}

/** A page of `sdk` whose #go button starts an OAuth flow that the fake provider approves at once. */
async function oauthPage(browser, base, sdk, token) {
  const page = await openBench(browser, base, sdk);
  await page.evaluate(({ token, host }) => {
    window.makeFlow = () => new window.Nango({ connectSessionToken: token, host }).auth('github-auto-approve');
  }, { token, host: NANGO });
  return page;
}

/** One OAuth flow: milliseconds from the popup requesting the callback page to the promise settling (null if unseen). */
async function oauthCompletion(page, sdk) {
  const popupPromise = page.waitForEvent('popup');
  await page.click('#go');
  const popup = await popupPromise;
  // When the popup started loading the callback page: that document's
  // timeOrigin (same clock as the opener's timeOrigin + now()).
  const loadedAt = await new Promise((resolve) => {
    popup.on('domcontentloaded', async () => {
      if (!popup.url().includes('/oauth/callback')) return;
      try { resolve(await popup.evaluate(() => performance.timeOrigin)); } catch { resolve(null); }
    });
    popup.on('close', () => resolve(null));
  });
  const flow = await page.waitForFunction(() => window.flow, null, { timeout: 20000 }).then(() => page.evaluate(() => window.flow));
  if (!flow.ok) throw new Error(`${sdk} OAuth failed: ${flow.type} ${flow.message}`);
  await page.evaluate(() => { window.flow = undefined; });
  if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 5000 }).catch(() => popup.close());
  return loadedAt ? flow.settledAt - loadedAt : null;
}

const fmtMs = (x) => `${x.toFixed(2)} ms`;
const fmtKB = (x) => `${(x / 1024).toFixed(1)} KB`;
const heapRow = (points, key, fmt) => points.map((p) => fmt(p[key])).join(' -> ');
const growth = (points, key) => points[points.length - 1][key] - points[0][key];
const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}x` : 'n/a');

async function main() {
  await bundle();
  const size = {
    ours: await shippedSize('size-ours', readdirSync(join(out, 'size-ours'))),
    official: await shippedSize('size-official', readdirSync(join(out, 'size-official'))),
  };
  const server = await staticServer();
  const browser = await launchBrowser();
  const version = browser.browser()?.version() || (await (await browser.newPage()).evaluate(() => navigator.userAgent));
  const token = await sessionToken();
  const results = {};
  for (const sdk of ['ours', 'official']) results[sdk] = {};
  // Bundled, then with the published files unbundled (this SDK's entry then
  // imports its module file, the official one its three files).
  const bundled = await alternatingLoads(browser, server.url, '');
  const unbundled = await alternatingLoads(browser, server.url, '-pkg');
  for (const sdk of ['ours', 'official']) {
    results[sdk].load = median(bundled[sdk]);
    results[sdk].pkgLoad = median(unbundled[sdk]);
  }
  const pages = { ours: await openBench(browser, server.url, 'ours'), official: await openBench(browser, server.url, 'official') };
  const calls = { ours: [], official: [] };
  // Short rounds that alternate between the SDKs (10 calls each), after one
  // warm-up per page, so that drift in the machine or the dev server hits both alike.
  for (const sdk of ['ours', 'official']) await apiKeyLatency(pages[sdk], token, 0);
  const ROUNDS = Math.ceil(N_CALLS / 10);
  for (let round = 0; round < ROUNDS; round++) {
    for (const sdk of round % 2 ? ['official', 'ours'] : ['ours', 'official']) {
      calls[sdk].push(...(await apiKeyLatency(pages[sdk], token, 10, 0)));
    }
  }
  for (const sdk of ['ours', 'official']) {
    results[sdk].call = median(calls[sdk]);
    results[sdk].calls = calls[sdk].length;
    await pages[sdk].close();
  }
  // OAuth flows alternate between the SDKs, like the loads.
  const oauthPages = { ours: await oauthPage(browser, server.url, 'ours', token), official: await oauthPage(browser, server.url, 'official', token) };
  const oauthTimes = { ours: [], official: [] };
  for (let i = 0; i < N_OAUTH; i++) {
    for (const sdk of i % 2 ? ['official', 'ours'] : ['ours', 'official']) {
      const ms = await oauthCompletion(oauthPages[sdk], sdk);
      if (ms !== null) oauthTimes[sdk].push(ms);
    }
  }
  for (const sdk of ['ours', 'official']) {
    if (oauthTimes[sdk].length === 0) throw new Error(`${sdk}: no OAuth timing captured`);
    results[sdk].oauth = median(oauthTimes[sdk]);
    results[sdk].oauthCount = oauthTimes[sdk].length;
    await oauthPages[sdk].close();
  }
  for (const sdk of ['ours', 'official']) results[sdk].memory = await memory(browser, server.url, sdk, token);
  await browser.close();
  await server.close();

  const o = results.ours, f = results.official;
  const rows = [
    ['Shipped size, raw (JS incl. the embedded .wasm)', fmtKB(size.ours.raw), fmtKB(size.official.raw), ratio(size.ours.raw, size.official.raw)],
    ['Shipped size, gzip -9', fmtKB(size.ours.gz), fmtKB(size.official.gz), ratio(size.ours.gz, size.official.gz)],
    ['Shipped size, brotli 11', fmtKB(size.ours.br), fmtKB(size.official.br), ratio(size.ours.br, size.official.br)],
    [`Import to ready (median of ${N_LOADS} fresh loads each, alternating)`, fmtMs(o.load), fmtMs(f.load), ratio(o.load, f.load)],
    [`Import to ready, the published files unbundled (median of ${N_LOADS} loads each, alternating)`, fmtMs(o.pkgLoad), fmtMs(f.pkgLoad), ratio(o.pkgLoad, f.pkgLoad)],
    [`API-key auth per call (median of ${o.calls}, rounds of 10 alternating)`, fmtMs(o.call), fmtMs(f.call), ratio(o.call, f.call)],
    [`OAuth: callback page requested to promise settled (medians of ${o.oauthCount} and ${f.oauthCount} flows, alternating)`, fmtMs(o.oauth), fmtMs(f.oauth), ratio(o.oauth, f.oauth)],
    [`JS heap after GC: after ${N_MEMORY} warm-up auths -> ${N_MEMORY} more -> ${3 * N_MEMORY} more`, heapRow(o.memory, 'js', fmtKB), heapRow(f.memory, 'js', fmtKB), ratio(growth(o.memory, 'js') || 1, growth(f.memory, 'js') || 1) + ' (growth)'],
    [`Live JS values in a heap snapshot, same points`, heapRow(o.memory, 'values', String), heapRow(f.memory, 'values', String), `${growth(o.memory, 'values')} vs ${growth(f.memory, 'values')} (growth)`],
    [`wasm linear memory, same points`, heapRow(o.memory, 'wasm', fmtKB), 'n/a (no wasm)', ''],
  ];
  const table = ['| measure | nango-frontend-wasm | @nangohq/frontend 0.71.10 | ours / official |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const cpu = cpus()[0]?.model || 'unknown CPU';
  const header = [
    '# Benchmarks',
    '',
    'Written by `make bench` (bench/bench.mjs). Both SDKs are bundled minified with esbuild and measured in the same',
    'headless Chromium run against the dev server on loopback; runs are interleaved. Medians; lower is better.',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu}, ${cpus().length} cores, Linux`,
    `- Browser: ${version}`,
    `- Node.js: ${process.version}`,
    '',
    '',
  ].join('\n');
  const pkgFiles = ['index.js', 'nango_frontend_wasm.js']
    .map((f) => `pkg/${f} ${gzipSync(readFileSync(join(root, 'pkg', f)), { level: 9 }).length} B`)
    .join(' + ');
  const notes = [
    '',
    'Notes:',
    '- Shipped size counts what the browser loads at import: the minified bundle; for this SDK it holds the WebAssembly',
    '  module (Zopfli gzip + base64, decompressed by the browser), so the gzip column is what goes over the wire. KB are',
    `  1024 bytes. The package's files as published, each gzip -9: ${pkgFiles}.`,
    '- Import to ready: from `import()` to the module being usable (this SDK instantiates its WebAssembly then), cache disabled.',
    '  Bundled: one file each, as an app ships them. Unbundled: the files of each package as published (this SDK: its entry',
    '  and the module file it imports; the official SDK: index.js, authModal.js, connectUI.js, types.js), served from loopback.',
    '- API-key latency is dominated by the dev server (SQLite write) and is the same request for both SDKs.',
    '- OAuth: from the popup requesting the callback page (that document\'s `performance.timeOrigin`) to the promise settling',
    '  in the opener, with the fake provider approving at once (`github-auto-approve`). The server publishes the result on the',
    '  WebSocket before it answers the callback request, so both SDKs usually settle while the page is still loading.',
    '- Memory: `Runtime.getHeapUsage` after a forced GC, and the number of live JS values (objects, closures, strings, ...)',
    '  in a heap snapshot: a leak adds values with every call. The heap also holds compiled code, which keeps growing a',
    '  little while the engine optimizes hot functions (it levels off after ~10,000 calls); the wasm linear memory never',
    '  shrinks, so its growth after warm-up is what matters.',
    '',
  ].join('\n');
  // What the module is made of (scripts/size-report.sh, run by `make bench` before this).
  const reportPath = join(root, 'target', 'size', 'report.md');
  const report = existsSync(reportPath) ? readFileSync(reportPath, 'utf8').trim() : '';
  const composition = report
    ? [
        '',
        '## What the WebAssembly module is made of',
        '',
        'twiggy on the module as `make pkg` builds it (wasm-opt -Oz), names kept; a function counts for the crate it comes',
        'from, generic code included (serde-wasm-bindgen\'s deserializers instantiated for this crate\'s types count for',
        'serde-wasm-bindgen; the serde code derived for this crate\'s types, and what was inlined into its functions, count',
        'for nango_frontend). `core` is mostly formatting: `f64` printing alone is 14 KB, which serde\'s error messages',
        'bring (`invalid type: floating point ...`), as they bring `str` escaping and its Unicode tables.',
        '',
        report,
        '',
        'Measured against this module (gzip -9 of the .wasm, same build otherwise), and why it is built as it is:',
        '- the `url` crate (2.5.8, with `idna_adapter` pinned to its 1.0 ASCII-only stub) for the host and WebSocket URLs',
        '  instead of the browser\'s `URL`: +55 KB raw, +24 KB gzip. The module uses `URL` through web-sys; the native',
        '  tests use `url`, and both are WHATWG parsers.',
        '- serde_json\'s parser for the server\'s answers and the WebSocket frames instead of the browser\'s `JSON.parse` and',
        '  serde-wasm-bindgen: +33 KB raw, +15 KB gzip; serde_json\'s writer for request bodies instead of',
        '  serde-wasm-bindgen and `JSON.stringify`: +1.4 KB gzip.',
        '- `serde_json::Value` for the credentials objects (JWT and two-step fields are free-form): +5.5 KB gzip against a',
        '  typed `FieldValue` (a string, a number, a boolean, or an object of strings).',
        '- binaryen 132 (npm) instead of Debian\'s 108: -1 KB gzip. Reference types (externref) on: +0.8 KB gzip.',
        '',
      ].join('\n')
    : '';
  await writeFile(join(root, 'BENCHMARKS.md'), `${header}${table}\n${notes}${composition}`);
  console.log(table);
  console.log(`\n(written to BENCHMARKS.md)`);
}

await main();
