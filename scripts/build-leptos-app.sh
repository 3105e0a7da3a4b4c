#!/usr/bin/env bash
# Builds the Leptos example (examples/leptos-app, a Cargo workspace of its
# own) for wasm32 and writes wasm-bindgen's output (`--target web`) to
# examples/leptos-app/dist/, which the dev server serves with the page.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --locked --manifest-path examples/leptos-app/Cargo.toml --target wasm32-unknown-unknown --target-dir target/leptos-app
wasm-bindgen --target web --no-typescript --out-dir examples/leptos-app/dist \
  target/leptos-app/wasm32-unknown-unknown/debug/leptos-app.wasm
echo "examples/leptos-app/dist built ($(wc -c < examples/leptos-app/dist/leptos-app_bg.wasm) B of wasm)"
