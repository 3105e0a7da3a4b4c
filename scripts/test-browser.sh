#!/usr/bin/env bash
# Browser tests: starts the dev server on loopback with a fresh database, then
# runs the Rust API's tests in headless Chromium (wasm-bindgen-test) and the
# npm package's tests (playwright-core, node:test), and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/dev-server-lib.sh
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
cargo build -q -p nango-dev-server
start_dev_server ./target/debug/nango-dev-server "${NANGO_TEST_PORT:-3013}" target/test-browser

echo "== Rust API in headless Chromium (wasm-pack test, wasm-bindgen-test)"
# The way Rust/wasm crates are tested: wasm-pack test drives Chromium through
# chromedriver (webdriver.json holds its flags). The WebDriver session can
# leave its Chromium running after the OAuth tests (their popups still
# closing when it ends): run it in a session of its own, then end whatever
# is left of that session.
status=0
setsid -w bash -c 'echo $$ > target/test-browser/wasm-tests.sid; exec wasm-pack --log-level warn test --headless --chrome -- --test web --test web_oauth' || status=$?
pkill -s "$(cat target/test-browser/wasm-tests.sid)" 2>/dev/null || true
# chromedriver starts Chromium in a session of its own: end what it left.
pkill -f -- '--test-type=webdriver' 2>/dev/null || true
[ "$status" -eq 0 ] || exit "$status"

echo "== npm package in headless Chromium (playwright-core)"
node --test --test-concurrency=1 tests/js/
