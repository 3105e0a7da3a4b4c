#!/usr/bin/env bash
# Builds the npm package into pkg/: the crate compiled to WebAssembly with
# its JavaScript API (the npm/ crate: feature `js`, and its allocator),
# wasm-bindgen's glue for it,
# wasm-opt -Oz, the module embedded in a JS module, then one minified entry
# (pkg-template/index.js + the glue + AuthError), types and README.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM=target/wasm32-unknown-unknown/release/nango_frontend_npm.wasm
BUILD=target/npm-build
OUT=pkg
# `--test-hooks`: the test build (short default timeouts, a panic on
# demand: `--cfg nango_test_hooks`, which no feature can set), compiled in
# a target directory of its own, into target/pkg-test-hooks; never published.
CFG=
TARGET_DIR=target
if [ "${1:-}" = --test-hooks ]; then
  BUILD=target/npm-build-test-hooks
  OUT=target/pkg-test-hooks
  CFG="--cfg nango_test_hooks"
  TARGET_DIR=target/test-hooks
  WASM=$TARGET_DIR/wasm32-unknown-unknown/release/nango_frontend_npm.wasm
fi

# Without reference types: with them, wasm-bindgen keeps JS values in an
# externref table, which measured 0.8 KB gzip larger (module + glue). A
# 128 KB stack instead of the default 1 MB: the module then starts with
# 4 pages of memory instead of 17.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=-reference-types -C link-arg=-zstack-size=131072 $CFG" \
  cargo build --release --target wasm32-unknown-unknown -p nango-frontend-npm --target-dir "$TARGET_DIR"
rm -rf "$BUILD" "$OUT"
mkdir -p "$BUILD" "$OUT"
# The glue for `--target web`, without its default `new URL('…_bg.wasm',
# import.meta.url)` (bundlers would look for that file): the entry hands
# the module over itself. wasm-opt is binaryen 132 from npm (devDependency):
# 1 KB gzip smaller than Debian's binaryen 108.
wasm-bindgen --target web --omit-default-module-path --out-dir "$BUILD" --out-name nango_frontend "$WASM"
# The glue's reinit guard, made to run first (see the script: as generated,
# a fresh instance made after a trap corrupts its own stack).
node scripts/patch-reinit-guard.mjs "$BUILD/nango_frontend.js"
node_modules/.bin/wasm-opt -Oz --converge \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
  --strip-debug --strip-producers --strip-target-features \
  "$BUILD/nango_frontend_bg.wasm" -o "$BUILD/nango_frontend_bg.opt.wasm"
# The module is shipped inside a JS module, gzip-compressed and base64-encoded
# (gunzipped by the browser's DecompressionStream, or by fflate where it is
# missing): importing the package then needs no second, serial request for a
# .wasm file, and every bundler handles it as plain JavaScript (no asset
# configuration). The gzip stream is Zopfli's (Debian's zopfli): the same
# format, 5-6% smaller than zlib's level 9.
zopfli -c "$BUILD/nango_frontend_bg.opt.wasm" > "$BUILD/nango_frontend_bg.wasm.gz"
node -e '
const fs = require("fs");
const b64 = fs.readFileSync(process.argv[1]).toString("base64");
fs.writeFileSync(process.argv[2],
  "// The WebAssembly module (nango_frontend_bg.wasm), gzip + base64.\n" +
  "const gzipBase64 = \"" + b64 + "\";\n" +
  "/** The gzip-compressed module. */\n" +
  "export function gzipBytes() {\n" +
  "  return Uint8Array.fromBase64 ? Uint8Array.fromBase64(gzipBase64) : Uint8Array.from(atob(gzipBase64), (c) => c.charCodeAt(0));\n" +
  "}\n");
' "$BUILD/nango_frontend_bg.wasm.gz" "$OUT/nango_frontend_wasm.js"
# fflate's gunzip, for browsers without DecompressionStream (loaded only there).
echo "export { gunzipSync } from 'fflate';" > "$BUILD/gunzip.js"
node_modules/.bin/esbuild "$BUILD/gunzip.js" --bundle --minify --format=esm --target=es2020 \
  --banner:js="/*! fflate $(node -p 'require("fflate/package.json").version') (c) Arjun Barrett, MIT License (LICENSE-fflate) */" \
  --log-level=warning --outfile="$OUT/gunzip.js"
cp node_modules/fflate/LICENSE "$OUT/LICENSE-fflate"
# One entry: the hand-written JS (pkg-template/), with the glue it imports,
# bundled and minified; the embedded module stays a file of its own.
cp pkg-template/index.js pkg-template/auth_error.js "$BUILD/"
node_modules/.bin/esbuild "$BUILD/index.js" --bundle --minify --format=esm --target=es2022 \
  --external:./nango_frontend_wasm.js --external:./gunzip.js --log-level=warning --outfile="$OUT/index.js"
cp pkg-template/index.d.ts pkg-template/package.json pkg-template/README.md "$OUT/"
cp LICENSE-MIT LICENSE-APACHE "$OUT/"

wasm_bytes=$(wc -c < "$BUILD/nango_frontend_bg.opt.wasm")
wasm_gzip=$(gzip -9c "$BUILD/nango_frontend_bg.opt.wasm" | wc -c)
entry_gzip=$(gzip -9c "$OUT/index.js" | wc -c)
embedded_gzip=$(gzip -9c "$OUT/nango_frontend_wasm.js" | wc -c)
gunzip_gzip=$(gzip -9c "$OUT/gunzip.js" | wc -c)
echo "$OUT/ built: .wasm ${wasm_bytes} B (${wasm_gzip} B gzip -9), embedded in nango_frontend_wasm.js (${embedded_gzip} B gzip -9); index.js ${entry_gzip} B gzip -9; gunzip.js (only without DecompressionStream) ${gunzip_gzip} B gzip -9"
