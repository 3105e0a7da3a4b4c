// Server-side rendering: importing the package in Node.js must not throw,
// and browser-only methods must fail with a typed error.
import assert from 'node:assert/strict';

const mod = await import('nango-frontend-wasm');
const { default: Nango, AuthError, ConnectUI } = mod;
assert.equal(typeof Nango, 'function');
const nango = new Nango({ connectSessionToken: 'nango_connect_session_' + 'a'.repeat(64) });
await assert.rejects(nango.auth('zendesk', { credentials: { apiKey: 'k' } }), (e) => e instanceof AuthError && e.type === 'unsupported_environment');
await assert.rejects(nango.auth('github'), (e) => e instanceof AuthError && e.type === 'unsupported_environment');
assert.throws(() => nango.openConnectUI({}), (e) => e instanceof AuthError && e.type === 'unsupported_environment');
assert.throws(() => new ConnectUI({}).open(), (e) => e instanceof AuthError && e.type === 'unsupported_environment');
console.log('ssr: import ok, browser-only methods reject with unsupported_environment');
