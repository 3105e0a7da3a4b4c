// Fails when the package the browser loads grows past the budget stored in
// size-budget.json (gzip -9 of the files loaded at import, as shipped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { repoRoot } from './harness.mjs';

const LOADED_AT_IMPORT = ['index.js', 'nango_frontend_wasm.js'];

test('the package stays within its size budget', async () => {
  const { pkg_gzip_bytes: budget } = JSON.parse(await readFile(join(repoRoot, 'size-budget.json'), 'utf8'));
  let total = 0;
  const parts = [];
  for (const file of LOADED_AT_IMPORT) {
    const size = gzipSync(await readFile(join(repoRoot, 'pkg', file)), { level: 9 }).length;
    parts.push(`${file} ${size}`);
    total += size;
  }
  assert.ok(total <= budget, `gzip total ${total} B > budget ${budget} B (${parts.join(', ')})`);
  console.log(`size: ${total} B gzip -9 of ${budget} B budget (${parts.join(', ')})`);
});
