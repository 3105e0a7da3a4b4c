// Renames the imports of the wasm-bindgen output to short names, in the
// .wasm and in the glue together: wasm-bindgen names each import
// `__wbg_<name>_<16 hex digits>` under the module "./<name>_bg.js", about
// 45 bytes that compression cannot shrink much, written twice per import.
// Usage: node shorten-wasm-imports.mjs <module.wasm> <glue.js>
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmPath, gluePath] = process.argv.slice(2);
const wasm = readFileSync(wasmPath);
const IMPORT_SECTION = 2;
const SHORT_MODULE = 'w';

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [value >>> 0, at];
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
function shortName(n) {
  let name = '';
  do {
    name += ALPHABET[n % ALPHABET.length];
    n = Math.floor(n / ALPHABET.length);
  } while (n);
  return name;
}

/** Skips an import's description (function, table, memory or global). */
function skipDescription(bytes, at) {
  const kind = bytes[at++];
  const skipLimits = () => {
    const flags = bytes[at++];
    [, at] = readLeb(bytes, at);
    if (flags & 1) [, at] = readLeb(bytes, at);
  };
  if (kind === 0) [, at] = readLeb(bytes, at);
  else if (kind === 1) {
    at++; // element type
    skipLimits();
  } else if (kind === 2) skipLimits();
  else if (kind === 3) at += 2; // value type, mutability
  else throw new Error(`unknown import kind ${kind}`);
  return at;
}

const renamed = new Map();
let moduleName = null;
const sections = [wasm.subarray(0, 8)];
let at = 8;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, bodyStart] = readLeb(wasm, at + 1);
  const end = bodyStart + size;
  if (id !== IMPORT_SECTION) {
    sections.push(wasm.subarray(at, end));
    at = end;
    continue;
  }
  let [count, p] = readLeb(wasm, bodyStart);
  const body = [leb(count)];
  for (let i = 0; i < count; i++) {
    let length;
    [length, p] = readLeb(wasm, p);
    const module = wasm.subarray(p, p + length).toString();
    p += length;
    [length, p] = readLeb(wasm, p);
    const field = wasm.subarray(p, p + length).toString();
    p += length;
    const description = p;
    p = skipDescription(wasm, p);
    moduleName ??= module;
    if (module !== moduleName) throw new Error(`imports from two modules: ${moduleName}, ${module}`);
    if (!renamed.has(field)) renamed.set(field, shortName(renamed.size));
    const name = Buffer.from(renamed.get(field));
    body.push(leb(SHORT_MODULE.length), Buffer.from(SHORT_MODULE), leb(name.length), name, wasm.subarray(description, p));
  }
  if (p !== end) throw new Error('import section: unexpected length');
  const bytes = Buffer.concat(body);
  sections.push(Buffer.from([IMPORT_SECTION]), leb(bytes.length), bytes);
  at = end;
}

// The glue defines each import once, as `name: function(...)` in one object
// registered under the module name; anything else means the glue changed.
let glue = readFileSync(gluePath, 'utf8');
for (const [from, to] of renamed) {
  const definition = new RegExp(`\\b${from}(?=: function\\()`, 'g');
  const found = glue.match(definition)?.length ?? 0;
  if (found !== 1) throw new Error(`${from}: ${found} definitions in the glue`);
  glue = glue.replace(definition, to);
}
const moduleKey = `${JSON.stringify(moduleName)}: import0`;
if (glue.split(moduleKey).length !== 2) throw new Error(`${moduleKey} not found once in the glue`);
glue = glue.replace(moduleKey, `${JSON.stringify(SHORT_MODULE)}: import0`);

writeFileSync(wasmPath, Buffer.concat(sections));
writeFileSync(gluePath, glue);
console.log(`shortened ${renamed.size} import names`);
