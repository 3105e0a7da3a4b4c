// Entry of the npm package. In a browser it instantiates the WebAssembly
// module before the import resolves (top-level await), so that a later
// `auth()` inside a click handler opens its popup synchronously, as browsers
// require. The module is embedded in `nango_frontend_wasm.js` (no .wasm file
// to fetch or to configure in a bundler). Elsewhere (server-side rendering,
// workers) importing is safe and every method fails with an `AuthError` of
// type `unsupported_environment`.
import { AuthError } from './auth_error.js';
import init, { Nango as WasmNango, ConnectUI as WasmConnectUI } from './nango_frontend.js';
import { wasmResponse } from './nango_frontend_wasm.js';

const inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

if (inBrowser) await init({ module_or_path: wasmResponse() });

const unsupported = () =>
  new AuthError('nango-frontend-wasm needs a browser window (it was called during server-side rendering or in a worker).', 'unsupported_environment');

class ServerSideNango {
  auth() { return Promise.reject(unsupported()); }
  create() { return Promise.reject(unsupported()); }
  reconnect() { return Promise.reject(unsupported()); }
  clear() {}
  openConnectUI() { throw unsupported(); }
}

class ServerSideConnectUI {
  open() { throw unsupported(); }
  close() {}
  setSessionToken() {}
}

/** @type {typeof WasmNango} */
const Nango = inBrowser ? WasmNango : ServerSideNango;
/** @type {typeof WasmConnectUI} */
const ConnectUI = inBrowser ? WasmConnectUI : ServerSideConnectUI;

export { AuthError, ConnectUI, Nango };
export default Nango;
