#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm (size profile), wasm-bindgen
# glue (ES module, --target web), wasm-opt -Oz, then the hand-written entry,
# types and README from pkg-template/.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM=target/wasm32-unknown-unknown/release/nango_frontend.wasm
OUT=pkg

# Without reference types (see `strip` in Cargo.toml): wasm-opt 108 cannot
# write externref tables that browsers accept.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=-reference-types" \
  cargo build --release --target wasm32-unknown-unknown -p nango-frontend --features npm-package
rm -rf "$OUT"
mkdir -p "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" --out-name nango_frontend "$WASM" 2> >(grep -v "target_features" >&2)
wasm-opt -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
  --strip-debug --strip-producers \
  "$OUT/nango_frontend_bg.wasm" -o "$OUT/nango_frontend_bg.wasm"
# The same module, gzip-compressed and base64-encoded, for bundlers that do
# not copy the .wasm file; decompressed by the browser (DecompressionStream).
node -e '
const fs = require("fs");
const zlib = require("zlib");
const b64 = zlib.gzipSync(fs.readFileSync(process.argv[1]), { level: 9 }).toString("base64");
fs.writeFileSync(process.argv[2],
  "// The WebAssembly module, gzip + base64 (loaded only when the .wasm file cannot be fetched).\n" +
  "const s = atob(\"" + b64 + "\");\n" +
  "const b = new Uint8Array(s.length);\n" +
  "for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);\n" +
  "const wasm = new Blob([b]).stream().pipeThrough(new DecompressionStream(\"gzip\"));\n" +
  "export default new Response(wasm, { headers: { \"content-type\": \"application/wasm\" } });\n");
' "$OUT/nango_frontend_bg.wasm" "$OUT/nango_frontend_bg_inline.js"
cp pkg-template/index.js pkg-template/index.d.ts pkg-template/auth_error.js pkg-template/package.json pkg-template/README.md "$OUT/"
cp LICENSE-MIT LICENSE-APACHE "$OUT/"

wasm_bytes=$(wc -c < "$OUT/nango_frontend_bg.wasm")
wasm_gzip=$(gzip -9c "$OUT/nango_frontend_bg.wasm" | wc -c)
echo "pkg/ built: nango_frontend_bg.wasm ${wasm_bytes} B (${wasm_gzip} B gzip -9)"
