// Sums twiggy's shallow sizes (a CSV of `twiggy top`) by crate: a function
// counts for the first crate its name starts with or is a method of (so
// generic code counts for the crate it comes from, e.g. serde-wasm-bindgen's
// deserializers instantiated for this crate's types; this crate's own
// functions include the serde code derived for its types and whatever was
// inlined into them). Prints a markdown table.
import { readFileSync } from 'node:fs';

const CRATES = ['nango_frontend', 'serde_wasm_bindgen', 'serde_core', 'serde', 'wasm_bindgen_futures', 'wasm_bindgen', 'js_sys', 'web_sys', 'gloo_events', 'gloo_timers', 'futures_channel', 'percent_encoding', 'lol_alloc', 'hashbrown', 'alloc', 'core', 'std'];
const rows = readFileSync(process.argv[2], 'utf8').trim().split('\n').slice(1).map((line) => {
  const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
  return { name: cells[0], size: Number(cells[1]) };
});
const shares = new Map();
for (const { name, size } of rows) {
  if (name.startsWith('custom section') || name.includes('subsection')) continue;
  let crate = name.startsWith('data segment') ? 'data (strings, tables)' : null;
  // wasm-bindgen's export shims of the `Nango` and `ConnectUI` methods, with
  // the crate's code inlined into them.
  if (/^(byn\$mgfn-shared\$)?(nango|connectui)_/.test(name)) crate = 'nango_frontend';
  if (!crate) {
    // The crate whose path comes first in the (possibly `<T as Trait>`) name.
    let best = Infinity;
    for (const c of CRATES) {
      const at = name.search(new RegExp(`\\b${c}(\\[[0-9a-f]+\\])?::`));
      if (at >= 0 && at < best) [best, crate] = [at, c];
    }
  }
  crate ??= 'wasm-bindgen shims and other';
  shares.set(crate, (shares.get(crate) ?? 0) + size);
}
const total = [...shares.values()].reduce((a, b) => a + b, 0);
const lines = ['| part of the .wasm (twiggy, shallow bytes) | bytes | share |', '|---|---|---|'];
for (const [crate, size] of [...shares].sort((a, b) => b[1] - a[1])) {
  lines.push(`| ${crate} | ${size} | ${((100 * size) / total).toFixed(1)}% |`);
}
lines.push(`| total | ${total} | 100% |`);
console.log(lines.join('\n'));
