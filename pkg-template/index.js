// Entry of the npm package. The SDK is the Rust crate compiled to
// WebAssembly: `Nango` and `ConnectUI` are its own types, exported by
// wasm-bindgen (src/js.rs; `nango_frontend.js` is wasm-bindgen's glue).
// This file only does what wasm-bindgen cannot: instantiate the module before
// the import resolves, keep the import safe where the module cannot run, and
// export the API.
import init, { Nango as WasmNango, ConnectUI as WasmConnectUI } from './nango_frontend.js';
import { AuthError } from './auth_error.js';
import { gzipBytes } from './nango_frontend_wasm.js';

const CSP_HINT =
  "the page's Content-Security-Policy does not allow WebAssembly: add 'wasm-unsafe-eval' to its script-src directive";

/** The module for `init`: a streaming Response gunzipped by the browser, or,
 * where `DecompressionStream` is missing (Safari before 16.4), the bytes
 * gunzipped by fflate, a chunk loaded only then. */
async function wasmSource() {
  const gzip = gzipBytes();
  if (typeof DecompressionStream !== 'function') {
    const { gunzipSync } = await import('./gunzip.js');
    return gunzipSync(gzip);
  }
  const wasm = new Response(gzip).body.pipeThrough(new DecompressionStream('gzip'));
  return new Response(wasm, { headers: { 'content-type': 'application/wasm' } });
}

/** Why the SDK cannot run here, or null. */
let unavailable = null;
if (typeof window === 'undefined' || typeof document === 'undefined') {
  unavailable = 'nango-frontend-wasm needs a browser window (it was called during server-side rendering or in a worker).';
} else {
  // Instantiated before the import resolves (top-level await), so that auth()
  // in a click handler opens its popup synchronously, as browsers require.
  // The module is embedded in nango_frontend_wasm.js: no file to fetch.
  try {
    await init({ module_or_path: await wasmSource() });
  } catch (e) {
    // Chromium and WebKit name the Content-Security-Policy, Firefox "CSP".
    const why = typeof WebAssembly !== 'object' ? 'this browser has no WebAssembly'
      : /Content.Security.Policy|\bCSP\b|unsafe-eval/i.test(String(e?.message)) ? CSP_HINT
      : String(e?.message ?? e);
    unavailable = `nango-frontend-wasm cannot run on this page: ${why}.`;
  }
}

const fail = () => new AuthError(unavailable, 'unsupported_environment');

/** Where the module cannot run, every call fails with a typed AuthError. */
class Nango {
  auth() { return Promise.reject(fail()); }
  create() { return Promise.reject(fail()); }
  reconnect() { return Promise.reject(fail()); }
  clear() {}
  openConnectUI() { throw fail(); }
}

class ConnectUI {
  iframe = null;
  open() { throw fail(); }
  close() {}
  setSessionToken() {}
}

/** Calls wasm-bindgen itself refuses fail with an AuthError too: on an
 * object freed with free(), or made before the module restarted after an
 * internal error (a stale object). `kind`: how the method reports. */
function typedRefusals(Class, methods) {
  for (const [name, kind] of Object.entries(methods)) {
    const call = Class.prototype[name];
    Class.prototype[name] = function (...args) {
      try {
        if (!this.__wbg_ptr) throw new Error('it was freed');
        return call.apply(this, args);
      } catch (e) {
        if (e instanceof AuthError) throw e;
        const error = new AuthError(`This object cannot be used any more (${e?.message ?? e}): make a new one.`, 'unknown_error');
        if (kind === 'rejects') return Promise.reject(error);
        if (kind === 'throws') throw error;
      }
    };
  }
}
if (!unavailable) {
  typedRefusals(WasmNango, { auth: 'rejects', create: 'rejects', reconnect: 'rejects', clear: 'ignores', openConnectUI: 'throws' });
  typedRefusals(WasmConnectUI, { open: 'throws', close: 'ignores', setSessionToken: 'throws' });
}

const NangoClass = unavailable ? Nango : WasmNango;
const ConnectUIClass = unavailable ? ConnectUI : WasmConnectUI;

export { AuthError, ConnectUIClass as ConnectUI, NangoClass as Nango };
export default NangoClass;
