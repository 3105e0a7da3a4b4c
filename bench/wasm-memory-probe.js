// Benchmark-only: keeps the WebAssembly memory the package instantiates, so
// that the page can read its size. Imported before the package.
const instantiate = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (...args) => {
  const result = await instantiate(...args);
  window.__wasmMemory = result.instance.exports.memory;
  return result;
};
