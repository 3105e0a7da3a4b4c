#!/usr/bin/env bash
# What the npm package's WebAssembly module is made of: builds the module as
# scripts/build-pkg.sh does but keeping function names (target/size), and
# writes twiggy's per-crate shares of its code to target/size/report.md
# (bench/bench.mjs puts them in BENCHMARKS.md). Installs twiggy if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
command -v twiggy >/dev/null 2>&1 || cargo install twiggy --version 0.8.0

OUT=target/size
FEATURES="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types"
# Names kept: no `strip`, and the target-features section dropped before
# wasm-bindgen (which would otherwise read reference types from the std's).
CARGO_PROFILE_RELEASE_STRIP=false \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=-reference-types -C link-arg=-zstack-size=131072" \
  cargo build -q --release --target wasm32-unknown-unknown -p nango-frontend-npm --target-dir "$OUT"
node_modules/.bin/wasm-opt -g --strip-dwarf --strip-target-features $FEATURES \
  "$OUT/wasm32-unknown-unknown/release/nango_frontend_npm.wasm" -o "$OUT/named.wasm"
rm -rf "$OUT/bindgen" && mkdir -p "$OUT/bindgen"
wasm-bindgen --target web --omit-default-module-path --out-dir "$OUT/bindgen" --out-name nango_frontend "$OUT/named.wasm"
node_modules/.bin/wasm-opt -g -Oz $FEATURES "$OUT/bindgen/nango_frontend_bg.wasm" -o "$OUT/opt.wasm"
twiggy top -n 1000000 --format csv "$OUT/opt.wasm" > "$OUT/top.csv"
node scripts/size-shares.mjs "$OUT/top.csv" > target/size/report.md
cat target/size/report.md
