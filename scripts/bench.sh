#!/usr/bin/env bash
# `make bench`: starts the dev server on loopback with a fresh database and
# runs bench/bench.mjs (ours vs @nangohq/frontend in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${NANGO_BENCH_PORT:-3023}
export NANGO_DEV_SERVER_URL="http://127.0.0.1:${PORT}"
workdir=target/bench-server
rm -rf "$workdir" && mkdir -p "$workdir"
cargo build -q --release -p nango-dev-server
./target/release/nango-dev-server --port "$PORT" --db "$workdir/nango.db" --root . > "$workdir/dev-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if curl -s -o /dev/null "$NANGO_DEV_SERVER_URL/connect/session"; then break; fi
  sleep 0.1
done
node bench/bench.mjs
