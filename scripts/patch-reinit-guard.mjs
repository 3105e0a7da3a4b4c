// Makes wasm-bindgen 0.2.130's reinit machinery sound for the npm package's
// glue (scripts/build-pkg.sh runs it on the generated JS, in place).
//
// After a trap the module calls `schedule_reinit()`; the glue then makes a
// fresh instance in `__wbg_call_guard()`, at the next call into the module.
// As generated, that guard runs too late in the call:
// - after the call has taken its return area from the old instance's shadow
//   stack (`__wbindgen_add_to_stack_pointer(-16)`), and gives it back to the
//   new one in its `finally`: the new instance's stack pointer ends 16 bytes
//   above its stack, in the data after it, and the instance corrupts itself
//   within a few calls (seen: "unreachable", empty strings read back);
// - after a borrowed JS value was pushed on the glue's value stack, which the
//   reset then empties under it;
// - after an old object's or closure's staleness was checked, so that a
//   method of a client made before the trap, or a callback of the old
//   instance, runs on the new instance with a pointer into the old one
//   (`free()` has no check at all).
// The patch calls the guard first in every function that calls it, checks
// staleness after it (methods already do, and throw; `free()` is made to),
// makes a callback of the old instance a no-op, and keeps it from freeing
// anything in the new one. Calling the guard twice is harmless: it resets once.
import { readFileSync, writeFileSync } from 'node:fs';

const path = process.argv[2];
let glue = readFileSync(path, 'utf8');
const GUARD = '__wbg_call_guard();';
const STALE = 'this.__wbg_inst !== undefined && this.__wbg_inst !== __wbg_instance_id';
const header = /^(\s*)(?:(?:export\s+)?(?:async\s+)?function\s+[\w$]+\s*\([^)]*\)|(?:(?:static|get|set)\s+)?(?!if\b|for\b|while\b|switch\b|catch\b)[\w$]+\s*\([^)]*\))\s*\{\s*$/;

// The package's module calls `schedule_reinit` (src/js.rs): its glue must
// have the guard. Glue without it (a renamed guard, another wasm-bindgen)
// fails the build rather than ship unpatched.
if (!glue.includes('function __wbg_call_guard')) {
  console.error('patch-reinit-guard: no `function __wbg_call_guard` in this glue: the reinit guard was renamed or removed; review the patch before shipping');
  process.exit(1);
}

let patched = 0;
function fail(what) {
  throw new Error(`patch-reinit-guard: ${what} not found: the glue of this wasm-bindgen version differs; review the patch`);
}

// 1. The guard first, in every function that calls it.
const lines = glue.split('\n');
const out = [];
for (let i = 0; i < lines.length; i++) {
  out.push(lines[i]);
  const m = header.exec(lines[i]);
  if (!m || lines[i].includes('function __wbg_call_guard')) continue;
  // Does this function call the guard (before its closing line at the same indent)?
  let calls = false;
  for (let j = i + 1; j < lines.length; j++) {
    if (lines[j].startsWith(`${m[1]}}`)) break;
    if (lines[j].includes(GUARD)) {
      calls = true;
      break;
    }
  }
  if (!calls) continue;
  const isFree = /^\s*free\s*\(\)/.test(lines[i]);
  out.push(`${m[1]}    ${GUARD}`);
  // `free()` of an object of the old instance: nothing of it is in this one.
  if (isFree) out.push(`${m[1]}    if (${STALE}) return;`);
  patched++;
}
glue = out.join('\n');
// Every call of the guard must now have one at the start of its function.
const calls = lines.filter((l) => l.includes(GUARD)).length;
if (patched !== calls) fail(`the functions of all ${calls} calls of the guard (found ${patched})`);

// 2. Closures: the guard before their staleness check, and a callback of
// the stopped instance (a request's answer, say) does nothing instead of
// throwing into the page; an old closure frees nothing in the new instance.
const closureCheck = "if (state.instance !== __wbg_instance_id) {\n            throw new Error('Cannot invoke closure from previous WASM instance');";
if (!glue.includes(closureCheck)) fail('the closures\' staleness check');
glue = glue.replaceAll(closureCheck, `${GUARD}\n        if (state.instance !== __wbg_instance_id) {\n            return;`);
const unref = 'if (--state.cnt === 0) {';
if (!glue.includes(unref)) fail('the closures\' destructor');
glue = glue.replaceAll(unref, 'if (--state.cnt === 0 && state.instance === __wbg_instance_id) {');

writeFileSync(path, glue);
console.log(`patch-reinit-guard: the guard first in ${patched} functions and in the closures`);
