// What an app ships of this SDK, plus a probe of the wasm linear memory.
import init from '../pkg/nango_frontend.js';
export { default, AuthError } from '../pkg/index.js';
const exports = await init();
export const __wasmMemoryBytes = () => exports.memory.buffer.byteLength;
