// The package's WebAssembly module on its own, in Node.js, through its
// exports (src/js/abi.rs): its memory at start, ids of released clients and
// flows, and JSON nested as deep as its reader goes (the module runs on a
// 128 KB stack; see scripts/build-pkg.sh), and a panic, which traps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './harness.mjs';

const { wasmResponse } = await import(pathToFileURL(join(repoRoot, 'pkg', 'nango_frontend_wasm.js')).href);
const module = await WebAssembly.compile(await wasmResponse().arrayBuffer());
const wasm = (await WebAssembly.instantiate(module, {})).exports;
const startBytes = wasm.memory.buffer.byteLength;

/** Writes `text` to the input buffer and calls `fn(...args)`: its number (an id, or a result's length). */
function make(fn, text, ...args) {
  const bytes = new TextEncoder().encode(text);
  const at = wasm.nango_input(bytes.length); // may grow the memory: its buffer is read after
  new Uint8Array(wasm.memory.buffer, at, bytes.length).set(bytes);
  return fn(...args);
}

/** `make`, then the text result it made. */
function call(fn, text, ...args) {
  const len = make(fn, text, ...args);
  const out = wasm.nango_output();
  return new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, out, len));
}
const error = (result) => (result.startsWith('!') ? JSON.parse(result.slice(1)) : null);
const nested = (n) => '['.repeat(n) + ']'.repeat(n);

test('the module imports nothing and starts with a few pages of memory', () => {
  assert.deepEqual(WebAssembly.Module.imports(module), []);
  assert.ok(startBytes <= 4 * 65536, `${startBytes} B`);
});

test('clients and flows: results through the buffers, released ids answer an error', () => {
  const client = make(wasm.nango_client_new, '{"host":"http://127.0.0.1:3003","connectSessionToken":"x"}');
  assert.equal(call(wasm.nango_client_base, '', client), 'http://127.0.0.1:3003');
  const refused = error(call(wasm.nango_client_plan, '["zendesk",{"credentials":{"apiKey":"k"}}]', client, 0));
  assert.equal(refused?.[0], 'invalid_connect_session_token_format');
  const other = make(wasm.nango_client_new, '{"host":"http://localhost:4000"}');
  assert.notEqual(other, client);
  assert.equal(call(wasm.nango_client_base, '', other), 'http://localhost:4000');
  wasm.nango_client_free(client);
  assert.equal(error(call(wasm.nango_client_base, '', client))?.[0], 'unknown_error');
  assert.equal(call(wasm.nango_client_base, '', other), 'http://localhost:4000');
  wasm.nango_client_free(other);
  const text = 'héllo ✓ 𝄞';
  const flow = make(wasm.nango_flow_new, `http://127.0.0.1:3003/oauth/connect/${text}`, 0);
  const hello = JSON.parse(call(wasm.nango_flow_on, '{"message_type":"connection_ack","ws_client_id":"c"}', flow, 0));
  assert.ok(hello.actions[0][1].includes(text), 'UTF-8 both ways');
  wasm.nango_flow_free(flow);
});

test('JSON nested to the reader\'s limit is read; deeper is refused, not a crash', () => {
  const answer = (n) => call(wasm.nango_decode, `{"providerConfigKey":"a","connectionId":"b","extra":${nested(n)}}`, 200);
  assert.equal(JSON.parse(answer(126)).connectionId, 'b');
  for (const n of [128, 100000]) {
    const [type, message] = error(answer(n));
    assert.equal(type, 'unknown_error');
    assert.match(message, /without a connection/);
  }
  const flow = make(wasm.nango_flow_new, 'http://127.0.0.1:3003/oauth/connect/github', 0);
  const deepMessage = `{"type":"nango_oauth_callback_error","payload":{"message":${nested(100000)}}}`;
  assert.deepEqual(JSON.parse(call(wasm.nango_flow_on, deepMessage, flow, 2)).actions, []);
  wasm.nango_flow_free(flow);
});

test('a panic in the module traps at once, and the module answers the next calls', () => {
  const client = make(wasm.nango_client_new, '{"host":"http://127.0.0.1:3003"}');
  // An input buffer larger than a wasm32 allocation can be (isize::MAX):
  // Vec's capacity check panics, and the no_std panic handler traps.
  assert.throws(() => wasm.nango_input(2 ** 31 + 16), WebAssembly.RuntimeError);
  assert.equal(call(wasm.nango_client_base, '', client), 'http://127.0.0.1:3003');
  const again = make(wasm.nango_client_new, '{"host":"http://localhost:3003"}');
  assert.equal(call(wasm.nango_client_base, '', again), 'http://localhost:3003');
  wasm.nango_client_free(client);
  wasm.nango_client_free(again);
});
