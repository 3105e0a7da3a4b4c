#!/usr/bin/env bash
# `make bench`: what the module is made of (scripts/size-report.sh), then
# starts the dev server on loopback with a fresh database and runs
# bench/bench.mjs (ours vs @nangohq/frontend in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/dev-server-lib.sh
./scripts/size-report.sh
cargo build -q --release -p nango-dev-server
start_dev_server ./target/release/nango-dev-server "${NANGO_BENCH_PORT:-3023}" target/bench-server
node bench/bench.mjs
