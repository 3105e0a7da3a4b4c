#!/usr/bin/env bash
# `make bench`: what the module is made of (scripts/size-report.sh), then
# starts the dev server on loopback with a fresh database and runs
# bench/bench.mjs (ours vs @nangohq/frontend in Chromium, Firefox ESR and
# WebKitGTK, driven over WebDriver), under Xvfb for WebKitGTK and in a PID
# namespace of its own (what it starts ends with it).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/dev-server-lib.sh
. scripts/namespace-lib.sh
./scripts/size-report.sh
cargo build -q --release -p nango-dev-server
start_dev_server ./target/release/nango-dev-server "${NANGO_BENCH_PORT:-3023}" target/bench-server
# xvfb-run outside the namespace (it waits for a signal from Xvfb, which a
# namespace's first process does not get); it ends its own Xvfb by PID.
namespace_prefix isolate
xvfb-run -a -s "-screen 0 1280x1024x24" "${isolate[@]}" node bench/bench.mjs
