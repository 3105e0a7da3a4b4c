#!/usr/bin/env bash
# Builds the Rust example apps (examples/leptos-app and examples/yew-app,
# each a Cargo workspace of its own, on the crate) for wasm32, and writes
# wasm-bindgen's output (`--target web`) to each app's dist/, which the dev
# server serves with its page. Their builds are cached under
# target/<app>/ (seconds when nothing changed).
set -euo pipefail
cd "$(dirname "$0")/.."
for app in leptos-app yew-app; do
  cargo build --quiet --locked --manifest-path "examples/$app/Cargo.toml" --target wasm32-unknown-unknown --target-dir "target/$app"
  wasm-bindgen --target web --no-typescript --out-dir "examples/$app/dist" \
    "target/$app/wasm32-unknown-unknown/debug/$app.wasm"
  echo "examples/$app/dist built ($(wc -c < "examples/$app/dist/${app}_bg.wasm") B of wasm)"
done
