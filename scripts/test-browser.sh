#!/usr/bin/env bash
# Browser tests: starts the dev server on loopback with a fresh database, then
# runs the Rust API's tests in headless Chromium (wasm-bindgen-test) and the
# npm package's tests (playwright-core, node:test), and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${NANGO_TEST_PORT:-3013}
export NANGO_DEV_SERVER_URL="http://127.0.0.1:${PORT}"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
workdir=target/test-browser
rm -rf "$workdir" && mkdir -p "$workdir"

cargo build -q -p nango-dev-server
./target/debug/nango-dev-server --port "$PORT" --db "$workdir/nango.db" --root . > "$workdir/dev-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if curl -s -o /dev/null "$NANGO_DEV_SERVER_URL/connect/session"; then break; fi
  sleep 0.1
done

echo "== Rust API in headless Chromium (wasm-bindgen-test)"
cargo test -p nango-frontend --target wasm32-unknown-unknown --test web --test web_oauth

echo "== npm package in headless Chromium (playwright-core)"
node --test --test-concurrency=1 tests/js/
