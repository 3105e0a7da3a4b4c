// Keeps the WebAssembly memory the package instantiates (`window.__wasmMemory`),
// so that a page can read its size: imported before the package by the bench
// entry, and an init script of tests/js/memory.test.mjs.
const instantiate = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (...args) => {
  const result = await instantiate(...args);
  window.__wasmMemory = result.instance.exports.memory;
  return result;
};
