#!/usr/bin/env bash
# Builds the npm package into pkg/: the release wasm (size profile, no
# default features: the pure modules and the exports of src/js/abi.rs, no
# binding glue), wasm-opt -Oz, embedded in a JS module, then the entry
# (minified), types and README from pkg-template/.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM=target/wasm32-unknown-unknown/release/nango_frontend.wasm
OUT=pkg

# Without reference types: wasm-opt 108 writes reference-type tables in a
# form browsers now refuse. A 128 KB stack instead of the
# default 1 MB (the deepest recursion is the JSON reader's, at most 128
# levels): the module then starts with 3 pages of memory instead of 17.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=-reference-types -C link-arg=-zstack-size=131072" \
  cargo build --release --target wasm32-unknown-unknown -p nango-frontend --no-default-features --features npm-package
rm -rf "$OUT"
mkdir -p "$OUT"
# Functions reordered (most called first) and the passes run until nothing
# changes: about 0.1 KB less once compressed.
wasm-opt -Oz --reorder-functions --converge \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
  --strip-debug --strip-producers --strip-target-features \
  "$WASM" -o "$OUT/nango_frontend_bg.wasm"
# The module is shipped inside a JS module, gzip-compressed and base64-encoded
# (decompressed by the browser with DecompressionStream): importing the package
# then needs no second, serial request for a .wasm file, and every bundler
# handles it as plain JavaScript (no asset configuration). The gzip stream is
# Zopfli's (Debian's zopfli): the same format, 5-6% smaller than zlib's level 9,
# and what goes over the wire whatever encoding the server adds around it.
zopfli -c "$OUT/nango_frontend_bg.wasm" > "$OUT/nango_frontend_bg.wasm.gz"
node -e '
const fs = require("fs");
const b64 = fs.readFileSync(process.argv[1] + ".gz").toString("base64");
fs.writeFileSync(process.argv[2],
  "// The WebAssembly module (nango_frontend_bg.wasm), gzip + base64.\n" +
  "const gzipBase64 = \"" + b64 + "\";\n" +
  "/** The module as a streaming Response, for WebAssembly.instantiateStreaming. */\n" +
  "export function wasmResponse() {\n" +
  "  const bytes = Uint8Array.fromBase64 ? Uint8Array.fromBase64(gzipBase64) : Uint8Array.from(atob(gzipBase64), (c) => c.charCodeAt(0));\n" +
  "  const wasm = new Response(bytes).body.pipeThrough(new DecompressionStream(\"gzip\"));\n" +
  "  return new Response(wasm, { headers: { \"content-type\": \"application/wasm\" } });\n" +
  "}\n");
' "$OUT/nango_frontend_bg.wasm" "$OUT/nango_frontend_wasm.js"
# The entry minified (its source, with comments, is pkg-template/index.js).
node_modules/.bin/esbuild pkg-template/index.js --minify --format=esm --log-level=warning --outfile="$OUT/index.js"
cp pkg-template/index.d.ts pkg-template/package.json pkg-template/README.md "$OUT/"
cp LICENSE-MIT LICENSE-APACHE "$OUT/"

wasm_bytes=$(wc -c < "$OUT/nango_frontend_bg.wasm")
wasm_gzip=$(gzip -9c "$OUT/nango_frontend_bg.wasm" | wc -c)
embedded_gzip=$(gzip -9c "$OUT/nango_frontend_wasm.js" | wc -c)
# Only the embedded copy ships (the .wasm stays out of the package's files).
rm "$OUT/nango_frontend_bg.wasm" "$OUT/nango_frontend_bg.wasm.gz"
echo "pkg/ built: .wasm ${wasm_bytes} B (${wasm_gzip} B gzip -9), embedded in nango_frontend_wasm.js (${embedded_gzip} B gzip -9)"
