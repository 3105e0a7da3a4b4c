// The package's WebAssembly module on its own, in Node.js: its memory at
// start, and JSON nested as deep as its reader goes (the module runs on a
// 128 KB stack; see scripts/build-pkg.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './harness.mjs';

const pkg = (file) => import(pathToFileURL(join(repoRoot, 'pkg', file)).href);
const { initSync, decode, Flow } = await pkg('nango_frontend.js');
const { wasmResponse } = await pkg('nango_frontend_wasm.js');
const exports = initSync({ module: new Uint8Array(await wasmResponse().arrayBuffer()) });
const nested = (n) => '['.repeat(n) + ']'.repeat(n);

test('the module starts with a few pages of memory', () => {
  assert.ok(exports.memory.buffer.byteLength <= 4 * 65536, `${exports.memory.buffer.byteLength} B`);
});

test('JSON nested to the reader\'s limit is read; deeper is refused, not a crash', () => {
  const answer = (n) => decode(200, `{"providerConfigKey":"a","connectionId":"b","extra":${nested(n)}}`);
  assert.equal(JSON.parse(answer(126)).connectionId, 'b');
  for (const n of [128, 100000]) {
    // An error result: `!` and [type, message, status].
    const [type, message] = JSON.parse(answer(n).slice(1));
    assert.equal(type, 'unknown_error');
    assert.match(message, /without a connection/);
  }
  const flow = new Flow('http://127.0.0.1:3003/oauth/connect/github', false);
  const deepMessage = `{"type":"nango_oauth_callback_error","payload":{"message":${nested(100000)}}}`;
  assert.deepEqual(JSON.parse(flow.on(2, deepMessage)).actions, []);
  flow.free();
});
