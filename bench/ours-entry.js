// What an app ships of this SDK, plus a probe of the wasm linear memory.
import './wasm-memory-probe.js';
export { default, AuthError } from '../pkg/index.js';
export const __wasmMemoryBytes = () => window.__wasmMemory?.buffer.byteLength ?? null;
